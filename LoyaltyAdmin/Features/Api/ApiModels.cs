using System.ComponentModel;

namespace LoyaltyAdmin.Features.Api;

// Requests and answers of /api/v1. Property names are camelCase on the wire; every write carries its own id.

[Description("Registers a member. Idempotent by requestId.")]
public sealed record RegisterMemberRequest(
    [property: Description("Idempotency key chosen by the caller, at most 64 characters.")] string? RequestId,
    [property: Description("Mobile number: 13812345678, +86 138 1234 5678 or an international +CC number.")] string? Phone,
    string? Name,
    [property: Description("yyyy-MM-dd")] DateOnly? Birthday,
    [property: Description("mini_program, app or store.")] string? Channel,
    [property: Description("The inviting member's referral code, if any.")] string? ReferralCode,
    [property: Description("Home store; defaults to the key's store and must be it.")] string? StoreCode,
    [property: Description("The member's answer to the marketing question (true: agreed), recorded with the channel and the wording version; "
        + "omit it when the member was not asked.")] bool? MarketingConsent = null,
    [property: Description("The version of the consent wording the member was shown, at most 32 characters (with marketingConsent).")] string? ConsentWordingVersion = null);

[Description("Something a member did. Idempotent by eventId.")]
public sealed record ActivityEventRequest(
    [property: Description("Idempotency key chosen by the caller, at most 64 characters.")] string? EventId,
    [property: Description("purchase, refund, checkin, share, review or profile_completed.")] string? Type,
    string? Phone,
    [property: Description("ISO 8601 date and time with an offset, e.g. 2026-11-25T17:00:00+08:00 or 2026-11-25T09:00:00Z; without an offset (or a date alone) "
        + "it is 400. Days are the merchant's days (its time zone).")]
    [property: System.Text.Json.Serialization.JsonConverter(typeof(OffsetDateTimeConverter))] DateTimeOffset? OccurredAt,
    [property: Description("mini_program, app or store; defaults to store when a storeCode is given, else mini_program.")] string? Channel,
    [property: Description("Defaults to the key's store and must be it.")] string? StoreCode,
    [property: Description("Required for purchase, refund and review.")] string? OrderId,
    [property: Description("Money actually paid (purchase) or refunded (refund), 0 to 1,000,000, at most 2 decimals.")] decimal? Amount,
    [property: Description("For share: the friend the share brought (once per friend).")] string? Reference);

[Description("Redeems a catalogue item, or spends a number of points. Idempotent by requestId.")]
public sealed record RedemptionRequest(
    string? RequestId,
    string? Phone,
    [property: Description("Without itemCode: the points to spend, 1 to 10,000,000. With itemCode: optional, the price the member was shown; "
        + "if the server's price differs (the member day ended, the item was edited) the answer is 409 price_changed and nothing is spent.")] long? Points,
    [property: Description("Catalogue item code: redeems one unit at the server's price of the merchant's day (member-day discount included).")] string? ItemCode,
    [property: Description("Required with orderAmount.")] string? OrderId,
    string? StoreCode,
    [property: Description("Points as payment: the order's amount; the points then pay part of it at the merchant's rate, "
        + "at least the minimum and at most the configured share of the order. Not with itemCode.")] decimal? OrderAmount = null);

[Description("Writes off a coupon at checkout. Idempotent by requestId.")]
public sealed record CouponRedeemRequest(
    [property: Description("Idempotency key chosen by the caller, at most 64 characters.")] string? RequestId,
    [property: Description("The member's phone number, checked against the coupon's owner when given.")] string? Phone,
    string? OrderId,
    [property: Description("Defaults to the key's store and must be it.")] string? StoreCode,
    [property: Description("mini_program, app or store; defaults to store.")] string? Channel,
    [property: Description("The order amount the coupon is used on (minimum spend, percent off), 0 to 1,000,000.")] decimal? Amount);

public sealed record CouponRedeemResponse(string RequestId, bool Duplicate, string Code, string Name, string Terms, decimal Discount, DateTime RedeemedAtUtc);

public sealed record RuleLine(string RuleId, long Points, long Growth);

public sealed record ActivityEventResponse(
    string EventId, bool Duplicate,
    [property: Description("Points the event changed the balance by: awarded (0 or more), or for a refund taken back (0 or less).")] long Points,
    [property: Description("Refund only: points the refund should have taken back but could not, because the member had already spent them "
        + "(recorded on the ledger entry; never taken below zero). 0 otherwise.")] long Shortfall,
    long Growth, IReadOnlyList<RuleLine> Rules, long Balance, long Available,
    string Tier, bool TierChanged, string Explanation);

public sealed record RedemptionResponse(
    string RequestId, bool Duplicate,
    [property: Description("Points spent (after the member-day discount).")] long Points,
    long Balance, long Available, string? ItemCode,
    [property: Description("The item's regular price; null for a points-only redemption.")] long? RegularPoints = null,
    [property: Description("Member-day discount applied, in percent.")] int DiscountPercent = 0,
    [property: Description("Cash to collect at the till on top of the points (points + cash items).")] decimal? Cash = null,
    [property: Description("The coupon issued by a coupon item.")] string? CouponCode = null,
    [property: Description("Points as payment: the money the points paid of the order (rounded down to the cent).")] decimal? AmountPaid = null);

[Description("A catalogue item that can be redeemed today, at today's price.")]
public sealed record CatalogueItemResponse(
    string Code, string Name, [property: Description("coupon, goods or service.")] string Kind, string? Description,
    [property: Description("Today's price in points, member-day discount included.")] long Points,
    long RegularPoints, int DiscountPercent, decimal? Cash,
    [property: Description("Units left; null = unlimited.")] int? Remaining);

public sealed record ProgressLine(string Condition, decimal Current, decimal Missing, string Text);

public sealed record TierProgressResponse(string? NextTier, IReadOnlyList<ProgressLine> Conditions);

[Description("An unused coupon the member can use now; expiresAtUtc is the instant its last merchant day ends.")]
public sealed record CouponSummary(string Code, string Name, DateTime? ExpiresAtUtc);

public sealed record MemberResponse(
    string Phone, string Name, DateOnly? Birthday, string Status, DateTime JoinedAtUtc, string ReferralCode,
    string Tier, string TierName, DateOnly? TierValidUntil, long Points, long AvailablePoints, long PendingPoints, long GrowthValue,
    decimal LifetimeSpend, TierProgressResponse Progress, IReadOnlyList<CouponSummary> ActiveCoupons);

public sealed record ProgrammeSaveResponse(bool Changed, int? Version, IReadOnlyList<string> Changes, IReadOnlyList<ProgrammeSectionChanges> Sections);

/// <summary>What a PUT of the programme did to one section it carried.</summary>
public sealed record ProgrammeSectionChanges(string Section, int Added, int Changed, int Deactivated, int Removed);

/// <summary>
/// The shape of the programme document for the OpenAPI description only (the endpoints read and write the JSON as is): the
/// programme's own fields are described loosely, the four sections exactly.
/// </summary>
public sealed record ProgrammeDocumentSchema(
    int SchemaVersion,
    string? Name,
    System.Text.Json.Nodes.JsonArray? Tiers,
    System.Text.Json.Nodes.JsonArray? EarningRules,
    System.Text.Json.Nodes.JsonArray? GrowthRules,
    System.Text.Json.Nodes.JsonArray? Promotions,
    System.Text.Json.Nodes.JsonObject? Expiry,
    IReadOnlyList<LoyaltyAdmin.Features.Programme.CouponTemplateEntry>? CouponTemplates,
    IReadOnlyList<LoyaltyAdmin.Features.Programme.CouponPackEntry>? CouponPacks,
    IReadOnlyList<LoyaltyAdmin.Features.Programme.ReferralCampaignEntry>? ReferralCampaigns,
    IReadOnlyList<LoyaltyAdmin.Features.Programme.CatalogueEntry>? Catalogue);

[Description("A member's referral link was opened (the first step of a referral campaign's funnel).")]
public sealed record ReferralVisitRequest([property: Description("The inviting member's referral code.")] string? ReferralCode);

public sealed record ReferralVisitResponse([property: Description("Whether a running campaign counted the visit.")] bool Counted);
