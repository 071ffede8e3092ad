using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Coupons;

/// <summary>Inserts coupon templates and packs directly (test data, not the editor).</summary>
public static class CouponSeed
{
    public static async Task<long> TemplateAsync(IDbContextFactory<LoyaltyDbContext> f, string name = "¥10 off", CouponKind kind = CouponKind.AmountOff, decimal? amount = 10,
        int? stock = null, int? perMember = null, int? validDays = 30, Channel? channel = null, decimal? minimumSpend = null, int? percent = null,
        decimal? maxDiscount = null, DateOnly? validFrom = null, DateOnly? validTo = null, string? item = null)
    {
        await using var db = await f.CreateDbContextAsync();
        var t = new CouponTemplate
        {
            Name = name, Kind = kind, Amount = kind == CouponKind.AmountOff ? amount : null, Percent = percent, MaxDiscount = maxDiscount, ItemName = item,
            MinimumSpend = minimumSpend, ValidDays = validFrom is null ? validDays : null, ValidFrom = validFrom, ValidTo = validTo, Channel = channel,
            Stock = stock, PerMemberLimit = perMember, IsActive = true,
        };
        db.CouponTemplates.Add(t);
        await db.SaveChangesAsync();
        return t.Id;
    }

    public static async Task<long> PackAsync(IDbContextFactory<LoyaltyDbContext> f, CouponPackTrigger trigger, params (long TemplateId, int Quantity)[] items)
    {
        await using var db = await f.CreateDbContextAsync();
        var pack = new CouponPack
        {
            Name = trigger + " pack", Trigger = trigger, IsActive = true,
            Items = [.. items.Select(i => new CouponPackItem { TemplateId = i.TemplateId, Quantity = i.Quantity })],
        };
        db.CouponPacks.Add(pack);
        await db.SaveChangesAsync();
        return pack.Id;
    }
}
