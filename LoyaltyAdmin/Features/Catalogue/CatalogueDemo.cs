using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Catalogue;

/// <summary>The demo's redemption catalogue: a tea shop's usual rewards, every Wednesday 20 % fewer points.</summary>
public static class CatalogueDemo
{
    public const string DrinkVoucherTemplate = "免费饮品券 Free drink voucher";

    public static async Task AddAsync(LoyaltyDbContext db, DateTime nowUtc, CancellationToken ct)
    {
        if (await db.CatalogueItems.AnyAsync(ct))
            return;
        var voucher = await db.CouponTemplates.FirstOrDefaultAsync(t => t.Name == DrinkVoucherTemplate, ct);
        if (voucher is null)
        {
            voucher = new CouponTemplate
            {
                Name = DrinkVoucherTemplate, Kind = CouponKind.FreeItem, ItemName = "任意中杯饮品 Any medium drink", ValidDays = 30, IsActive = true,
                CreatedAtUtc = nowUtc, Version = 1,
            };
            db.CouponTemplates.Add(voucher);
            await db.SaveChangesAsync(ct);
        }
        db.CatalogueItems.AddRange(
            Item("DRINK-VOUCHER", "免费饮品券 Free drink voucher", CatalogueItemKind.Coupon, 500, null, null, perMember: null, nowUtc, voucher.Id),
            Item("TOTE-BAG", "帆布袋 Canvas tote bag", CatalogueItemKind.Goods, 800, null, stock: 200, perMember: 1, nowUtc, null),
            Item("TOPPING", "免费加料 Free topping", CatalogueItemKind.Service, 100, null, stock: null, perMember: null, nowUtc, null),
            Item("TUMBLER", "保温杯 Insulated tumbler", CatalogueItemKind.Goods, 1500, cash: 29m, stock: 50, perMember: 2, nowUtc, null));
        await db.SaveChangesAsync(ct);
    }

    private static CatalogueItem Item(string code, string name, CatalogueItemKind kind, long points, decimal? cash, int? stock, int? perMember,
        DateTime nowUtc, long? templateId) => new()
    {
        Code = code, Name = name, Kind = kind, Points = points, Cash = cash, Stock = stock, PerMemberLimit = perMember, IsActive = true,
        MemberDay = MemberDayKind.Weekday, MemberDayWeekday = DayOfWeek.Wednesday, MemberDayDiscountPercent = 20,
        CouponTemplateId = templateId, CreatedAtUtc = nowUtc, UpdatedAtUtc = nowUtc, Version = 1,
    };
}
