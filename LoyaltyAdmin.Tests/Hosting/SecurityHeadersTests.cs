using System.Net;
using System.Net.Http.Json;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Features.Api;
using LoyaltyAdmin.Tests.Features.Members;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Hosting;

public sealed class SecurityHeadersTests : IClassFixture<ApiTestHost>
{
    private readonly ApiTestHost api;

    public SecurityHeadersTests(ApiTestHost api) => this.api = api;

    [Theory]
    [InlineData("/Account/Login", HttpStatusCode.OK)]
    [InlineData("/api/docs", HttpStatusCode.Found)]
    [InlineData("/api/docs/", HttpStatusCode.OK)]
    [InlineData("/openapi/v1.json", HttpStatusCode.OK)]
    [InlineData("/api/v1/members/13800000001", HttpStatusCode.Unauthorized)]
    [InlineData("/api/v1/no-such-thing", HttpStatusCode.NotFound)]
    [InlineData("/no/such/page", HttpStatusCode.NotFound)]
    [InlineData("/health", HttpStatusCode.OK)]
    [InlineData("/brand/brand.css", HttpStatusCode.OK)]
    public async Task EveryAnswer_ForbidsSniffingForeignFramingAndReferrers(string path, HttpStatusCode status)
    {
        var response = await api.Client(null).GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
        Assert.Contains("frame-ancestors 'self'", Header(response, "Content-Security-Policy"));
        Assert.Equal("SAMEORIGIN", Header(response, "X-Frame-Options"));
    }

    [Fact]
    public async Task ApiAnswers_WithPersonalData_AreNeverStored()
    {
        var client = api.Client(api.KeyA);
        var registered = await api.RegisterAsync(client, "13800000077", name: "王小明");

        var member = await client.GetAsync("/api/v1/members/13800000077");
        var refused = await api.Client("not-a-key").GetAsync("/api/v1/members/13800000077");

        Assert.Equal(HttpStatusCode.OK, member.StatusCode);
        Assert.All(new[] { registered, member, refused }, r => Assert.True(r.Headers.CacheControl?.NoStore, r.RequestMessage!.RequestUri!.ToString()));
    }

    [Fact]
    public async Task Exports_AreNeverStored()
    {
        var owner = api.Host.CreateBrowserlessClient();
        await owner.SignInAsync(AppHost.OwnerEmail, AppHost.OwnerPassword);
        var job = await ReadyReportAsync();

        foreach (var path in new[] { "/members/export.xlsx", "/members/bulk/template.xlsx", "/programme/export", $"/reports/exports/{job.Id}" })
        {
            var response = await owner.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path}: Cache-Control {response.Headers.CacheControl}");
        }
    }

    [Fact]
    public async Task StaticAssets_KeepTheirOwnCachePolicy()
    {
        var response = await api.Client(null).GetAsync("/brand/brand.css");

        Assert.False(response.Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task Kestrel_SendsNoServerHeader()
    {
        await using var host = new AppHost();
        host.UseKestrel(0);
        host.StartServer();

        var response = await host.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Headers.Server);
    }

    private async Task<ExportJob> ReadyReportAsync()
    {
        await using var scope = api.Host.Services.CreateAsyncScope();
        var owner = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(AppHost.OwnerEmail);
        var queue = api.Host.Services.GetRequiredService<ReportExportQueue>();
        var ready = new TaskCompletionSource<ExportJob>(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Changed += job => { if (job.Status is ExportStatus.Ready or ExportStatus.Failed) ready.TrySetResult(job); };
        queue.Enqueue(MembersFixture.Actor(owner!.Id, AppHost.OwnerEmail, Roles.Owner), new ExportRequest(ReportKind.Tiers, ReportFilter.Month(202611)));
        var done = await ready.Task.WaitAsync(TimeSpan.FromSeconds(30)); // the host's background worker builds it
        Assert.Equal(ExportStatus.Ready, done.Status);
        return done;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : "";
}
