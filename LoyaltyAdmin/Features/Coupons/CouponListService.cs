using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Coupons;

/// <summary>
/// The coupon lists (all coupons, a member's coupons). A StoreManager sees their own store's members' coupons, and a
/// visiting member's when they type the member's whole phone number or a coupon's whole code, or open the member's page.
/// </summary>
public sealed class CouponListService(IDbContextFactory<LoyaltyDbContext> dbFactory, MerchantClock merchantClock)
{
    public async Task<CouponPage> SearchAsync(StaffActor actor, CouponQuery query, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.View);
        var today = await merchantClock.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var coupons = db.Coupons.AsNoTracking();
        if (query.MemberId is { } memberId)
        {
            if (!await MemberScope.MayServeAsync(db, actor, memberId, today, ct))
                return new CouponPage([], 0);
            coupons = coupons.Where(c => c.MemberId == memberId);
        }
        if (query.Status is { } status)
            coupons = coupons.Where(c => c.Status == status);
        var search = query.Search?.Trim();
        if (!string.IsNullOrEmpty(search))
        {
            // A code is searched whole (it is a secret, not something to browse by prefix); a phone by its normalised form.
            var code = CouponIssuer.NormaliseCode(search);
            var phone = PhoneNumbers.Normalize(search);
            if (phone is not null)
                await MemberScope.OpenVisitAsync(db, actor, phone, today, merchantClock.UtcNow.UtcDateTime, ct);
            coupons = coupons.Where(c => c.Code == code || db.Members.Any(m => m.Id == c.MemberId && m.Phone == phone));
        }
        else if (query.MemberId is null && actor.StoreScope is not null)
        {
            var own = MemberScope.Listed(db.Members, actor);
            coupons = coupons.Where(c => own.Any(m => m.Id == c.MemberId));
        }
        var total = await coupons.CountAsync(ct);
        var rows = await (
            from c in coupons
            join t in db.CouponTemplates on c.TemplateId equals t.Id
            join m in db.Members on c.MemberId equals m.Id
            join s in db.Stores on c.RedeemedStoreId equals s.Id into stores
            from s in stores.DefaultIfEmpty()
            orderby c.Id descending
            select new { c, t.Name, m.Phone, Store = s == null ? null : s.Name })
            .Skip(query.Skip).Take(Math.Clamp(query.Take, 1, 200)).ToListAsync(ct);
        var fullCodes = actor.Can(Permissions.Coupons.Redeem);
        var fullPhones = actor.Can(Permissions.Members.SeeFullPhone);
        return new CouponPage([.. rows.Select(r => new CouponRow(r.c.Id, fullCodes ? r.c.Code : MaskCode(r.c.Code), r.Name, r.c.MemberId,
            fullPhones ? r.Phone : PhoneNumbers.Mask(r.Phone), r.c.Status, r.c.Source, r.c.IssuedAtUtc, r.c.ValidFromUtc, r.c.ValidUntilUtc,
            r.c.RedeemedAtUtc, r.Store, r.c.RedeemedDiscount, r.c.VoidReason))], total);
    }

    /// <summary>Codes are bearer secrets: those who cannot write off see only the last four characters.</summary>
    public static string MaskCode(string code) => code.Length <= 4 ? code : new string('•', code.Length - 4) + code[^4..];
}
