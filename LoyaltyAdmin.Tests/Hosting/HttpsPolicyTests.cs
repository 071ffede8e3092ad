using System.Net;
using System.Text.Json;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace LoyaltyAdmin.Tests.Hosting;

/// <summary>
/// The real app host (environment "Testing", so not Development), with requests made through the test server's connection
/// info: a client address and a scheme as Kestrel would report them, and the proxy headers a balancer would add.
/// </summary>
public sealed class HttpsPolicyTests : IAsyncLifetime
{
    private const string Remote = "203.0.113.7", Proxy = "10.0.0.5";
    private readonly AppHost host = new(settings: new Dictionary<string, string?>
    {
        ["ForwardedHeaders:Enabled"] = "true",
        ["ForwardedHeaders:KnownProxies"] = Proxy,
    });

    public Task InitializeAsync()
    {
        host.CreateBrowserlessClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("/api/v1/members/13800000001")]
    [InlineData("/api/docs/")]
    public async Task PlainHttp_FromAnotherMachine_ToTheApi_IsRefusedAsAProblem(string path)
    {
        var answer = await SendAsync(host, path, Remote);

        Assert.Equal(StatusCodes.Status403Forbidden, answer.Status);
        Assert.StartsWith("application/problem+json", answer.ContentType);
        Assert.Equal("https_required", JsonDocument.Parse(answer.Body).RootElement.GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("en", "reached over HTTPS only: open https://shop.example/Account/Login")]
    [InlineData("zh-Hans", "只能通过 HTTPS 访问：请打开 https://shop.example/Account/Login")]
    public async Task PlainHttp_FromAnotherMachine_ToTheConsole_IsRefused_SayingWhereToGo(string language, string text)
    {
        var answer = await SendAsync(host, "/Account/Login", Remote, headers: new() { ["Accept-Language"] = language });

        Assert.Equal(StatusCodes.Status403Forbidden, answer.Status);
        Assert.Contains(text, answer.Body);
        Assert.DoesNotContain("Input.Password", answer.Body);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task PlainHttp_FromThisMachine_IsServed_WithoutHsts(string address)
    {
        var answer = await SendAsync(host, "/Account/Login", address);

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Null(answer.Hsts);
    }

    [Fact]
    public async Task Https_FromAnotherMachine_IsServed_WithHsts()
    {
        var answer = await SendAsync(host, "/Account/Login", Remote, scheme: "https");

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Equal("max-age=31536000", answer.Hsts);
    }

    [Fact]
    public async Task TlsEndedAtAKnownProxy_IsServed_WithHsts()
    {
        var answer = await SendAsync(host, "/Account/Login", Proxy, headers: new() { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = Remote });

        Assert.Equal(StatusCodes.Status200OK, answer.Status);
        Assert.Equal("max-age=31536000", answer.Hsts);
    }

    [Fact]
    public async Task PlainHttp_ThroughAKnownProxy_IsRefused()
    {
        var answer = await SendAsync(host, "/api/v1/members/13800000001", Proxy, headers: new() { ["X-Forwarded-Proto"] = "http", ["X-Forwarded-For"] = Remote });

        Assert.Equal(StatusCodes.Status403Forbidden, answer.Status);
    }

    [Fact]
    public async Task ForwardedHttps_FromAnUnknownAddress_IsNotBelieved()
    {
        var answer = await SendAsync(host, "/api/v1/members/13800000001", Remote, headers: new() { ["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = "198.51.100.1" });

        Assert.Equal(StatusCodes.Status403Forbidden, answer.Status);
    }

    [Fact]
    public async Task ForwardedHttps_IsNotBelieved_UnlessForwardedHeadersAreEnabled()
    {
        await using var plain = new AppHost(settings: new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies"] = Proxy });
        plain.CreateBrowserlessClient().Dispose();

        var answer = await SendAsync(plain, "/Account/Login", Proxy, headers: new() { ["X-Forwarded-Proto"] = "https" });

        Assert.Equal(StatusCodes.Status403Forbidden, answer.Status);
    }

    [Fact]
    public async Task HealthProbes_OverPlainHttp_AreAnswered()
    {
        var answer = await SendAsync(host, "/health", Remote);

        Assert.Equal((StatusCodes.Status200OK, "Healthy"), (answer.Status, answer.Body));
    }

    private sealed record Answer(int Status, string? ContentType, string Body, string? Hsts);

    private static async Task<Answer> SendAsync(AppHost app, string path, string from, string scheme = "http", Dictionary<string, string>? headers = null)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Scheme = scheme;
            c.Request.Host = new HostString("shop.example");
            c.Request.Path = path;
            c.Connection.RemoteIpAddress = IPAddress.Parse(from);
            foreach (var (name, value) in headers ?? [])
                c.Request.Headers[name] = value;
        });
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        var hsts = context.Response.Headers.StrictTransportSecurity;
        return new Answer(context.Response.StatusCode, context.Response.ContentType, body, hsts.Count == 0 ? null : hsts.ToString());
    }
}
