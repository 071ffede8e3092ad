namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section.</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// Lets endpoints point at loopback, private, link-local, CGNAT and unique-local addresses (always allowed in
    /// Development). Off by default: an Owner's account, or anyone who takes it over, must not be able to make the server
    /// call the machines behind its firewall (a database's HTTP port, a cloud metadata service) and read their answers in
    /// the delivery log. Set it when the merchant's receiver really lives on the private network.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Runs the dispatcher in the background; tests turn it off and drive it by hand.</summary>
    public bool Background { get; set; } = true;

    /// <summary>
    /// How long an attempt's claim holds: longer than an attempt (10 s) and its recording. What an instance that died
    /// mid-attempt had claimed is attempted again after this (at least once: the receiver may see it twice).
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Deliveries in flight at once from this instance.</summary>
    public int MaxInFlight { get; set; } = 128;

    /// <summary>Finished deliveries older than this leave the log in the daily run.</summary>
    public int LogRetentionDays { get; set; } = 30;

    /// <summary>
    /// SQL Server only: how long a sequence skipped by the outbox cursor is looked for again (PostgreSQL knows exactly when no
    /// transaction can still commit it; SQLite commits in sequence order).
    /// </summary>
    public TimeSpan HoleRetention { get; set; } = TimeSpan.FromMinutes(10);
}
