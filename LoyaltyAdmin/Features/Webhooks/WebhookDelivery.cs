namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>
/// Queued: waits for an earlier delivery of the same member to the same endpoint. Pending: due at its next attempt.
/// Succeeded: a 2xx came back. Failed: given up (retried for a day, a 410, or a test event's one attempt).
/// </summary>
public enum WebhookDeliveryStatus { Queued, Pending, Succeeded, Failed }

/// <summary>
/// One event for one endpoint, with its attempts so far. Claimed by one app instance at a time through a lease
/// (<see cref="LeasedUntilUtc"/>, <see cref="LeasedBy"/>) taken by a conditional update, so an attempt in flight is never
/// sent twice and an instance that dies mid-attempt hands it over when the lease runs out.
/// </summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public int EndpointId { get; set; }

    /// <summary>The outbox event's sequence; null for a test event.</summary>
    public long? Sequence { get; set; }

    public long? MemberId { get; set; }
    public string EventType { get; set; } = "";

    /// <summary>Business time of the event.</summary>
    public DateTime OccurredAtUtc { get; set; }

    /// <summary>When it was queued for this endpoint.</summary>
    public DateTime CreatedAtUtc { get; set; }

    public WebhookDeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime NextAttemptAtUtc { get; set; }

    /// <summary>The first attempt since it was queued or replayed: retries stop a day after it.</summary>
    public DateTime? FirstAttemptAtUtc { get; set; }

    public DateTime? LastAttemptAtUtc { get; set; }
    public int? LastStatusCode { get; set; }
    public int? LastLatencyMs { get; set; }

    /// <summary>What went wrong without an HTTP answer: timeout, connection refused, a refused address.</summary>
    public string? LastError { get; set; }

    /// <summary>The start of the receiver's answer, for the log.</summary>
    public string? LastResponse { get; set; }

    public DateTime? ReplayedAtUtc { get; set; }
    public DateTime? LeasedUntilUtc { get; set; }
    public string? LeasedBy { get; set; }

    public bool IsTest => Sequence is null;
}
