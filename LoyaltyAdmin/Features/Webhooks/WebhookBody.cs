using System.Buffers;
using System.Text;
using System.Text.Json;

namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>
/// The JSON body of a delivery, schema version 1 (docs/webhooks.md): the message id, the event type, its business time
/// (<c>timestamp</c>) and recorded time, the member's phone as it is now (an erased member's is anonymised) and the event's data.
/// </summary>
public static class WebhookBody
{
    public const int Version = 1;
    public const string TestType = "webhook.test";

    /// <summary>The <c>webhook-id</c>: the same for every attempt and replay of one event, so a receiver can drop repeats.</summary>
    public static string MessageId(ClaimedDelivery delivery) => delivery.Sequence is { } sequence ? $"evt_{sequence}" : $"test_{delivery.Id}";

    public static string Write(ClaimedDelivery delivery, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>(512 + (delivery.Payload?.Length ?? 0));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", MessageId(delivery));
            json.WriteString("type", delivery.EventType);
            json.WriteNumber("version", Version);
            json.WriteString("timestamp", delivery.OccurredAtUtc);
            json.WriteString("recordedAt", delivery.RecordedAtUtc ?? now.UtcDateTime);
            if (delivery.Phone is { } phone)
                json.WriteString("phone", phone);
            else
                json.WriteNull("phone");
            json.WritePropertyName("data");
            if (delivery.Payload is { } payload)
                json.WriteRawValue(payload, skipInputValidation: true); // the outbox's own JSON
            else
            {
                json.WriteStartObject();
                json.WriteString("message", "A test event from LoyaltyAdmin: this endpoint is reachable and can check signatures.");
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
