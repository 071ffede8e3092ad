namespace LoyaltyAdmin.Features.Audit;

/// <summary>Who did what to which record, when, with the record before and after (JSON). Append-only.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string? UserId { get; set; }
    public string UserName { get; set; } = "";

    /// <summary>The store the user acted from (a StoreManager's), so a visiting member's service shows where it happened.</summary>
    public int? StoreId { get; set; }

    public string Action { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    public string? Before { get; set; }
    public string? After { get; set; }
}
