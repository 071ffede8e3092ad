using System.ComponentModel;

namespace LoyaltyAdmin.Features.Privacy;

// What is held about one member, as their export (JSON and Excel) and the API's GET /members/{phone}/export say it.
// Other people appear only by member id (the friend who invited them, the friends they invited); staff by nothing.
// Fields without their own description or example take the shared wording of ApiSchemaExamples (phone, orderId, points …).

public sealed record PersonalData(
    [property: Description("When the export was made (UTC)."), Example("2026-11-25T09:00:00Z")] DateTime ExportedAtUtc,
    ProfileData Profile,
    [property: Description("Every time marketing consent was given or withdrawn, oldest first.")] IReadOnlyList<ConsentData> ConsentHistory,
    [property: Description("The points ledger, oldest first.")] IReadOnlyList<PointsData> Points,
    [property: Description("Points by when they were earned and when they expire, oldest first.")] IReadOnlyList<LotData> Lots,
    [property: Description("The growth-value ledger, oldest first.")] IReadOnlyList<GrowthData> Growth,
    [property: Description("Every change of the member's tier, oldest first.")] IReadOnlyList<TierData> TierHistory,
    [property: Description("The member's orders, oldest first.")] IReadOnlyList<OrderData> Orders,
    [property: Description("Every coupon issued to the member, oldest first.")] IReadOnlyList<CouponData> Coupons,
    [property: Description("Catalogue items the member redeemed, oldest first.")] IReadOnlyList<RedemptionData> Redemptions,
    ReferralData Referrals,
    [property: Description("The member's progress in each challenge period they took part in, oldest first.")] IReadOnlyList<ChallengeData> Challenges,
    [property: Description("The badges the member holds, oldest first.")] IReadOnlyList<BadgeData> Badges);

public sealed record ProfileData(
    [property: Description("The member's id, by which other members' exports name them."), Example(1024)] long MemberId,
    string Phone,
    string Name,
    [property: Description("yyyy-MM-dd; null when not given."), Example("1995-03-08")] DateOnly? Birthday,
    [property: Description("When the member joined (UTC)."), Example("2026-01-08T02:00:00Z")] DateTime JoinedAtUtc,
    [property: Description("Where the member joined: MiniProgram, App or Store."), Example("MiniProgram")] string JoinChannel,
    [property: Description("The home store's code and name; null for none."), Example("SH001 People's Square")] string? HomeStore,
    string ReferralCode,
    [property: Description("Active, Frozen, Closed or Erased."), Example("Active")] string Status,
    string Tier,
    [property: Description("The merchant day the current tier was reached or last kept."), Example("2026-03-01")] DateOnly TierSince,
    [property: Description("The last merchant day of the current tier's validity; null when it does not expire."), Example("2027-02-28")] DateOnly? TierValidUntil,
    [property: Description("All points the member holds, pending ones included."), Example(1280)] long PointsBalance,
    [property: Description("Part of pointsBalance still in an order's return window, not yet spendable."), Example(128)] long PendingPoints,
    [property: Description("Growth value (成长值) in total."), Example(860)] long GrowthValue,
    [property: Description("Confirmed spend since joining, net of refunds."), Example(1234.5)] decimal LifetimeSpend,
    [property: Description("When the member last did something (UTC); null when never."), Example("2026-11-25T09:00:00Z")] DateTime? LastActivityUtc,
    [property: Description("en or zh-Hans; null when the member chose none."), Example("zh-Hans")] string? PreferredLanguage,
    [property: Description("Whether the member agrees to marketing messages now."), Example(true)] bool MarketingConsent,
    [property: Description("When consent was last given or withdrawn (UTC); null when never asked."), Example("2026-01-08T02:00:00Z")] DateTime? ConsentChangedAtUtc,
    [property: Description("Where consent was last given or withdrawn: mini_program, app, store, console, import or erasure; null when never asked."), Example("mini_program")]
    string? ConsentSource,
    [property: Description("The version of the consent wording the member was last shown; null when unknown."), Example("2026-11")] string? ConsentWordingVersion);

public sealed record ConsentData(
    [property: Description("When it was given or withdrawn (UTC)."), Example("2026-01-08T02:00:00Z")] DateTime ChangedAtUtc,
    [property: Description("True: consent given; false: withdrawn."), Example(true)] bool Consent,
    [property: Description("Where: mini_program, app, store, console, import or erasure."), Example("mini_program")] string Source,
    [property: Description("The version of the consent wording shown; null when unknown."), Example("2026-11")] string? WordingVersion);

/// <summary>One line of the points ledger, with the rules engine's explanation of it.</summary>
public sealed record PointsData(
    [property: Description("The ledger line's id."), Example(5012)] long Id,
    [property: Description("When what it records happened (UTC)."), Example("2026-11-25T09:00:00Z")] DateTime OccurredAtUtc,
    [property: Description("When it was written (UTC)."), Example("2026-11-25T09:00:02Z")] DateTime RecordedAtUtc,
    [property: Description("Earn, Redeem, Expire, Adjust or Reverse."), Example("Earn")] string Kind,
    [property: Description("Rule, Order, Operator, Campaign or Job."), Example("Rule")] string Source,
    long Points,
    [property: Description("The member's points after this line."), Example(1280)] long BalanceAfter,
    string? OrderId,
    string? RuleId,
    [property: Description("For a staff adjustment: Goodwill, Correction, OfflinePurchase, Complaint or Other; else null."), Example("Goodwill")] string? Reason,
    [property: Description("The staff member's note on an adjustment; null for none."), Example("Missed scan at the till")] string? Note,
    [property: Description("Points a reversal could not take because they were already spent; 0 otherwise."), Example(0)] long Shortfall,
    string? Explanation);

/// <summary>Points earned together and when they expire.</summary>
public sealed record LotData(
    [property: Description("The id of the points ledger line that earned them."), Example(5012)] long EntryId,
    long Points,
    [property: Description("Points of the lot not yet spent or expired."), Example(100)] long Remaining,
    [property: Description("The merchant day they were earned."), Example("2026-11-25")] DateOnly EarnedOn,
    [property: Description("The last merchant day they can be spent; null when they do not expire."), Example("2027-11-30")] DateOnly? ExpiresOn,
    [property: Description("The first merchant day they can be spent (after an order's return window)."), Example("2026-12-02")] DateOnly AvailableFrom,
    [property: Description("Whether they are still in an order's return window, not yet spendable."), Example(false)] bool Pending,
    string? OrderId);

public sealed record GrowthData(
    [property: Description("When what it records happened (UTC)."), Example("2026-11-25T09:00:00Z")] DateTime OccurredAtUtc,
    [property: Description("Earn, Reverse or Adjust."), Example("Earn")] string Kind,
    long Growth,
    [property: Description("The member's growth value after this line."), Example(860)] long GrowthAfter,
    string? OrderId,
    string? RuleId);

public sealed record TierData(
    [property: Description("When what caused the change happened (UTC)."), Example("2026-11-25T09:00:00Z")] DateTime OccurredAtUtc,
    [property: Description("The tier's code before; null for the first tier."), Example("regular")] string? FromTier,
    [property: Description("The tier's code after."), Example("silver")] string ToTier,
    [property: Description("Initial, Upgrade, Keep, Downgrade or Manual."), Example("Upgrade")] string Change,
    [property: Description("Why, as text, for changes recorded before reasons were kept as codes; empty for later ones."), Example("spend ≥ 200")]
    string Reason,
    [property: Description("The last merchant day of the tier's validity after the change; null when it does not expire."), Example("2027-11-30")]
    DateOnly? ValidUntil);

public sealed record OrderData(
    string OrderId,
    [property: Description("The code of the store whose till sent it; null for orders from elsewhere."), Example("SH001")] string? Store,
    [property: Description("When the order was made (UTC)."), Example("2026-11-25T09:00:00Z")] DateTime OccurredAtUtc,
    [property: Description("MiniProgram, App or Store."), Example("Store")] string Channel,
    decimal Amount,
    [property: Description("Money refunded so far."), Example(0)] decimal RefundedAmount,
    long Points,
    long Growth,
    [property: Description("While the order is in its return window: the merchant day from which its points can be spent and its spend counts; null once confirmed."), Example("2026-12-02")]
    DateOnly? PendingUntil);

public sealed record CouponData(
    string Code,
    [property: Description("The coupon template's name."), Example("New member ¥10")] string Template,
    [property: Description("Issued, Redeemed, Expired or Voided."), Example("Redeemed")] string Status,
    [property: Description("What issued it: Registration, Birthday, TierUpgrade, Referral, Redemption, Manual, Import or Segment."), Example("Registration")]
    string Source,
    [property: Description("When what issued it happened (UTC); validity counts from it."), Example("2026-11-25T09:00:00Z")] DateTime IssuedAtUtc,
    [property: Description("The instant it becomes valid (UTC)."), Example("2026-11-24T16:00:00Z")] DateTime ValidFromUtc,
    [property: Description("The instant it stops being valid (UTC)."), Example("2026-12-24T16:00:00Z")] DateTime ValidUntilUtc,
    [property: Description("When it was written off (UTC); null when not redeemed."), Example("2026-11-28T04:30:00Z")] DateTime? RedeemedAtUtc,
    [property: Description("The order it was written off for; null when not redeemed or given without one."), Example("A-000456")] string? RedeemedOrderId,
    [property: Description("The money it saved; null when not redeemed."), Example(10)] decimal? RedeemedDiscount,
    [property: Description("When it was voided (UTC); null when not voided."), Example("2026-11-30T08:00:00Z")] DateTime? VoidedAtUtc,
    [property: Description("Why it was voided, as written; null when not voided."), Example("erased")] string? VoidReason);

public sealed record RedemptionData(
    [property: Description("When it was redeemed (UTC)."), Example("2026-11-25T09:00:00Z")] DateTime RedeemedAtUtc,
    string ItemCode,
    [property: Description("The item's name when redeemed."), Example("Tea mug")] string ItemName,
    [property: Description("Coupon, Goods or Service."), Example("Goods")] string Kind,
    [property: Description("Points paid, after any member-day discount."), Example(500)] long PointsPaid,
    [property: Description("Cash paid on top of the points; null for points only."), Example(9.9)] decimal? Cash,
    [property: Description("AwaitingHandover or Completed."), Example("Completed")] string Status,
    [property: Description("MiniProgram, App or Store."), Example("Store")] string Channel,
    [property: Description("For a coupon item: the code of the coupon it issued; else null."), Example("CPN7K2Q9XW")] string? CouponCode,
    [property: Description("When goods or a service were handed over (UTC); null until then, and for coupon items."), Example("2026-11-25T09:05:00Z")]
    DateTime? HandedOverAtUtc);

/// <summary>A referral seen from this member: the other member's id, the campaign and how far it went.</summary>
public sealed record ReferralLine(
    [property: Description("The other member's id (the inviting member, or the friend invited)."), Example(2048)] long MemberId,
    [property: Description("The referral campaign's name; null when it came under none."), Example("Spring invite")] string? Campaign,
    [property: Description("When the friend registered (UTC)."), Example("2026-11-25T09:00:00Z")] DateTime RegisteredAtUtc,
    [property: Description("When the friend first ordered (UTC); null until then."), Example("2026-11-28T04:30:00Z")] DateTime? FirstOrderAtUtc,
    [property: Description("Registered, Qualified (the inviting member was rewarded) or Rejected."), Example("Qualified")] string Status);

public sealed record ReferralData(
    ReferralLine? ReferredBy,
    [property: Description("The friends this member invited, oldest first.")] IReadOnlyList<ReferralLine> Referred);

/// <summary>One period of one challenge the member took part in.</summary>
public sealed record ChallengeData(
    [property: Description("The challenge's id in the programme."), Example("december-3-purchases")] string ChallengeId,
    [property: Description("First merchant day of the period."), Example("2026-12-01")] DateOnly PeriodStart,
    [property: Description("Last merchant day of the period."), Example("2026-12-31")] DateOnly PeriodEnd,
    [property: Description("Progress: a count, or money for a spend goal."), Example(2)] decimal Progress,
    [property: Description("Stages reached (and rewarded)."), Example(1)] int StagesReached,
    [property: Description("When the last stage was reached (UTC); null until then."), Example("2026-12-20T09:00:00Z")] DateTime? CompletedAtUtc);

/// <summary>A badge the member holds.</summary>
public sealed record BadgeData(
    [property: Description("The badge's code in the programme."), Example("tea-lover")] string Badge,
    [property: Description("Challenge or Staff."), Example("Challenge")] string Source,
    [property: Description("The challenge whose stage awarded it; null when staff did."), Example("december-3-purchases")] string? ChallengeId,
    [property: Description("Staff's reason when staff awarded it; else null."), Example("Tenth visit this year")] string? Reason,
    [property: Description("When it was awarded (UTC)."), Example("2026-12-20T09:00:00Z")] DateTime AwardedAtUtc);
