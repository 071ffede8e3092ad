using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Catalogue;

/// <summary>
/// Redeems catalogue items through <see cref="PointsLedgerService.RedeemAsync"/>: the points, the stock claim, the
/// per-member limit and the redemption record commit together under the member's lock, or nothing does.
/// </summary>
public sealed class RedemptionService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    WritePipeline pipeline,
    PointsLedgerService ledger,
    CouponIssuer coupons,
    MerchantClock merchantClock,
    IStringLocalizer<CatalogueText> l)
{
    /// <summary>
    /// A redemption by staff at the counter of their store (recorded with it), for a member they serve, at the price they were
    /// shown (<see cref="RedeemError.PriceChanged"/> otherwise).
    /// </summary>
    public async Task<RedeemOutcome> RedeemAsync(StaffActor actor, long memberId, string itemCode, long shownPoints, string requestId, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Catalogue.Redeem);
        await MemberScope.DemandAsync(dbFactory, merchantClock, actor, memberId, ct);
        return await RedeemAsync(new RedeemRequest(memberId, itemCode, requestId, Rules.Channel.Store, actor.StoreId, actor, ExpectedPoints: shownPoints), ct);
    }

    /// <summary>
    /// Redeems one unit of an item at the server's price of the merchant's day. Idempotent by request id: a repeat
    /// answers the first redemption. A refusal writes nothing, so a later retry with the same id may succeed.
    /// </summary>
    public async Task<RedeemOutcome> RedeemAsync(RedeemRequest request, CancellationToken ct = default)
    {
        if (await FindAsync(request.RequestId, ct) is { } done)
            return await ReplayAsync(done, request.BodyHash, ct);
        var code = CatalogueService.NormalizeCode(request.ItemCode);
        CatalogueItem? item;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            item = await db.CatalogueItems.AsNoTracking().SingleOrDefaultAsync(i => i.Code == code, ct);
        if (item is null)
            return new RedeemOutcome(RedeemError.ItemNotFound);
        var today = await merchantClock.TodayAsync(ct);
        var price = item.PriceOn(today);
        if (!item.IsActive || item.AvailableFrom > today || item.AvailableUntil < today)
            return new RedeemOutcome(RedeemError.ItemNotAvailable, CurrentPrice: price);
        if (request.ExpectedPoints is { } expected && expected != price.Points)
            return new RedeemOutcome(RedeemError.PriceChanged, CurrentPrice: price);

        var refusal = RedeemError.None;
        var note = $"{item.Code} · {item.Name}" + (price.IsDiscounted ? $" (−{price.DiscountPercent}%)" : "");
        var result = await ledger.RedeemAsync(request.MemberId, price.Points, request.RequestId, request.OrderId, note, ct, async (operation, token) =>
        {
            refusal = await ClaimAsync(operation, item, price, request, token);
            return refusal == RedeemError.None;
        }, request.BodyHash, price.IsDiscounted
            ? LedgerExplanation.Text("Ledger.RedeemedDiscounted", item.Name, price.DiscountPercent)
            : LedgerExplanation.Text("Ledger.Redeemed", item.Name));
        return result.Error switch
        {
            LedgerError.None when result.Duplicate => await FindAsync(request.RequestId, ct) is { } first
                ? await ReplayAsync(first, request.BodyHash, ct)
                : new RedeemOutcome(RedeemError.None, Balance: result.Balance, Available: result.Available, Duplicate: true),
            LedgerError.None => await FindAsync(request.RequestId, ct) is { } saved
                ? new RedeemOutcome(RedeemError.None, View(saved), result.Balance, result.Available)
                : throw new InvalidOperationException("The redemption was committed without its record."),
            LedgerError.Refused => new RedeemOutcome(refusal, Balance: result.Balance, Available: result.Available, CurrentPrice: price),
            LedgerError.MemberNotFound => new RedeemOutcome(RedeemError.MemberNotFound),
            LedgerError.DifferentRequest => new RedeemOutcome(RedeemError.DifferentRequest),
            LedgerError.MemberNotActive => new RedeemOutcome(RedeemError.MemberNotActive),
            _ => new RedeemOutcome(RedeemError.InsufficientPoints, Balance: result.Balance, Available: result.Available, CurrentPrice: price),
        };
    }

    /// <summary>Inside the ledger's transaction, with the member locked: the limit, the stock, the record.</summary>
    private async Task<RedeemError> ClaimAsync(LedgerOperation operation, CatalogueItem item, CataloguePrice price, RedeemRequest request, CancellationToken ct)
    {
        var db = operation.Db;
        // Exact under concurrency: every redemption of this member waits for the member's lock.
        if (item.PerMemberLimit is { } limit
            && await db.CatalogueRedemptions.CountAsync(r => r.MemberId == operation.Member.Id && r.ItemId == item.Id, ct) >= limit)
            return RedeemError.LimitReached;
        // One conditional update: concurrent redemptions by different members queue on the item's row and each
        // re-checks the stock, so none oversells. An edit since the price was read refuses rather than charge an old price.
        var claimed = await db.CatalogueItems
            .Where(i => i.Id == item.Id && i.Version == item.Version && i.IsActive && (i.Stock == null || i.Redeemed < i.Stock))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Redeemed, i => i.Redeemed + 1), ct);
        if (claimed == 0)
        {
            var now = await db.CatalogueItems.AsNoTracking().Where(i => i.Id == item.Id).Select(i => new { i.Version, i.IsActive, i.Stock, i.Redeemed }).SingleAsync(ct);
            return now.Version != item.Version ? RedeemError.PriceChanged
                : !now.IsActive ? RedeemError.ItemNotAvailable
                : RedeemError.OutOfStock;
        }
        string? couponCode = null;
        if (item.Kind == CatalogueItemKind.Coupon)
        {
            var issued = await coupons.IssueTemplateAsync(operation.Scope, operation.Member.Id, item.CouponTemplateId!.Value, 1, CouponSource.Redemption,
                request.RequestId, operation.NowUtc, ct);
            switch (issued.Status)
            {
                case CouponIssueStatus.Succeeded or CouponIssueStatus.AlreadyIssued:
                    couponCode = issued.Codes[0];
                    break;
                case CouponIssueStatus.OutOfStock:
                    return RedeemError.OutOfStock;
                case CouponIssueStatus.MemberLimitReached:
                    return RedeemError.LimitReached;
                case CouponIssueStatus.MemberUnavailable:
                    return RedeemError.MemberNotActive;
                default:
                    return RedeemError.ItemNotAvailable;
            }
        }
        if (item.CouponPackId is { } packId)
        {
            var pack = await coupons.IssuePackAsync(operation.Scope, operation.Member.Id, packId, CouponSource.Redemption, request.RequestId + "/pack",
                operation.NowUtc, ct);
            switch (pack.Status)
            {
                case CouponIssueStatus.Succeeded or CouponIssueStatus.AlreadyIssued:
                    break;
                case CouponIssueStatus.OutOfStock:
                    return RedeemError.OutOfStock;
                case CouponIssueStatus.MemberLimitReached:
                    return RedeemError.LimitReached;
                case CouponIssueStatus.MemberUnavailable:
                    return RedeemError.MemberNotActive;
                default:
                    return RedeemError.ItemNotAvailable;
            }
        }
        var redemption = new CatalogueRedemption
        {
            MemberId = operation.Member.Id, ItemId = item.Id, ItemCode = item.Code, ItemName = item.Name, Kind = item.Kind,
            RegularPoints = price.RegularPoints, PointsPaid = price.Points, DiscountPercent = price.DiscountPercent, Cash = price.Cash,
            // A coupon is in the member's hands as soon as it is issued; goods and services are handed over in store.
            Status = couponCode is null ? RedemptionStatus.AwaitingHandover : RedemptionStatus.Completed, CouponCode = couponCode, Channel = request.Channel, StoreId = request.StoreId, RequestId = request.RequestId,
            OperatorId = request.Actor.UserId, ByName = request.Actor.Name, RedeemedAtUtc = operation.NowUtc,
        };
        db.CatalogueRedemptions.Add(redemption);
        await operation.Scope.PublishAsync(BusinessEvents.RedemptionMade, operation.Member.Id, new
        {
            itemCode = item.Code, kind = item.Kind, pointsPaid = price.Points, price.Cash, price.DiscountPercent, couponCode, storeId = request.StoreId, channel = request.Channel,
        }, operation.NowUtc);
        if (!request.Actor.IsSystem)
        {
            AuditLog.Record(db, request.Actor, operation.NowUtc, "catalogue.redeemed", nameof(Member), operation.Member.Id, null,
                new { item.Code, price.RegularPoints, PointsPaid = price.Points, price.DiscountPercent, price.Cash, request.RequestId, CouponCode = couponCode });
        }
        return RedeemError.None;
    }

    public async Task<PagedResult<RedemptionRow>> ListAsync(StaffActor actor, int page, int pageSize, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Catalogue.Redeem);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = Scoped(db, actor);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(r => r.Id).Skip(page * pageSize).Take(pageSize)
            .Select(r => new RedemptionRow(r.Id, r.RedeemedAtUtc, r.MemberId,
                db.Members.Where(m => m.Id == r.MemberId).Select(m => m.Phone).First(),
                db.Members.Where(m => m.Id == r.MemberId).Select(m => m.Name).First(),
                r.ItemCode, r.ItemName, r.Kind, r.PointsPaid, r.DiscountPercent, r.Cash, r.Status, r.Channel,
                db.Stores.Where(s => s.Id == r.StoreId).Select(s => s.Name).FirstOrDefault(), r.ByName, r.HandedOverAtUtc, r.HandedOverByName, r.CouponCode))
            .ToListAsync(ct);
        var full = actor.Can(Permissions.Members.SeeFullPhone);
        return new PagedResult<RedemptionRow>(full ? rows : rows.Select(r => r with { Phone = PhoneNumbers.Mask(r.Phone) }).ToList(), total);
    }

    /// <summary>Records that the goods or service was handed to the member. Audited; a second hand-over is refused.</summary>
    public async Task<SaveResult> HandOverAsync(StaffActor actor, long redemptionId, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Catalogue.Redeem);
        return await pipeline.RunAsync(async scope =>
        {
            if (!await Scoped(scope.Db, actor).AnyAsync(r => r.Id == redemptionId, ct))
                throw new UnauthorizedAccessException($"'{actor.Name}' does not serve redemption {redemptionId}.");
            // Conditional, so two clerks pressing at once hand it over once.
            var changed = await scope.Db.CatalogueRedemptions
                .Where(r => r.Id == redemptionId && r.Status == RedemptionStatus.AwaitingHandover)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RedemptionStatus.Completed)
                    .SetProperty(r => r.HandedOverAtUtc, scope.NowUtc).SetProperty(r => r.HandedOverByName, actor.Name), ct);
            if (changed == 0)
                return SaveResult.Fail("", l["Redemptions.AlreadyHandedOver"]);
            AuditLog.Record(scope.Db, actor, scope.NowUtc, "catalogue.handed_over", nameof(CatalogueRedemption), redemptionId,
                new { Status = nameof(RedemptionStatus.AwaitingHandover) }, new { Status = nameof(RedemptionStatus.Completed) });
            return SaveResult.Ok();
        }, ct);
    }

    /// <summary>
    /// The redemptions the actor sees: a StoreManager's are their store's members' and those made at their store (a visiting
    /// member's goods are handed over where they were redeemed).
    /// </summary>
    private static IQueryable<CatalogueRedemption> Scoped(LoyaltyDbContext db, StaffActor actor)
    {
        var redemptions = db.CatalogueRedemptions.AsNoTracking();
        if (actor.StoreScope is not { } store)
            return redemptions;
        var own = MemberScope.Listed(db.Members, actor);
        return redemptions.Where(r => r.StoreId == store || own.Any(m => m.Id == r.MemberId));
    }

    private async Task<CatalogueRedemption?> FindAsync(string requestId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.CatalogueRedemptions.AsNoTracking().SingleOrDefaultAsync(r => r.RequestId == requestId, ct);
    }

    /// <summary>The first answer again: the balance right after it, from the ledger's record of the request.</summary>
    private async Task<RedeemOutcome> ReplayAsync(CatalogueRedemption done, string? bodyHash, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var record = await Idempotency.FindAsync(db, done.RequestId, ct);
        if (record is not null && !Idempotency.SameBody(record, bodyHash))
            return new RedeemOutcome(RedeemError.DifferentRequest);
        var balance = record?.BalanceAfter ?? 0;
        return new RedeemOutcome(RedeemError.None, View(done), balance, balance, Duplicate: true);
    }

    private static RedemptionView View(CatalogueRedemption r) =>
        new(r.Id, r.ItemCode, r.ItemName, r.Kind, r.RegularPoints, r.PointsPaid, r.DiscountPercent, r.Cash, r.Status, r.RedeemedAtUtc, r.CouponCode);
}
