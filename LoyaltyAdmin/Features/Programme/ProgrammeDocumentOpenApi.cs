using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Rules;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoyaltyAdmin.Features.Programme;

/// <summary>
/// The document's sections as the API's OpenAPI document describes them: enums as the camelCase strings it reads and writes
/// (the API's default would say integers), and each field with a description and an example.
/// </summary>
public static class ProgrammeDocumentOpenApi
{
    /// <summary>"Type.field" → its description and an example, for <c>ApiSchemaExamples</c>.</summary>
    public static readonly IReadOnlyDictionary<string, (string Description, object? Example)> Fields = new Dictionary<string, (string, object?)>
    {
        ["CouponTemplateEntry.name"] = ("The template's name; the key that matches it on import.", "New member ¥10"),
        ["CouponTemplateEntry.kind"] = ("amountOff, percentOff, freeItem or freeShipping.", null),
        ["CouponTemplateEntry.amount"] = ("Money off, for amountOff.", 10),
        ["CouponTemplateEntry.percent"] = ("Percent off (10 = 10% off), for percentOff.", 10),
        ["CouponTemplateEntry.maxDiscount"] = ("The largest discount of a percentOff coupon; null when uncapped.", 20),
        ["CouponTemplateEntry.itemName"] = ("The item given, for freeItem.", "Signature milk tea"),
        ["CouponTemplateEntry.minimumSpend"] = ("The smallest order it applies to; null for none.", 50),
        ["CouponTemplateEntry.validDays"] = ("Valid for this many merchant days from issue; or give validFrom and validTo.", 30),
        ["CouponTemplateEntry.validFrom"] = ("First merchant day of fixed validity.", "2026-12-01"),
        ["CouponTemplateEntry.validTo"] = ("Last merchant day of fixed validity.", "2026-12-31"),
        ["CouponTemplateEntry.channel"] = ("miniProgram, app or store when usable there only; absent for every channel.", null),
        ["CouponTemplateEntry.stock"] = ("Total that may ever be issued; null for unlimited.", 1000),
        ["CouponTemplateEntry.perMemberLimit"] = ("How many one member may ever receive; null for no limit.", 1),
        ["CouponTemplateEntry.active"] = ("Whether it can be issued.", true),
        ["CouponPackEntry.name"] = ("The pack's name; the key that matches it on import.", "Welcome pack"),
        ["CouponPackEntry.trigger"] = ("registration, birthday, tierUpgrade, referralReward, redemption or manual.", null),
        ["CouponPackEntry.tierCode"] = ("For tierUpgrade: the tier whose upgrade issues it.", "gold"),
        ["CouponPackEntry.active"] = ("Whether it is issued.", true),
        ["CouponPackEntry.items"] = ("Templates and quantities issued together.", null),
        ["CouponPackItemEntry.template"] = ("A coupon template's name.", "New member ¥10"),
        ["CouponPackItemEntry.quantity"] = ("How many of it.", 1),
        ["ReferralCampaignEntry.name"] = ("The campaign's name; the key that matches it on import.", "Spring invite"),
        ["ReferralCampaignEntry.startDate"] = ("First merchant day.", "2026-12-01"),
        ["ReferralCampaignEntry.endDate"] = ("Last merchant day.", "2026-12-31"),
        ["ReferralCampaignEntry.active"] = ("Whether it runs in its window.", true),
        ["ReferralCampaignEntry.refereePoints"] = ("Points the friend gets on registering with a code.", 100),
        ["ReferralCampaignEntry.refereePack"] = ("The pack the friend gets; null for none.", "Welcome pack"),
        ["ReferralCampaignEntry.referrerPoints"] = ("Points the inviting member gets per rewarded friend.", 200),
        ["ReferralCampaignEntry.referrerPack"] = ("The pack the inviting member gets per rewarded friend; null for none.", "Thank-you pack"),
        ["ReferralCampaignEntry.referrerStage"] = ("registration or firstOrder: when the inviting member is rewarded.", null),
        ["ReferralCampaignEntry.milestoneCount"] = ("The inviting member's extra reward comes with the N-th rewarded friend; null for none.", 5),
        ["ReferralCampaignEntry.milestonePoints"] = ("The milestone's points.", 500),
        ["ReferralCampaignEntry.milestonePack"] = ("The milestone's pack; null for none.", "Milestone pack"),
        ["ReferralCampaignEntry.capPerReferrer"] = ("At most this many friends rewarded per inviting member; null for no limit.", 10),
        ["CatalogueEntry.code"] = ("The item's code; the key that matches it on import (upper-cased).", "MUG"),
        ["CatalogueEntry.name"] = ("The item's name.", "Tea mug"),
        ["CatalogueEntry.kind"] = ("coupon, goods or service.", null),
        ["CatalogueEntry.description"] = ("What members read about it.", "A 350 ml ceramic mug"),
        ["CatalogueEntry.couponTemplate"] = ("For a coupon item: the template it issues.", "New member ¥10"),
        ["CatalogueEntry.couponPack"] = ("The coupon pack (trigger redemption) every redemption of it gives too, by name; null for none.", "Mug bonus pack"),
        ["CatalogueEntry.points"] = ("Its price in points.", 625),
        ["CatalogueEntry.cash"] = ("Cash on top of the points; null for points only.", 9.9),
        ["CatalogueEntry.stock"] = ("Units in stock; null for unlimited.", 100),
        ["CatalogueEntry.perMemberLimit"] = ("How many one member may ever redeem; null for no limit.", 2),
        ["CatalogueEntry.availableFrom"] = ("First merchant day it can be redeemed.", "2026-12-01"),
        ["CatalogueEntry.availableUntil"] = ("Last merchant day it can be redeemed.", "2027-02-28"),
        ["CatalogueEntry.active"] = ("Whether it can be redeemed.", true),
        ["CatalogueEntry.memberDay"] = ("none, weekday or dayOfMonth: when the member-day discount applies.", null),
        ["CatalogueEntry.memberDayWeekday"] = ("For weekday: the day of the week.", null),
        ["CatalogueEntry.memberDayOfMonth"] = ("For dayOfMonth: the day of the month.", 15),
        ["CatalogueEntry.memberDayDiscountPercent"] = ("Points off on the member day, in percent.", 20),
    };

    private static readonly HashSet<Type> DocumentEnums =
    [
        typeof(CouponKind), typeof(Channel), typeof(CouponPackTrigger), typeof(ReferralRewardStage), typeof(CatalogueItemKind), typeof(MemberDayKind),
        typeof(DayOfWeek),
    ];

    public static Task DescribeEnumsAsStrings(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (DocumentEnums.Contains(type))
        {
            schema.Type = JsonSchemaType.String;
            schema.Format = null;
            schema.Enum = [.. Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(n)))];
        }
        return Task.CompletedTask;
    }
}
