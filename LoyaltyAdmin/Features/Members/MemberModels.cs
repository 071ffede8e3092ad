using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Members;

public sealed record MemberQuery(
    string? Search = null,
    string? TierCode = null,
    int? StoreId = null,
    DateOnly? JoinedFrom = null,
    DateOnly? JoinedTo = null,
    DateOnly? ActiveSince = null,
    string? SortBy = null,
    bool Descending = false,
    int Page = 0,
    int PageSize = 25);

public sealed record MemberRow(long Id, string Phone, string Name, string TierCode, long PointsBalance, long GrowthValue,
    DateTime JoinedAtUtc, DateTime? LastActivityUtc, string? StoreName, MemberStatus Status);

public sealed record TierOption(string Code, string Name, string Colour);

/// <summary>Where the member stands on the way to the next tier (or at the top).</summary>
public sealed record TierProgressView(string TierName, string TierColour, string? NextTierName, int Percent, string Text);

public sealed record MemberDetail(
    long Id, string Phone, string Name, DateOnly? Birthday, DateTime JoinedAtUtc, Channel JoinChannel, string? StoreName,
    string ReferralCode, string? ReferredByPhone, MemberStatus Status, string TierCode, DateOnly? TierValidUntil,
    long PointsBalance, long PendingPoints, long AvailablePoints, long GrowthValue, decimal LifetimeSpend,
    TierProgressView Progress, IReadOnlyList<ExpiryForecast> Expiring, int? HomeStoreId = null, TierOverrideView? Override = null,
    string? Retention = null, TierBenefitsView? Benefits = null);

/// <summary>A tier set by hand that still holds: which, until when, why and by whom.</summary>
public sealed record TierOverrideView(string TierCode, string TierName, DateOnly Until, string? Reason, string? By);

/// <summary>
/// What the member's tier gives, for staff to honour at the counter: <see cref="DiscountRate"/> is the price factor
/// (0.95 = 5% off, 9.5折), the other lines as the merchant wrote them.
/// </summary>
public sealed record TierBenefitsView(decimal PointsMultiplier, decimal? DiscountRate, bool FreeShipping, bool PriorityService, string? BirthdayGift,
    IReadOnlyList<string> Lines)
{
    public static TierBenefitsView Of(Tier tier) => new(tier.PointsMultiplier, tier.Benefits.DiscountRate, tier.Benefits.FreeShipping,
        tier.Benefits.PriorityService, string.IsNullOrWhiteSpace(tier.Benefits.BirthdayGift) ? null : tier.Benefits.BirthdayGift,
        [.. tier.Benefits.Descriptions.Where(d => !string.IsNullOrWhiteSpace(d))]);

    public bool IsEmpty => DiscountRate is null && !FreeShipping && !PriorityService && BirthdayGift is null && Lines.Count == 0 && PointsMultiplier == 1m;
}

/// <summary>Points that expire at the end of a merchant-local day.</summary>
public sealed record ExpiryForecast(DateOnly LastValidDay, long Points);

public sealed record LedgerRow(long Id, DateTime OccurredAtUtc, PointsEntryKind Kind, PointsSource Source, long Points, long BalanceAfter,
    string? OrderId, string? RuleId, AdjustmentReason? Reason, string? Note, long Shortfall, string? Explanation);

public sealed record TierHistoryRow(DateTime OccurredAtUtc, string? FromTier, string ToTier, TierChangeKind Change, string Reason, DateOnly? ValidUntil);

/// <summary>A waiting adjustment: <see cref="StoreName"/> is where it was asked for, <see cref="Hold"/> why it waits.</summary>
public sealed record ApprovalRow(long Id, long MemberId, string MemberPhone, string MemberName, long Points, AdjustmentReason Reason, string? Note,
    string RequestedByName, DateTime RequestedAtUtc, string? StoreName, AdjustmentHold Hold);

/// <summary>Form model of the register / edit-profile dialog; <see cref="Id"/> is 0 for a new member.</summary>
/// <summary>A sign-up, checked: a normalised phone, a trimmed name; <see cref="Consent"/> when the member answered the marketing question.</summary>
public sealed record RegistrationRequest(string Phone, string Name, DateOnly? Birthday, Channel Channel, int? HomeStoreId, string? ReferralCode,
    ConsentAnswer? Consent = null);

/// <summary>
/// The outcome of a sign-up: the member registered (or, for a repeated request id, registered the first time:
/// <see cref="Replayed"/>), field errors that wrote nothing, or <see cref="DifferentRequest"/>.
/// </summary>
public sealed record Registration(SaveResult Errors, long MemberId, bool Replayed = false, bool DifferentRequest = false)
    : Data.INamesNewMember<Registration>
{
    public Registration Numbered(long memberId) => MemberId < 0 ? this with { MemberId = memberId } : this;

    public bool Succeeded => Errors.Succeeded && !DifferentRequest;

    public static Registration Conflict { get; } = new(new SaveResult(), 0, DifferentRequest: true);

    public static Registration Failed(string field, string message) => new(SaveResult.Fail(field, message), 0);
}

public sealed class MemberProfileModel
{
    public long Id { get; set; }
    public string? Phone { get; set; }
    public string? Name { get; set; }
    public DateTime? Birthday { get; set; }
    public Channel JoinChannel { get; set; } = Channel.Store;
    public int? HomeStoreId { get; set; }
    public string? ReferredByCode { get; set; }
}
