namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>A delivery claimed for one attempt, with what sending it needs: where, how to sign, and the event.</summary>
public sealed record ClaimedDelivery(long Id, int EndpointId, string Url, string ProtectedSecret, string? PreviousProtectedSecret,
    DateTime? PreviousSecretUntilUtc, long? Sequence, long? MemberId, string EventType, DateTime OccurredAtUtc, DateTime? RecordedAtUtc,
    string? Payload, string? Phone, int Attempts, DateTime? FirstAttemptAtUtc, string LeasedBy);

/// <summary>One attempt's outcome: an HTTP status, or an error without one (timeout, refused connection or address).</summary>
public sealed record AttemptResult(ClaimedDelivery Delivery, DateTime AttemptedAtUtc, int? StatusCode, int LatencyMs, string? Error, string? Response)
{
    public bool Succeeded => StatusCode is >= 200 and <= 299;
}

/// <summary>What the endpoint form edits.</summary>
public sealed class WebhookEndpointModel
{
    public string? Url { get; set; }
    public string? Description { get; set; }

    /// <summary>Every type, including those added later; otherwise <see cref="Types"/>.</summary>
    public bool AllTypes { get; set; } = true;

    public IReadOnlyCollection<string> Types { get; set; } = [];
    public bool Active { get; set; } = true;
}

public sealed record WebhookEndpointRow(int Id, string Url, string Description, IReadOnlyList<string>? Types, bool IsActive, DateTime CreatedAtUtc,
    string CreatedBy, DateTime SecretCreatedAtUtc, DateTime? PreviousSecretUntilUtc, DateTime? FailingSinceUtc, DateTime? LastSuccessAtUtc,
    DateTime? DisabledAtUtc, WebhookDisabledReason? DisabledReason, int Waiting);

public sealed record SavedEndpoint(Features.SaveResult Result, int? Id = null, string? Secret = null);

public sealed record DeliveryFilter(int EndpointId, WebhookDeliveryStatus? Status = null, string? EventType = null, DateTime? FromUtc = null, DateTime? ToUtc = null);

public sealed record DeliveryRow(long Id, string MessageId, string EventType, string? Phone, DateTime OccurredAtUtc, DateTime CreatedAtUtc,
    WebhookDeliveryStatus Status, int Attempts, DateTime? LastAttemptAtUtc, int? LastStatusCode, int? LastLatencyMs, string? LastError,
    string? LastResponse, DateTime NextAttemptAtUtc, DateTime? ReplayedAtUtc);

/// <summary>An endpoint the Owner must look at: disabled by the dispatcher, or failing now.</summary>
public sealed record WebhookAlertRow(int Id, string Url, WebhookDisabledReason? DisabledReason, DateTime? DisabledAtUtc, DateTime? FailingSinceUtc);
