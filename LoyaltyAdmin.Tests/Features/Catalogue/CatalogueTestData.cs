using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Catalogue;

/// <summary>Items inserted directly (test data, not the editor) and members given points through the ledger.</summary>
public static class CatalogueTestData
{
    public static MembersFixture Fixture() => new(approvalLimit: 10_000_000, configure: s =>
    {
        s.AddCatalogue();
        s.AddCoupons();
    });

    public static async Task<CatalogueItem> ItemAsync(IDbContextFactory<LoyaltyDbContext> f, string code, long points, int? stock = null, int? perMember = null,
        DayOfWeek? memberDay = null, int discount = 0, CatalogueItemKind kind = CatalogueItemKind.Goods, long? couponTemplateId = null, decimal? cash = null)
    {
        await using var db = await f.CreateDbContextAsync();
        var item = new CatalogueItem
        {
            Code = code, Name = "Item " + code, Kind = kind, Points = points, Stock = stock, PerMemberLimit = perMember, Cash = cash,
            MemberDay = memberDay is null ? MemberDayKind.None : MemberDayKind.Weekday, MemberDayWeekday = memberDay, MemberDayDiscountPercent = discount,
            CouponTemplateId = couponTemplateId, IsActive = true, Version = 1,
        };
        db.CatalogueItems.Add(item);
        await db.SaveChangesAsync();
        return item;
    }

    public static async Task<long> MemberWithPointsAsync(MembersFixture fixture, string phone, long points)
    {
        var id = await fixture.AddStoreMemberAsync(phone);
        var result = await fixture.Ledger.AdjustAsync(MembersFixture.Owner,
            new AdjustPointsModel { MemberId = id, Points = points, Reason = AdjustmentReason.Goodwill });
        Assert.Equal(AdjustOutcome.Applied, result.Outcome);
        return id;
    }
}
