using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Tests.Features.Programme;

/// <summary>A tea shop's whole programme: two coupon templates, two packs, a referral campaign and two catalogue items.</summary>
public static class ProgrammeDocumentSamples
{
    public static readonly DateOnly CampaignStart = new(2026, 12, 1);

    public static IReadOnlyList<CouponTemplateEntry> Templates { get; } =
    [
        new() { Name = "¥10 off", Kind = CouponKind.AmountOff, Amount = 10, MinimumSpend = 50, ValidDays = 30, Stock = 1000 },
        new() { Name = "Free milk tea", Kind = CouponKind.FreeItem, ItemName = "Milk tea", ValidFrom = new(2026, 12, 1), ValidTo = new(2026, 12, 31), Channel = Channel.Store, PerMemberLimit = 1 },
    ];

    public static IReadOnlyList<CouponPackEntry> Packs { get; } =
    [
        new() { Name = "New member pack", Trigger = CouponPackTrigger.Registration, Items = [new() { Template = "¥10 off", Quantity = 2 }, new() { Template = "Free milk tea" }] },
        new() { Name = "Gold welcome", Trigger = CouponPackTrigger.TierUpgrade, TierCode = "gold", Items = [new() { Template = "Free milk tea" }] },
    ];

    public static IReadOnlyList<ReferralCampaignEntry> Campaigns { get; } =
    [
        new() { Name = "Invite 3 friends", StartDate = CampaignStart, EndDate = CampaignStart.AddDays(30), RefereePack = "New member pack", ReferrerPoints = 200, ReferrerStage = ReferralRewardStage.FirstOrder, MilestoneCount = 3, MilestonePoints = 500, CapPerReferrer = 10 },
    ];

    public static IReadOnlyList<CatalogueEntry> Items { get; } =
    [
        new() { Code = "MUG", Name = "Tea mug", Kind = CatalogueItemKind.Goods, Points = 800, Stock = 50, MemberDay = MemberDayKind.Weekday, MemberDayWeekday = DayOfWeek.Wednesday, MemberDayDiscountPercent = 20 },
        new() { Code = "TEN-OFF", Name = "¥10 coupon", Kind = CatalogueItemKind.Coupon, CouponTemplate = "¥10 off", Points = 300, PerMemberLimit = 5 },
    ];

    public static ProgrammeDocument Full { get; } = new(ProgrammeTemplates.TeaShop, Templates, Packs, Campaigns, Items);

    public static string Json(ProgrammeDocument document) => ProgrammeDocumentJson.Serialize(document);
}
