using LoyaltyAdmin.Features.Coupons;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members.Centre;

public sealed partial class MemberCentreService
{
    /// <summary>
    /// The member's coupons as the member reads their state now: an issued coupon whose last day has ended reads expired even
    /// before the nightly job marks it. <paramref name="status"/> issued: usable ones, soonest ending first; otherwise (or
    /// none) the newest issued first.
    /// </summary>
    public async Task<MemberCouponsResponse?> CouponsAsync(StaffActor actor, long memberId, string? language, CouponStatus? status, PageCursor? cursor,
        int limit, CancellationToken ct = default)
    {
        await using var read = await OpenAsync(actor, memberId, language, ct);
        if (read is null)
            return null;
        using var inLanguage = MemberLanguage.Use(read.Language);
        var now = clock.GetUtcNow().UtcDateTime;
        var coupons = read.Db.Coupons.AsNoTracking().Where(c => c.MemberId == memberId);
        IOrderedQueryable<Coupon> ordered;
        if (status == CouponStatus.Issued)
        {
            coupons = coupons.Where(c => c.Status == CouponStatus.Issued && c.ValidUntilUtc > now);
            if (cursor is { } after)
            {
                var until = new DateTime(after.Key, DateTimeKind.Utc);
                coupons = coupons.Where(c => c.ValidUntilUtc > until || (c.ValidUntilUtc == until && c.Id > after.Id));
            }
            ordered = coupons.OrderBy(c => c.ValidUntilUtc).ThenBy(c => c.Id);
        }
        else
        {
            coupons = status switch
            {
                CouponStatus.Expired => coupons.Where(c => c.Status == CouponStatus.Expired || (c.Status == CouponStatus.Issued && c.ValidUntilUtc <= now)),
                { } other => coupons.Where(c => c.Status == other),
                null => coupons,
            };
            if (cursor is { } after)
                coupons = coupons.Where(c => c.Id < after.Id);
            ordered = coupons.OrderByDescending(c => c.Id);
        }
        var rows = await ordered.Take(limit + 1)
            .Join(read.Db.CouponTemplates, c => c.TemplateId, tpl => tpl.Id, (c, tpl) => new { c, tpl })
            .Select(x => new
            {
                x.c.Id, x.c.Code, x.c.Status, x.c.ValidFromUtc, x.c.ValidUntilUtc, x.c.Source, x.c.IssuedAtUtc, x.c.RedeemedAtUtc, x.c.RedeemedChannel,
                x.c.RedeemedOrderId, x.c.RedeemedDiscount, x.c.VoidedAtUtc, x.tpl,
                Store = read.Db.Stores.Where(s => s.Id == x.c.RedeemedStoreId).Select(s => new { s.Code, s.Name }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        // The join keeps the page's order on SQLite, but nothing promises it: order again in memory.
        rows = status == CouponStatus.Issued ? [.. rows.OrderBy(r => r.ValidUntilUtc).ThenBy(r => r.Id)] : [.. rows.OrderByDescending(r => r.Id)];
        var page = rows.Take(limit).ToList();
        var items = page.Select(r =>
        {
            var state = r.Status == CouponStatus.Issued && r.ValidUntilUtc <= now ? CouponStatus.Expired : r.Status;
            var text = state == CouponStatus.Issued && r.ValidFromUtc > now ? "Coupon.Status.NotYet" : $"Coupon.Status.{state}";
            var tpl = r.tpl;
            return new MemberCouponItem(r.Code, Wire(state), t[text], new CouponTemplateResponse(tpl.Id, tpl.Name, Wire(tpl.Kind), tpl.Amount, tpl.Percent,
                    tpl.MaxDiscount, tpl.ItemName, tpl.MinimumSpend),
                CouponDescription.Describe(couponText, CouponTermsView.From(tpl), read.Currency), r.ValidFromUtc, r.ValidUntilUtc,
                LastDay(r.ValidUntilUtc, read.Zone), tpl.Channel is { } only ? Wire(only) : null, Wire(r.Source), r.IssuedAtUtc,
                r.Status == CouponStatus.Redeemed && r.RedeemedAtUtc is { } at
                    ? new CouponUseResponse(at, r.Store?.Code, r.Store?.Name, r.RedeemedChannel is { } ch ? Wire(ch) : null, r.RedeemedOrderId, r.RedeemedDiscount)
                    : null,
                r.Status == CouponStatus.Voided ? r.VoidedAtUtc : null);
        }).ToList();
        string? next = null;
        if (rows.Count > limit)
        {
            var last = page[^1];
            next = (status == CouponStatus.Issued ? new PageCursor(last.ValidUntilUtc.Ticks, last.Id) : new PageCursor(0, last.Id)).Encode();
        }
        return new MemberCouponsResponse(read.Language, items, next);
    }

    /// <summary>The last merchant day of a validity that ends (exclusive) at <paramref name="untilUtc"/>; an open end is the last day there is.</summary>
    private static DateOnly LastDay(DateTime untilUtc, TimeZoneInfo zone) =>
        untilUtc >= DateTime.MaxValue.AddDays(-2) ? DateOnly.MaxValue : CouponTerms.LocalDay(untilUtc.AddTicks(-1), zone);
}
