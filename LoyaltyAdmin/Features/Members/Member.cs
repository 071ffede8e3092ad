using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Members;

/// <summary><see cref="Erased"/>: anonymised on the member's request (docs/privacy.md); the row stays so the ledger and reports stay exact.</summary>
public enum MemberStatus { Active, Frozen, Closed, Erased }

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

    /// <summary>A tier set by hand: the member is not moved below it up to and including <see cref="TierOverrideUntil"/>.</summary>
    public string? TierOverrideCode { get; set; }

    /// <summary>The last merchant-local day the tier set by hand holds; the day after, the normal rules apply.</summary>
    public DateOnly? TierOverrideUntil { get; set; }

    /// <summary>Why the tier was set by hand, as the staff member wrote it.</summary>
    public string? TierOverrideReason { get; set; }

    /// <summary>Who set the tier by hand.</summary>
    public string? TierOverrideBy { get; set; }

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

    /// <summary>The language the member reads notices and API texts in ("en" or "zh-Hans"); null: the caller's or the merchant's.</summary>
    public string? PreferredLanguage { get; set; }

    /// <summary>Whether the member agreed to marketing messages (close to a tier, a reward); service notices (expiry) reach everyone.</summary>
    public bool MarketingConsent { get; set; }

    /// <summary>When consent was last given or withdrawn.</summary>
    public DateTime? ConsentChangedAtUtc { get; set; }

    /// <summary>Where it was given or withdrawn: a channel (mini_program, app, store), "console" or "import".</summary>
    public string? ConsentSource { get; set; }

    /// <summary>The version of the consent wording the member was shown.</summary>
    public string? ConsentWordingVersion { get; set; }

    /// <summary>App-managed optimistic concurrency token (works the same on SQLite, SQL Server and PostgreSQL).</summary>
    public long Version { get; set; }

    public long AvailablePoints => PointsBalance - PendingPoints;

    /// <summary>The tier set by hand, if any (whether or not it still holds on a given day).</summary>
    public Rules.TierOverride? TierOverride =>
        TierOverrideCode is { } code && TierOverrideUntil is { } until ? new Rules.TierOverride(code, until) : null;
}
