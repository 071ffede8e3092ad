namespace LoyaltyAdmin.Features.Privacy;

// What is held about one member, as their export (JSON and Excel) and the API's GET /members/{phone}/export say it.
// Other people appear only by member id (the friend who invited them, the friends they invited); staff by nothing.

public sealed record PersonalData(
    DateTime ExportedAtUtc, ProfileData Profile, IReadOnlyList<ConsentData> ConsentHistory, IReadOnlyList<PointsData> Points,
    IReadOnlyList<LotData> Lots, IReadOnlyList<GrowthData> Growth, IReadOnlyList<TierData> TierHistory, IReadOnlyList<OrderData> Orders,
    IReadOnlyList<CouponData> Coupons, IReadOnlyList<RedemptionData> Redemptions, ReferralData Referrals);

public sealed record ProfileData(
    long MemberId, string Phone, string Name, DateOnly? Birthday, DateTime JoinedAtUtc, string JoinChannel, string? HomeStore, string ReferralCode,
    string Status, string Tier, DateOnly TierSince, DateOnly? TierValidUntil, long PointsBalance, long PendingPoints, long GrowthValue,
    decimal LifetimeSpend, DateTime? LastActivityUtc, string? PreferredLanguage, bool MarketingConsent, DateTime? ConsentChangedAtUtc,
    string? ConsentSource, string? ConsentWordingVersion);

public sealed record ConsentData(DateTime ChangedAtUtc, bool Consent, string Source, string? WordingVersion);

/// <summary>One line of the points ledger, with the rules engine's explanation of it.</summary>
public sealed record PointsData(
    long Id, DateTime OccurredAtUtc, DateTime RecordedAtUtc, string Kind, string Source, long Points, long BalanceAfter, string? OrderId,
    string? RuleId, string? Reason, string? Note, long Shortfall, string? Explanation);

/// <summary>Points earned together and when they expire.</summary>
public sealed record LotData(long EntryId, long Points, long Remaining, DateOnly EarnedOn, DateOnly? ExpiresOn, DateOnly AvailableFrom, bool Pending,
    string? OrderId);

public sealed record GrowthData(DateTime OccurredAtUtc, string Kind, long Growth, long GrowthAfter, string? OrderId, string? RuleId);

public sealed record TierData(DateTime OccurredAtUtc, string? FromTier, string ToTier, string Change, string Reason, DateOnly? ValidUntil);

public sealed record OrderData(string OrderId, string? Store, DateTime OccurredAtUtc, string Channel, decimal Amount, decimal RefundedAmount, long Points,
    long Growth, DateOnly? PendingUntil);

public sealed record CouponData(string Code, string Template, string Status, string Source, DateTime IssuedAtUtc, DateTime ValidFromUtc, DateTime ValidUntilUtc,
    DateTime? RedeemedAtUtc, string? RedeemedOrderId, decimal? RedeemedDiscount, DateTime? VoidedAtUtc, string? VoidReason);

public sealed record RedemptionData(DateTime RedeemedAtUtc, string ItemCode, string ItemName, string Kind, long PointsPaid, decimal? Cash, string Status,
    string Channel, string? CouponCode, DateTime? HandedOverAtUtc);

/// <summary>A referral seen from this member: the other member's id, the campaign and how far it went.</summary>
public sealed record ReferralLine(long MemberId, string? Campaign, DateTime RegisteredAtUtc, DateTime? FirstOrderAtUtc, string Status);

public sealed record ReferralData(ReferralLine? ReferredBy, IReadOnlyList<ReferralLine> Referred);
