using LoyaltyAdmin.Data;

namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>Why an endpoint stopped receiving: the Owner's choice, or the dispatcher's after the receiver said so or kept failing.</summary>
public enum WebhookDisabledReason { Owner, Gone, Failing }

/// <summary>
/// A receiver of the merchant's business events: an address, the event types it wants and a signing secret. The secret is
/// stored encrypted (ASP.NET Data Protection, keys in the database) because every delivery is signed with it; during a
/// rotation's overlap the previous secret signs too, so a receiver can switch over without missing a message.
/// </summary>
public sealed class WebhookEndpoint
{
    /// <summary>The subscription to every type, including types added later.</summary>
    public const string AllTypes = "*";

    private WebhookEndpoint() { }

    public int Id { get; private set; }
    public string Url { get; private set; } = "";
    public string Description { get; private set; } = "";

    /// <summary><see cref="AllTypes"/>, or the subscribed types separated by spaces.</summary>
    public string EventTypes { get; private set; } = AllTypes;

    public bool IsActive { get; private set; }
    public string ProtectedSecret { get; private set; } = "";
    public string? PreviousProtectedSecret { get; private set; }

    /// <summary>Until when the previous secret still signs (the rotation's overlap).</summary>
    public DateTime? PreviousSecretUntilUtc { get; private set; }

    public DateTime SecretCreatedAtUtc { get; private set; }
    public DateTime CreatedAtUtc { get; private set; }
    public string CreatedBy { get; private set; } = "";

    /// <summary>The first failed attempt since the last success; cleared by any success.</summary>
    public DateTime? FailingSinceUtc { get; private set; }

    public DateTime? LastSuccessAtUtc { get; private set; }
    public DateTime? DisabledAtUtc { get; private set; }
    public WebhookDisabledReason? DisabledReason { get; private set; }

    public static WebhookEndpoint Create(string url, string description, IReadOnlyCollection<string>? types, bool active, string protectedSecret,
        string createdBy, DateTime nowUtc) => new()
    {
        Url = url, Description = description, EventTypes = Format(types), IsActive = active, ProtectedSecret = protectedSecret,
        SecretCreatedAtUtc = nowUtc, CreatedAtUtc = nowUtc, CreatedBy = createdBy,
        DisabledAtUtc = active ? null : nowUtc, DisabledReason = active ? null : WebhookDisabledReason.Owner,
    };

    /// <summary>Null when the endpoint takes every type (<see cref="AllTypes"/>).</summary>
    public IReadOnlyList<string>? SubscribedTypes => EventTypes == AllTypes ? null : EventTypes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool Subscribes(string type) => EventTypes == AllTypes || SubscribedTypes!.Contains(type, StringComparer.Ordinal);

    public void Change(string url, string description, IReadOnlyCollection<string>? types, bool active, DateTime nowUtc)
    {
        Url = url;
        Description = description;
        EventTypes = Format(types);
        if (active && !IsActive)
        {
            // Re-activated: the failure streak that may have disabled it starts again from nothing.
            FailingSinceUtc = null;
            DisabledAtUtc = null;
            DisabledReason = null;
        }
        else if (!active && IsActive)
        {
            DisabledAtUtc = nowUtc;
            DisabledReason = WebhookDisabledReason.Owner;
        }
        IsActive = active;
    }

    /// <summary>A new secret signs from now on; the current one keeps signing beside it until <paramref name="overlapUntilUtc"/>.</summary>
    public void RotateSecret(string newProtectedSecret, DateTime nowUtc, DateTime? overlapUntilUtc)
    {
        var overlap = overlapUntilUtc is { } until && until > nowUtc;
        PreviousProtectedSecret = overlap ? ProtectedSecret : null;
        PreviousSecretUntilUtc = overlap ? overlapUntilUtc : null;
        ProtectedSecret = newProtectedSecret;
        SecretCreatedAtUtc = nowUtc;
    }

    /// <summary>Every known type stays in its place in <see cref="BusinessEvents.All"/>; null or every type is <see cref="AllTypes"/>.</summary>
    public static string Format(IReadOnlyCollection<string>? types) =>
        types is null ? AllTypes : string.Join(' ', BusinessEvents.All.Where(types.Contains));
}
