using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>
/// One attempt: the body, its Standard Webhooks headers (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>),
/// a POST with a 10 s timeout, and what came back (status, latency, the start of the answer).
/// </summary>
public sealed class WebhookSender(IHttpClientFactory clients, WebhookSecrets secrets, TimeProvider clock)
{
    public const string ClientName = "webhooks";
    public const int ExcerptLength = 500;
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly ProductInfoHeaderValue UserAgent = new("LoyaltyAdmin-Webhooks", WebhookBody.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public async Task<AttemptResult> SendAsync(ClaimedDelivery delivery, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var id = WebhookBody.MessageId(delivery);
            var body = WebhookBody.Write(delivery, now);
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            request.Headers.Add("webhook-id", id);
            request.Headers.Add("webhook-timestamp", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("webhook-signature", secrets.Sign(delivery, id, now, body));
            request.Headers.UserAgent.Add(UserAgent);
            using var response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var excerpt = await ExcerptAsync(response.Content, ct);
            return new AttemptResult(delivery, now.UtcDateTime, (int)response.StatusCode, Elapsed(started), null, excerpt);
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptResult(delivery, now.UtcDateTime, null, Elapsed(started), $"no answer within {Timeout.TotalSeconds:0} s", null);
        }
        catch (HttpRequestException ex)
        {
            var message = ex.InnerException is WebhookAddressRefusedException refused ? refused.Message : ex.Message;
            return new AttemptResult(delivery, now.UtcDateTime, null, Elapsed(started), Truncate(message, 200), null);
        }
        catch (Exception ex) when (ex is InvalidOperationException or UriFormatException or System.Security.Cryptography.CryptographicException)
        {
            return new AttemptResult(delivery, now.UtcDateTime, null, Elapsed(started), Truncate(ex.Message, 200), null);
        }
    }

    private static int Elapsed(long started) => (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

    /// <summary>The first characters of the answer; the rest is not read.</summary>
    private static async Task<string?> ExcerptAsync(HttpContent content, CancellationToken ct)
    {
        var buffer = new byte[ExcerptLength * 4];
        await using var stream = await content.ReadAsStreamAsync(ct);
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0)
            read += n;
        return read == 0 ? null : Truncate(Encoding.UTF8.GetString(buffer, 0, read), ExcerptLength);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
