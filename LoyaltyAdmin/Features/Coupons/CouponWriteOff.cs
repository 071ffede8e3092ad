using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Coupons;

/// <summary>A write-off at the till: which coupon, where, and the order it is used on. <see cref="RequestId"/> makes it idempotent.</summary>
public sealed record WriteOffRequest(string Code, Channel Channel, int? StoreId, decimal OrderAmount, string? OrderId, string RequestId);

public enum WriteOffCheckKind { Status, Dates, Channel, MinimumSpend, Limits }

/// <summary>One check of a write-off, with the reason in the user's language.</summary>
public sealed record WriteOffCheckLine(WriteOffCheckKind Kind, bool Passed, string Text);

/// <summary>What a check or a write-off found; <see cref="DifferentRequest"/>: the request id was first used with another request.</summary>
public enum WriteOffOutcome { Valid, NotFound, AlreadyRedeemed, NotValid, Redeemed, DifferentRequest }

/// <summary>A coupon as the till shows it; the code in full, since the person at the till typed it.</summary>
public sealed record WriteOffCoupon(long Id, string Code, string Name, string Terms, CouponStatus Status, string MemberPhone,
    DateTime ValidFromUtc, DateTime ValidUntilUtc, DateTime? RedeemedAtUtc, string? RedeemedStore);

/// <summary>
/// The answer to a check or a redemption: the coupon, each check, the discount for the order amount and, when it
/// cannot be used, the first failing check's reason. <see cref="Replayed"/>: the same request had already redeemed it.
/// </summary>
public sealed record WriteOffResult(WriteOffOutcome Outcome, WriteOffCoupon? Coupon, IReadOnlyList<WriteOffCheckLine> Checks, decimal Discount,
    string? Reason, bool Replayed = false)
{
    public bool CanRedeem => Outcome == WriteOffOutcome.Valid;
}

/// <summary>
/// Checks and redeems coupons at the till (and for the POS through the API). A write-off is a write of the
/// <see cref="WritePipeline"/> guarded by the coupon's <see cref="Coupon.Version"/>: two tills cannot both redeem one
/// coupon, and the same request id sent again answers the first success instead of a conflict.
/// </summary>
public sealed class CouponWriteOff(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    WritePipeline pipeline,
    MerchantClock merchantClock,
    TimeProvider clock,
    IStringLocalizer<CouponsText> l)
{
    public async Task<WriteOffResult> CheckAsync(StaffActor actor, WriteOffRequest request, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.Redeem, systemMayAct: true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await EvaluateAsync(db, request, clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>
    /// Writes the coupon off, with its audit, its <c>coupon.redeemed</c> event and the request's idempotency record, all
    /// in one write. <paramref name="bodyHash"/> (the API's request body) refuses a repeat of the id with another body.
    /// </summary>
    public async Task<WriteOffResult> RedeemAsync(StaffActor actor, WriteOffRequest request, CancellationToken ct = default, string? bodyHash = null)
    {
        actor.Demand(Permissions.Coupons.Redeem, systemMayAct: true);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.RequestId);
        if (StoreOf(actor) is { } own && (own < 0 || request.StoreId != own))
            throw new UnauthorizedAccessException($"'{actor.Name}' writes off coupons in their own store only.");
        return await pipeline.RunAsync(async scope =>
        {
            var db = scope.Db;
            if (await Idempotency.FindAsync(db, request.RequestId, ct) is { } done && !Idempotency.SameBody(done, bodyHash))
                return new WriteOffResult(WriteOffOutcome.DifferentRequest, null, [], 0, null);
            var check = await EvaluateAsync(db, request, scope.NowUtc, ct);
            if (check.Outcome != WriteOffOutcome.Valid)
                return check;
            var coupon = await db.Coupons.SingleAsync(c => c.Id == check.Coupon!.Id, ct);
            coupon.Redeem(request.StoreId, request.Channel, request.OrderId, request.OrderAmount, check.Discount, actor.UserId, actor.Name, scope.NowUtc, request.RequestId);
            AuditLog.Record(db, actor, scope.NowUtc, "coupon.redeemed", nameof(Coupon), coupon.Id, new { coupon.Code, Status = CouponStatus.Issued },
                new { coupon.Code, Status = CouponStatus.Redeemed, request.StoreId, request.Channel, request.OrderId, request.OrderAmount, check.Discount, request.RequestId });
            await scope.PublishAsync(BusinessEvents.CouponRedeemed, coupon.MemberId, new
            {
                code = coupon.Code, storeId = request.StoreId, channel = request.Channel, orderId = request.OrderId, orderAmount = request.OrderAmount, discount = check.Discount,
            }, scope.NowUtc);
            await scope.Rows.InsertAsync(new ProcessedEvent
            {
                EventId = request.RequestId, MemberId = coupon.MemberId, Type = "CouponRedeem", TierAfter = "", BodyHash = bodyHash, ProcessedAtUtc = scope.NowUtc,
            });
            return check with
            {
                Outcome = WriteOffOutcome.Redeemed,
                Coupon = check.Coupon! with { Status = CouponStatus.Redeemed, RedeemedAtUtc = scope.NowUtc, RedeemedStore = await StoreNameAsync(db, request.StoreId, ct) },
            };
        }, ct);
    }

    /// <summary>The stores the till can pick from: a StoreManager's own, every active store for an Owner.</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> StoresAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.Redeem);
        var own = StoreOf(actor);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Stores.AsNoTracking().Where(s => own == null ? s.IsActive : s.Id == own).OrderBy(s => s.Name)
            .Select(s => new { s.Id, s.Name }).ToListAsync(ct);
        return [.. rows.Select(r => (r.Id, r.Name))];
    }

    /// <summary>The store a StoreManager is bound to (-1 when none is assigned); null for an Owner (any store) and the system.</summary>
    public static int? StoreOf(StaffActor actor) => actor.StoreScope;

    private async Task<WriteOffResult> EvaluateAsync(LoyaltyDbContext db, WriteOffRequest request, DateTime now, CancellationToken ct)
    {
        var code = CouponIssuer.NormaliseCode(request.Code);
        var row = await (
            from cp in db.Coupons.AsNoTracking()
            join tp in db.CouponTemplates on cp.TemplateId equals tp.Id
            join m in db.Members on cp.MemberId equals m.Id
            join s in db.Stores on cp.RedeemedStoreId equals s.Id into stores
            from s in stores.DefaultIfEmpty()
            where cp.Code == code
            select new { Coupon = cp, Template = tp, m.Phone, StoreName = s == null ? null : s.Name }).SingleOrDefaultAsync(ct);
        if (row is null)
            return new WriteOffResult(WriteOffOutcome.NotFound, null, [], 0, l["WriteOff.NotFound"]);

        var merchant = await merchantClock.GetAsync(ct);
        var zone = merchant.TimeZone;
        var c = row.Coupon;
        var t = row.Template;
        var terms = CouponTermsView.From(t);
        var view = new WriteOffCoupon(c.Id, c.Code, t.Name, CouponDescription.Benefit(l, terms, merchant.Currency), c.Status, PhoneNumbers.Mask(row.Phone),
            c.ValidFromUtc, c.ValidUntilUtc, c.RedeemedAtUtc, row.StoreName);
        if (c.Status == CouponStatus.Redeemed && c.RedeemRequestId == request.RequestId)
            return new WriteOffResult(WriteOffOutcome.Redeemed, view, [], c.RedeemedDiscount ?? 0, null, Replayed: true);

        var money = (decimal d) => MerchantClock.FormatMoney(d, merchant.Currency);
        var lastDay = CouponTerms.LocalDay(c.ValidUntilUtc, zone).AddDays(-1);
        var firstDay = CouponTerms.LocalDay(c.ValidFromUtc, zone);
        var checks = new List<WriteOffCheckLine>
        {
            new(WriteOffCheckKind.Status, c.Status == CouponStatus.Issued, c.Status switch
            {
                CouponStatus.Issued => l["Check.Status.Issued"],
                CouponStatus.Redeemed => l["Check.Status.Redeemed", MerchantClock.ToLocal(c.RedeemedAtUtc ?? now, zone).ToString("yyyy-MM-dd HH:mm"), row.StoreName ?? "—"],
                CouponStatus.Voided => l["Check.Status.Voided", c.VoidReason ?? ""],
                _ => l["Check.Status.Expired"],
            }),
            now < c.ValidFromUtc ? new(WriteOffCheckKind.Dates, false, l["Check.Dates.NotYet", firstDay.ToString("yyyy-MM-dd")])
            : now >= c.ValidUntilUtc ? new(WriteOffCheckKind.Dates, false, l["Check.Dates.Over", lastDay.ToString("yyyy-MM-dd")])
            : new(WriteOffCheckKind.Dates, true, l["Check.Dates.Ok", firstDay.ToString("yyyy-MM-dd"), lastDay.ToString("yyyy-MM-dd")]),
            t.Channel is { } only && only != request.Channel
                ? new(WriteOffCheckKind.Channel, false, l["Check.Channel.Wrong", CouponDescription.ChannelText(l, only)])
                : new(WriteOffCheckKind.Channel, true, CouponDescription.ChannelText(l, t.Channel)),
            t.MinimumSpend is { } min && request.OrderAmount < min
                ? new(WriteOffCheckKind.MinimumSpend, false, l["Check.Minimum.Below", money(min), money(min - request.OrderAmount)])
                : new(WriteOffCheckKind.MinimumSpend, true, t.MinimumSpend is { } m2 ? l["Check.Minimum.Ok", money(m2)] : l["Check.Minimum.None"]),
            new(WriteOffCheckKind.Limits, true, l["Check.LimitsText"]),
        };
        var discount = CouponTerms.Discount(t.Kind, t.Amount, t.Percent, t.MaxDiscount, request.OrderAmount);
        var failed = checks.FirstOrDefault(x => !x.Passed);
        var outcome = failed is null ? WriteOffOutcome.Valid
            : c.Status == CouponStatus.Redeemed ? WriteOffOutcome.AlreadyRedeemed
            : WriteOffOutcome.NotValid;
        return new WriteOffResult(outcome, view, checks, discount, failed?.Text);
    }

    private static async Task<string?> StoreNameAsync(LoyaltyDbContext db, int? storeId, CancellationToken ct) =>
        storeId is null ? null : await db.Stores.AsNoTracking().Where(s => s.Id == storeId).Select(s => s.Name).SingleOrDefaultAsync(ct);
}
