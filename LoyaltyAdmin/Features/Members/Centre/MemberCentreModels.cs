using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace LoyaltyAdmin.Features.Members.Centre;

// What a member's centre (会员中心) shows, as the API answers it and the console's "Member's view" draws it. Property names are
// camelCase on the wire, codes snake_case; every text is in the response's language.

[Description("The member's points history (积分明细), newest first: one page and the cursor of the next.")]
public sealed record PointsHistoryResponse(
    [property: Description("The language of every text in this response: en or zh-Hans (Accept-Language, else the member's preferred language)."), Example("zh-Hans"), AllowedValues("en", "zh-Hans")]
    string Language,
    [property: Description("Ledger entries, newest recorded first.")] IReadOnlyList<PointsHistoryItem> Items,
    [property: Description("Pass as cursor to read the next page; null on the last page."), Example("MTIzNDUuMTIzNDU")] string? NextCursor);

[Description("One line of the points ledger.")]
public sealed record PointsHistoryItem(
    [property: Description("The entry's id; ids grow in the order entries were recorded."), Example(12345)] long Id,
    [property: Description("The merchant day (its time zone) the entry happened on."), Example("2026-11-26")] DateOnly Date,
    [property: Description("When what caused the entry happened (UTC)."), Example("2026-11-25T17:00:00Z")] DateTime OccurredAtUtc,
    [property: Description("earn, redeem, expire, adjust or reverse (a refund or an adjustment taken back)."), Example("earn"), AllowedValues("earn", "redeem", "expire", "adjust", "reverse")] string Kind,
    [property: Description("Points the entry changed the balance by: positive adds, negative takes."), Example(128)] long Points,
    [property: Description("The balance after this entry."), Example(1280)] long BalanceAfter,
    [property: Description("Where the entry came from.")] PointsSourceResponse Source,
    [property: Description("Why, in the response's language: the rules, multipliers, promotions and caps of an award, a redeemed item, an adjustment's reason."),
        Example("Purchase: ¥128.5 ÷ ¥1 → 128 points")] string Explanation,
    [property: Description("Points a refund could not take back because they were already spent; 0 otherwise."), Example(0)] long Shortfall);

[Description("Where a points entry came from.")]
public sealed record PointsSourceResponse(
    [property: Description("order (a purchase or its refund), rule (check-in, review, birthday …), campaign (a referral reward), adjustment (by the store), "
        + "redemption (points spent), expiry or migration (an opening balance imported from a previous system)."), Example("order"),
        AllowedValues("order", "rule", "campaign", "adjustment", "redemption", "expiry", "migration")] string Type,
    [property: Description("The order, for order entries and redemptions paying one; else null."), Example("A-000123")] string? OrderId,
    [property: Description("The earning rule of the programme that awarded it; else null."), Example("purchase")] string? RuleId,
    [property: Description("The referral campaign, for campaign entries; else null."), Example(3)] long? CampaignId,
    [property: Description("For adjustments: goodwill, correction, offline_purchase, complaint or other; else null."), Example("goodwill")] string? ReasonCode);

[Description("What expires when, and what is still pending (积分到期): every future day with points ending, and every day pending points become spendable.")]
public sealed record PointsScheduleResponse(
    [property: Description("The language of every text in this response: en or zh-Hans."), Example("en"), AllowedValues("en", "zh-Hans")] string Language,
    [property: Description("All points the member owns."), Example(1280)] long Balance,
    [property: Description("Points that can be spent now."), Example(1152)] long Available,
    [property: Description("Points still in their return window."), Example(128)] long Pending,
    [property: Description("Points that never expire."), Example(0)] long NeverExpire,
    [property: Description("Future days with points ending, soonest first (one page).")] IReadOnlyList<ExpiringPoints> Expiring,
    [property: Description("Days pending points become spendable, soonest first (all of them, on the first page only).")] IReadOnlyList<PendingPoints> PendingDays,
    [property: Description("Pass as cursor to read the next page of expiring days; null on the last page."), Example("MjA0NjYuMA")] string? NextCursor,
    [property: Description("One sentence for the top of the screen."), Example("300 points expire after 2026-12-31.")] string Summary);

[Description("Points that can be spent until the end of a merchant day.")]
public sealed record ExpiringPoints(
    [property: Description("The last merchant day they can be spent on."), Example("2026-12-31")] DateOnly LastValidDay,
    [property: Description("The instant they expire: the end of that day in the merchant's time zone (UTC)."), Example("2026-12-31T16:00:00Z")] DateTime ExpiresAtUtc,
    [property: Description("How many."), Example(300)] long Points,
    [property: Description("The line as the member reads it."), Example("300 points expire after 2026-12-31")] string Text);

[Description("Pending points that become spendable on a merchant day.")]
public sealed record PendingPoints(
    [property: Description("The merchant day they become spendable."), Example("2026-12-02")] DateOnly AvailableOn,
    [property: Description("How many."), Example(128)] long Points,
    [property: Description("The line as the member reads it."), Example("128 points can be used from 2026-12-02")] string Text);

[Description("The member's coupons (我的优惠券), one page.")]
public sealed record MemberCouponsResponse(
    [property: Description("The language of every text in this response: en or zh-Hans."), Example("zh-Hans"), AllowedValues("en", "zh-Hans")] string Language,
    [property: Description("Coupons: with status=issued the soonest ending first, otherwise the newest issued first.")] IReadOnlyList<MemberCouponItem> Items,
    [property: Description("Pass as cursor (with the same status) to read the next page; null on the last page."), Example("MTc2NjY4MDAwMDAwMDAwMDAuNDI")] string? NextCursor);

[Description("One coupon of the member.")]
public sealed record MemberCouponItem(
    [property: Description("The coupon's code, shown as a barcode at the till."), Example("CPN7K2Q9XW")] string Code,
    [property: Description("issued (usable, or not yet valid: see validFromUtc), redeemed, expired or voided. An issued coupon past its last day reads expired."),
        Example("issued"), AllowedValues("issued", "redeemed", "expired", "voided")] string Status,
    [property: Description("The status as the member reads it."), Example("Available")] string StatusText,
    [property: Description("What the coupon gives.")] CouponTemplateResponse Template,
    [property: Description("Benefit, channel and validity in one line, in the response's language."), Example("¥10 off orders over ¥50 · mini-program only · valid 30 days")]
    string Terms,
    [property: Description("From when it can be used (UTC)."), Example("2026-11-25T17:00:00Z")] DateTime ValidFromUtc,
    [property: Description("Until when it can be used, exclusive: the end of its last merchant day (UTC)."), Example("2026-12-25T16:00:00Z")] DateTime ValidUntilUtc,
    [property: Description("Its last merchant day of validity."), Example("2026-12-25")] DateOnly LastValidDay,
    [property: Description("mini_program, app or store when it can be used there only; null for every channel."), Example("mini_program")] string? Channel,
    [property: Description("What issued it: registration, birthday, tier_upgrade, referral, redemption, manual, import or segment."), Example("registration"), AllowedValues("registration", "birthday", "tier_upgrade", "referral", "redemption", "manual", "import", "segment")] string Source,
    [property: Description("When it was issued (UTC)."), Example("2026-11-25T17:00:00Z")] DateTime IssuedAtUtc,
    [property: Description("Where and when it was used; null unless redeemed.")] CouponUseResponse? Redeemed,
    [property: Description("When the store withdrew it (UTC); null unless voided."), Example("2026-11-30T08:00:00Z")] DateTime? VoidedAtUtc);

[Description("A coupon template as the member sees it.")]
public sealed record CouponTemplateResponse(
    [property: Description("The template's id."), Example(4)] long Id,
    [property: Description("The template's name, as the merchant wrote it."), Example("New member ¥10")] string Name,
    [property: Description("amount_off, percent_off, free_item or free_shipping."), Example("amount_off"), AllowedValues("amount_off", "percent_off", "free_item", "free_shipping")] string Kind,
    [property: Description("Money off, for amount_off; else null."), Example(10)] decimal? Amount,
    [property: Description("Percent off (10 = 10% off), for percent_off; else null."), Example(10)] int? Percent,
    [property: Description("The largest discount of a percent_off coupon; null when uncapped."), Example(20)] decimal? MaxDiscount,
    [property: Description("The item given, for free_item; else null."), Example("Signature milk tea")] string? ItemName,
    [property: Description("The smallest order it applies to; null for none."), Example(50)] decimal? MinimumSpend);

[Description("Where and when a coupon was written off.")]
public sealed record CouponUseResponse(
    [property: Description("When (UTC)."), Example("2026-11-28T03:12:00Z")] DateTime RedeemedAtUtc,
    [property: Description("The store's code; null when used outside a store."), Example("SH001")] string? StoreCode,
    [property: Description("The store's name."), Example("People's Square")] string? StoreName,
    [property: Description("mini_program, app or store."), Example("store")] string? Channel,
    [property: Description("The order it was used on."), Example("A-000124")] string? OrderId,
    [property: Description("The money it saved."), Example(10)] decimal? Discount);
