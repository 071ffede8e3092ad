namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>
/// How far the outbox has been turned into deliveries (one row). <see cref="Holes"/> are sequences below the cursor that were
/// not committed yet when it passed them: on a server database a transaction that started earlier can commit a lower
/// sequence later, so they are looked at again until no transaction that could still commit them is running.
/// </summary>
public sealed class WebhookFeed
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public long Cursor { get; set; }

    /// <summary><see cref="FeedHoles"/> in text: <c>sequence@horizon</c>, separated by spaces.</summary>
    public string Holes { get; set; } = "";

    /// <summary>Raised by every move of the cursor: one instance moves it at a time.</summary>
    public long Version { get; set; }
}
