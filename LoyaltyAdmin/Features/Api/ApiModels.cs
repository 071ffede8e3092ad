using System.ComponentModel;

namespace LoyaltyAdmin.Features.Api;

// Requests and answers of /api/v1. Property names are camelCase on the wire; every write carries its own id. Fields without
// their own description or example take the shared wording of ApiSchemaExamples (requestId, phone, orderId, storeCode …).

[Description("Registers a member. Idempotent by requestId.")]
public sealed record RegisterMemberRequest(
    string? RequestId,
    string? Phone,
    [property: Description("The member's name, at most 100 characters.")] string? Name,
    [property: Description("yyyy-MM-dd, a past date."), Example("1995-03-08")] DateOnly? Birthday,
    [property: Description("mini_program, app or store."), Example("mini_program")] string? Channel,
    [property: Description("The inviting member's referral code, if any.")] string? ReferralCode,
    [property: Description("Home store; defaults to the key's store and must be it.")] string? StoreCode,
    [property: Description("The member's answer to the marketing question (true: agreed), recorded with the channel and the wording version; "
        + "omit it when the member was not asked."), Example(true)] bool? MarketingConsent = null,
    [property: Description("The version of the consent wording the member was shown, at most 32 characters (with marketingConsent)."), Example("2026-11")]
    string? ConsentWordingVersion = null);

[Description("Something a member did. Idempotent by eventId.")]
public sealed record ActivityEventRequest(
    string? EventId,
    [property: Description("purchase, refund, checkin, share, review or profile_completed."), Example("purchase")] string? Type,
    string? Phone,
    [property: Description("ISO 8601 date and time with an offset, e.g. 2026-11-25T17:00:00+08:00 or 2026-11-25T09:00:00Z; without an offset (or a date alone) "
        + "it is 400. Days are the merchant's days (its time zone)."), Example("2026-11-25T17:00:00+08:00")]
    [property: System.Text.Json.Serialization.JsonConverter(typeof(OffsetDateTimeConverter))] DateTimeOffset? OccurredAt,
    [property: Description("mini_program, app or store; defaults to store when a storeCode is given, else mini_program."), Example("store")] string? Channel,
    [property: Description("Defaults to the key's store and must be it.")] string? StoreCode,
    [property: Description("Required for purchase, refund and review.")] string? OrderId,
    [property: Description("Purchase: the order's total, shipping and the part paid with points or coupons included; refund: the money refunded. "
        + "0 to 1,000,000, at most 2 decimals."), Example(68)] decimal? Amount,
    [property: Description("For share: the phone number of the friend the share brought, who must have registered with the sharer's referral code. "
        + "Rewarded once per friend; otherwise the share earns nothing and the answer's noAwardReason says why."), Example("13900001111")] string? Reference,
    [property: Description("Purchase only: the shipping fee included in amount. It earns points only if the purchase rule says so. 0 or more; "
        + "with paidWithPointsOrCoupons at most amount."), Example(0)] decimal? Shipping = null,
    [property: Description("Purchase only: the part of amount paid with points or coupons rather than money. It earns points only if the purchase rule "
        + "says so, and does not count as spend for tiers. 0 or more; with shipping at most amount."), Example(0)] decimal? PaidWithPointsOrCoupons = null);

[Description("Redeems a catalogue item, or spends a number of points. Idempotent by requestId.")]
public sealed record RedemptionRequest(
    string? RequestId,
    string? Phone,
    [property: Description("Without itemCode: the points to spend, 1 to 10,000,000. With itemCode: optional, the price the member was shown; "
        + "if the server's price differs (the member day ended, the item was edited) the answer is 409 price_changed and nothing is spent."), Example(500)] long? Points,
    [property: Description("Catalogue item code: redeems one unit at the server's price of the merchant's day (member-day discount included).")] string? ItemCode,
    [property: Description("Required with orderAmount.")] string? OrderId,
    string? StoreCode,
    [property: Description("Points as payment: the order's amount; the points then pay part of it at the merchant's rate, "
        + "at least the minimum and at most the configured share of the order. Not with itemCode."), Example(88)] decimal? OrderAmount = null);

[Description("Writes off a coupon at checkout. Idempotent by requestId.")]
public sealed record CouponRedeemRequest(
    string? RequestId,
    [property: Description("The member's phone number, checked against the coupon's owner when given.")] string? Phone,
    [property: Description("The order the coupon is used on.")] string? OrderId,
    [property: Description("Defaults to the key's store and must be it.")] string? StoreCode,
    [property: Description("mini_program, app or store; defaults to store."), Example("store")] string? Channel,
    [property: Description("The order amount the coupon is used on (minimum spend, percent off), 0 to 1,000,000."), Example(68)] decimal? Amount);

[Description("A coupon written off.")]
public sealed record CouponRedeemResponse(
    [property: Description("The request's id.")] string RequestId, bool Duplicate,
    [property: Description("The coupon's code.")] string Code,
    [property: Description("The coupon template's name."), Example("New member ¥10")] string Name,
    string Terms, decimal Discount,
    [property: Description("When it was written off (UTC)."), Example("2026-11-25T09:00:00Z")] DateTime RedeemedAtUtc);

[Description("What one rule awarded.")]
public sealed record RuleLine(string RuleId, [property: Description("Points the rule awarded.")] long Points, long Growth);

[Description("What an activity did.")]
public sealed record ActivityEventResponse(
    [property: Description("The event's id, as sent.")] string EventId, bool Duplicate,
    [property: Description("Points the event changed the balance by: awarded (0 or more), or for a refund taken back (0 or less).")] long Points,
    [property: Description("Refund only: points the refund should have taken back but could not, because the member had already spent them "
        + "(recorded on the ledger entry; never taken below zero). 0 otherwise."), Example(0)] long Shortfall,
    [property: Description("Growth value the event changed.")] long Growth,
    [property: Description("One line per rule that awarded anything.")] IReadOnlyList<RuleLine> Rules,
    long Balance, long Available,
    [property: Description("The member's tier code after the event.")] string Tier,
    [property: Description("Whether the event moved the member to another tier."), Example(false)] bool TierChanged,
    [property: Description("Why, in the request's language: one part per rule, multiplier and cap.")] string Explanation,
    [property: Description("Why the event earned nothing, when the reason is the event's own: share_reference_required (a share without a friend's "
        + "phone), share_friend_unknown (no member has that phone), share_friend_not_referred (the friend did not register with the sharer's code), "
        + "share_already_rewarded (this friend was rewarded before). Null otherwise."), Example("share_friend_unknown")] string? NoAwardReason = null);

[Description("Points spent.")]
public sealed record RedemptionResponse(
    [property: Description("The request's id, as sent.")] string RequestId, bool Duplicate,
    [property: Description("Points spent (after the member-day discount).")] long Points,
    long Balance, long Available,
    [property: Description("The catalogue item redeemed; null for plain points.")] string? ItemCode,
    [property: Description("The item's regular price; null for a points-only redemption."), Example(625)] long? RegularPoints = null,
    [property: Description("Member-day discount applied, in percent."), Example(20)] int DiscountPercent = 0,
    [property: Description("Cash to collect at the till on top of the points (points + cash items)."), Example(9.9)] decimal? Cash = null,
    [property: Description("The coupon issued by a coupon item."), Example("CPN7K2Q9XW")] string? CouponCode = null,
    [property: Description("Points as payment: the money the points paid of the order (rounded down to the cent)."), Example(5)] decimal? AmountPaid = null);

[Description("A catalogue item that can be redeemed today, at today's price.")]
public sealed record CatalogueItemResponse(
    [property: Description("The item's code, sent as itemCode to redeem it.")] string Code,
    [property: Description("The item's name."), Example("Tea mug")] string Name,
    [property: Description("coupon, goods or service."), Example("goods")] string Kind,
    [property: Description("The item's description; null for none."), Example("A 350 ml ceramic mug")] string? Description,
    [property: Description("Today's price in points, member-day discount included."), Example(500)] long Points,
    [property: Description("The price on other days."), Example(625)] long RegularPoints,
    [property: Description("Today's member-day discount, in percent."), Example(20)] int DiscountPercent,
    [property: Description("Cash on top of the points; null for points only."), Example(9.9)] decimal? Cash,
    [property: Description("Units left; null = unlimited."), Example(42)] int? Remaining);

[Description("Where the member stands on one entry condition of the next tier.")]
public sealed record ProgressLine(
    [property: Description("spend, growth_value, active_days or referrals."), Example("spend")] string Condition,
    [property: Description("The member's value."), Example(600)] decimal Current,
    [property: Description("What is still missing; 0 when met."), Example(400)] decimal Missing,
    [property: Description("The line in the answer's language."), Example("spend ¥400 more")] string Text);

[Description("Progress to the next tier: any one condition is enough.")]
public sealed record TierProgressResponse(
    [property: Description("The next tier's code; null at the top."), Example("gold")] string? NextTier,
    [property: Description("Each entry condition of the next tier.")] IReadOnlyList<ProgressLine> Conditions);

[Description("An unused coupon the member can use now; expiresAtUtc is the instant its last merchant day ends.")]
public sealed record CouponSummary(
    [property: Description("The coupon's code.")] string Code,
    [property: Description("The coupon template's name."), Example("New member ¥10")] string Name,
    [property: Description("The instant it stops being valid (UTC)."), Example("2026-12-25T16:00:00Z")] DateTime? ExpiresAtUtc);

[Description("The member card: tier, points, growth value, progress and active coupons.")]
public sealed record MemberResponse(
    string Phone,
    [property: Description("The member's name.")] string Name,
    [property: Description("The member's birthday; null when unknown."), Example("1995-03-08")] DateOnly? Birthday,
    [property: Description("active, frozen or closed."), Example("active")] string Status,
    [property: Description("When the member joined (UTC)."), Example("2026-01-08T02:00:00Z")] DateTime JoinedAtUtc,
    [property: Description("The member's own referral code.")] string ReferralCode,
    [property: Description("The member's tier code.")] string Tier,
    [property: Description("The tier's name."), Example("Silver")] string TierName,
    [property: Description("The tier's last merchant day; null when it never ends."), Example("2027-05-31")] DateOnly? TierValidUntil,
    [property: Description("All points the member owns."), Example(1280)] long Points,
    [property: Description("Points that can be spent now."), Example(1152)] long AvailablePoints,
    [property: Description("Points still in their return window."), Example(128)] long PendingPoints,
    [property: Description("Growth value (成长值)."), Example(640)] long GrowthValue,
    [property: Description("Confirmed spend since joining, net of refunds."), Example(1234.5)] decimal LifetimeSpend,
    [property: Description("Progress to the next tier.")] TierProgressResponse Progress,
    [property: Description("Coupons usable now, soonest ending first (at most 100).")] IReadOnlyList<CouponSummary> ActiveCoupons,
    [property: Description("en or zh-Hans; null when the member chose none."), Example("zh-Hans")] string? PreferredLanguage,
    [property: Description("Whether the member agreed to marketing messages."), Example(true)] bool MarketingConsent,
    [property: Description("The consent wording the member was shown."), Example("2026-11")] string? ConsentWordingVersion,
    [property: Description("The language of the texts in this answer: en or zh-Hans."), Example("en")] string Language,
    [property: Description("What the member still needs to keep the tier by tierValidUntil; null for the base tier.")] RetentionResponse? Retention = null,
    [property: Description("What the tier gives, to honour at the till or in the app.")] BenefitsResponse? Benefits = null,
    [property: Description("A tier set by hand by staff, while it holds: the member is not moved below it until its last day.")] TierSetByHandResponse? TierSetByHand = null,
    [property: Description("Badges the member holds, newest first (GET /members/{phone}/challenges for challenges).")] IReadOnlyList<BadgeResponse>? Badges = null);


[Description("What keeps the member's tier when its validity ends; conditions are alternatives (any one is enough). Texts are in the caller's language (Accept-Language: en or zh-Hans).")]
public sealed record RetentionResponse(
    [property: Description("The last day of the tier's validity: the conditions are checked the day after. Null when the tier does not expire."),
        Example("2027-03-01")] DateOnly? KeepBy,
    [property: Description("Whether a condition is already met."), Example(false)] bool Met,
    [property: Description("The conditions that keep the tier, each with the member's progress; any one is enough.")] IReadOnlyList<ProgressLine> Conditions,
    [property: Description("e.g. \"spend ¥380 more within 12 months by 2027-03-01 to keep Gold\"."),
        Example("spend ¥380 more within 12 months by 2027-03-01 to keep Gold")] string Text);

public sealed record BenefitsResponse(
    [property: Description("Points multiplier of the tier, applied by the earning rules that use it: 1.5 = 50% more points."), Example(1.5)] decimal PointsMultiplier,
    [property: Description("Price factor: 0.95 = 5% off (9.5折); null for none."), Example(0.95)] decimal? DiscountRate,
    [property: Description("Whether the tier gets free shipping on orders."), Example(true)] bool FreeShipping,
    [property: Description("Whether the tier gets priority service at stores and support."), Example(false)] bool PriorityService,
    [property: Description("The birthday gift as the merchant wrote it; null for none."), Example("A free slice of cake")] string? BirthdayGift,
    [property: Description("Other benefits as the merchant wrote them."), Example(new[] { "Free size upgrade on Fridays" })] IReadOnlyList<string> Descriptions);

public sealed record TierSetByHandResponse(
    string Tier,
    [property: Description("The last day it holds."), Example("2027-06-30")] DateOnly Until,
    [property: Description("Why staff set it, as they wrote it; null when they gave no reason."), Example("Partner café staff")] string? Reason);

[Description("What a PUT of the programme did.")]
public sealed record ProgrammeSaveResponse(
    [property: Description("Whether anything changed."), Example(true)] bool Changed,
    [property: Description("The new programme version; null when the programme part did not change."), Example(7)] int? Version,
    [property: Description("Every change, one line each."), Example(new[] { "~ catalogue[MUG].active: true → false" })] IReadOnlyList<string> Changes,
    [property: Description("Counts per section the document carried.")] IReadOnlyList<ProgrammeSectionChanges> Sections);

[Description("What a PUT of the programme did to one section it carried.")]
public sealed record ProgrammeSectionChanges(
    [property: Description("couponTemplates, couponPacks, referralCampaigns or catalogue."), Example("catalogue")] string Section,
    [property: Description("Rows added."), Example(1)] int Added,
    [property: Description("Rows changed."), Example(2)] int Changed,
    [property: Description("Rows deactivated (left out of the section)."), Example(0)] int Deactivated,
    [property: Description("Rows removed."), Example(0)] int Removed);

/// <summary>
/// The shape of the programme document for the OpenAPI description only (the endpoints read and write the JSON as is): the
/// programme's own fields are described loosely, the four sections exactly.
/// </summary>
[Description("The whole programme as one document.")]
public sealed record ProgrammeDocumentSchema(
    [property: Description("The document's schema version."), Example(1)] int SchemaVersion,
    [property: Description("The programme's name."), Example("Tea shop")] string? Name,
    [property: Description("Tiers (see docs/rules-engine.md)."), Example("[{\"code\":\"regular\",\"name\":\"Regular\",\"order\":0}]")] System.Text.Json.Nodes.JsonArray? Tiers,
    [property: Description("Earning rules (see docs/rules-engine.md)."), Example("[{\"kind\":\"purchase\",\"id\":\"purchase\",\"name\":\"Purchase\",\"currencyPerPoint\":1}]")] System.Text.Json.Nodes.JsonArray? EarningRules,
    [property: Description("Growth value rules (see docs/rules-engine.md)."), Example("[{\"id\":\"growth\",\"name\":\"Growth\",\"perCurrencyUnit\":1}]")] System.Text.Json.Nodes.JsonArray? GrowthRules,
    [property: Description("Double-points days and promotions (see docs/rules-engine.md)."), Example("[{\"id\":\"wed\",\"name\":\"Member day\",\"multiplier\":2}]")] System.Text.Json.Nodes.JsonArray? Promotions,
    [property: Description("Expiry and pending policy (see docs/rules-engine.md)."), Example("{\"policy\":\"monthsAfterEarned\",\"months\":12}")]
    System.Text.Json.Nodes.JsonObject? Expiry,
    [property: Description("Coupon templates, matched by name; null leaves them as they are.")] IReadOnlyList<LoyaltyAdmin.Features.Programme.CouponTemplateEntry>? CouponTemplates,
    [property: Description("Coupon packs, matched by name; null leaves them as they are.")] IReadOnlyList<LoyaltyAdmin.Features.Programme.CouponPackEntry>? CouponPacks,
    [property: Description("Referral campaigns, matched by name; null leaves them as they are.")]
    IReadOnlyList<LoyaltyAdmin.Features.Programme.ReferralCampaignEntry>? ReferralCampaigns,
    [property: Description("Catalogue items, matched by code; null leaves them as they are.")] IReadOnlyList<LoyaltyAdmin.Features.Programme.CatalogueEntry>? Catalogue);

[Description("A member's referral link was opened (the first step of a referral campaign's funnel).")]
public sealed record ReferralVisitRequest([property: Description("The inviting member's referral code.")] string? ReferralCode);

[Description("Whether the visit was counted.")]
public sealed record ReferralVisitResponse([property: Description("Whether a running campaign counted the visit."), Example(true)] bool Counted);
