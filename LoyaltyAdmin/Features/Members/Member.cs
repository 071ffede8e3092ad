using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Members;

public enum MemberStatus { Active, Frozen, Closed }

/// <summary>
/// A member (会员), identified by a normalised phone number. The counters (balances, spend, tier) are
/// derived state kept beside the append-only ledgers; only <see cref="PointsLedgerService"/> changes them,
/// and every change bumps <see cref="Version"/> so two writers can never both win.
/// </summary>
public sealed class Member
{
    public long Id { get; set; }

    /// <summary>Normalised phone number (see <see cref="PhoneNumbers"/>): the single ID across channels.</summary>
    public string Phone { get; set; } = "";

    public string Name { get; set; } = "";
    public DateOnly? Birthday { get; set; }
    public DateTime JoinedAtUtc { get; set; }
    public Channel JoinChannel { get; set; }
    public int? HomeStoreId { get; set; }

    /// <summary>The member's own code to invite friends with.</summary>
    public string ReferralCode { get; set; } = "";

    public long? ReferredByMemberId { get; set; }
    public MemberStatus Status { get; set; }

    public string TierCode { get; set; } = "";

    /// <summary>Merchant-local day the current tier was reached (or last kept).</summary>
    public DateOnly TierSince { get; set; }

    /// <summary>Last merchant-local day of the current tier's validity; null when it never ends.</summary>
    public DateOnly? TierValidUntil { get; set; }

    /// <summary>All points the member owns: always the sum of the points ledger.</summary>
    public long PointsBalance { get; set; }

    /// <summary>Part of <see cref="PointsBalance"/> still in its return window, not yet spendable.</summary>
    public long PendingPoints { get; set; }

    public long GrowthValue { get; set; }

    /// <summary>Confirmed spend since joining, net of refunds.</summary>
    public decimal LifetimeSpend { get; set; }

    public int ActiveDays { get; set; }
    public DateOnly? LastActiveDay { get; set; }
    public int SuccessfulReferrals { get; set; }
    public DateOnly? StreakLastDay { get; set; }
    public int StreakLength { get; set; }
    public DateTime? LastActivityUtc { get; set; }

    /// <summary>App-managed optimistic concurrency token (works the same on SQLite, SQL Server and PostgreSQL).</summary>
    public long Version { get; set; }

    public long AvailablePoints => PointsBalance - PendingPoints;
}
