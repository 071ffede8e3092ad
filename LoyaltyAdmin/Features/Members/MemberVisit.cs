namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// A member of another store served at this one. Opened when a StoreManager finds the member by their full phone
/// number; until the merchant day ends it lets that manager open the member's page and serve them (adjust within the
/// limit, write off, redeem, issue). Lists, searches and exports never include such a member.
/// </summary>
public sealed class MemberVisit
{
    public long Id { get; set; }
    public long MemberId { get; set; }

    /// <summary>The store that serves the member (the manager's), not the member's home store.</summary>
    public int StoreId { get; set; }

    public string UserId { get; set; } = "";

    /// <summary>The merchant-local day the visit holds for.</summary>
    public DateOnly Day { get; set; }

    public DateTime OpenedAtUtc { get; set; }
}
