using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoyaltyAdmin.Tests.Features.Webhooks;

/// <summary>One request the receiver answered with a 2xx, with whether its signature verified.</summary>
public sealed record Received(string Id, long Timestamp, string Body, bool SignatureValid, int SignatureCount, JsonElement Json)
{
    public string Type => Json.GetProperty("type").GetString()!;
    public string? Phone => Json.GetProperty("phone").GetString();
}

/// <summary>
/// A small webhook receiver on loopback, as a merchant would write one from docs/webhooks.md: it verifies
/// <c>webhook-signature</c> with the published algorithm (HMAC-SHA256 over <c>id.timestamp.body</c>, keyed by the base64
/// bytes after <c>whsec_</c>), not with the app's signing code. <see cref="Answer"/> decides the status it returns.
/// </summary>
public sealed class TestReceiver : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestReceiver(WebApplication app) => this.app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>The secrets it accepts (whsec_…); a rotation's overlap may sign with either.</summary>
    public List<string> Secrets { get; } = [];

    /// <summary>The status to answer; 200 unless a test changes it (503 while "down").</summary>
    public Func<Received, int> Answer { get; set; } = _ => 200;

    public string Url { get; private set; } = "";

    /// <summary>How long it takes to answer, to widen the window in which a second sender could overlap.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Requests for a message id that arrived while another for the same id was still being answered.</summary>
    public int Overlaps;

    private readonly ConcurrentDictionary<string, byte> answering = new();

    /// <summary>Requests whose signature did not verify (answered 401).</summary>
    public int BadSignatures;

    public static async Task<TestReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new TestReceiver(app);
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var id = request.Headers["webhook-id"].ToString();
            var timestamp = request.Headers["webhook-timestamp"].ToString();
            var signatures = request.Headers["webhook-signature"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var valid = receiver.Secrets.Any(secret => signatures.Contains("v1," + Sign(secret, id, timestamp, body)));
            var received = new Received(id, long.Parse(timestamp, System.Globalization.CultureInfo.InvariantCulture), body, valid, signatures.Length,
                JsonDocument.Parse(body).RootElement.Clone());
            if (!valid)
                Interlocked.Increment(ref receiver.BadSignatures);
            if (!receiver.answering.TryAdd(id, 0))
                Interlocked.Increment(ref receiver.Overlaps);
            if (receiver.Delay > TimeSpan.Zero)
                await Task.Delay(receiver.Delay);
            receiver.answering.TryRemove(id, out _);
            var status = valid ? receiver.Answer(received) : 401;
            if (status is >= 200 and <= 299)
                receiver.Requests.Enqueue(received);
            return Results.Text(status is >= 200 and <= 299 ? "ok" : "no", statusCode: status);
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    /// <summary>The Standard Webhooks signature, written from the spec: base64(HMAC-SHA256(key, "id.timestamp.body")).</summary>
    public static string Sign(string secret, string id, string timestamp, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }

    public async ValueTask DisposeAsync() => await app.DisposeAsync();
}
