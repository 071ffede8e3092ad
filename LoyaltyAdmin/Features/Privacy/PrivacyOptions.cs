namespace LoyaltyAdmin.Features.Privacy;

/// <summary>The <c>Privacy</c> section: how long logs are kept, and the salt of erased phones' hashes (docs/privacy.md).</summary>
public sealed class PrivacyOptions
{
    /// <summary>Days the audit log (and the record of staff visits) is kept; the daily run prunes older entries. 0 keeps them forever.</summary>
    public int AuditRetentionDays { get; set; } = 730;

    /// <summary>
    /// Days the API's request records (request ids with their answers) are kept; a repeat of an older request is treated
    /// as new. 0 (the default) keeps them forever: they are what makes a re-sent event award nothing twice, so prune them
    /// only when no till or app can re-send anything that old.
    /// </summary>
    public int ApiRequestRetentionDays { get; set; }

    /// <summary>The salt of erased phones' hashes. When empty, a random one is made once per installation and kept in its database.</summary>
    public string? PhoneHashSalt { get; set; }
}
