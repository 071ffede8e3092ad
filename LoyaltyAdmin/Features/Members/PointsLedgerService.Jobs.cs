using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

public sealed partial class PointsLedgerService
{
    /// <summary>Expires the member's points whose last valid day is before <paramref name="day"/>. Safe to repeat.</summary>
    public async Task<long> ExpireAsync(long memberId, DateOnly day, CancellationToken ct = default)
    {
        var programme = await programmes.GetCurrentAsync(ct);
        return await WriteAsync(async db =>
        {
            var member = await db.Members.SingleAsync(m => m.Id == memberId, ct);
            var writer = new LedgerWriter(db, member, programme.Programme.Expiry, clock.GetUtcNow().UtcDateTime, ct);
            var entry = await writer.ExpireAsync(day, new PointsEntry
            {
                Kind = PointsEntryKind.Expire, Source = PointsSource.Job, OccurredAtUtc = StartOfDayUtc(day, (await merchantClock.GetAsync(ct)).TimeZone),
            });
            if (entry is null)
                return 0L;
            writer.Touch();
            await db.SaveChangesAsync(ct);
            return -entry.Points;
        }, ct);
    }

    /// <summary>
    /// The order's return window has ended: its points become spendable, its spend and growth count, and
    /// the tier is re-evaluated. Safe to repeat.
    /// </summary>
    public async Task<bool> ConfirmOrderAsync(long memberId, string orderId, DateOnly day, CancellationToken ct = default)
    {
        var programme = await programmes.GetCurrentAsync(ct);
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        return await WriteAsync(async db =>
        {
            var order = await db.MemberOrders.SingleOrDefaultAsync(o => o.MemberId == memberId && o.OrderId == orderId, ct);
            if (order?.PendingUntil is null || order.PendingUntil > day)
                return false;
            var member = await db.Members.SingleAsync(m => m.Id == memberId, ct);
            var now = clock.GetUtcNow().UtcDateTime;
            var writer = new LedgerWriter(db, member, programme.Programme.Expiry, now, ct);
            foreach (var lot in await db.PointLots.Where(l => l.MemberId == memberId && l.OrderId == orderId && l.IsPending).ToListAsync(ct))
            {
                member.PendingPoints -= lot.Remaining;
                lot.IsPending = false;
            }
            order.PendingUntil = null;
            member.LifetimeSpend += order.Amount - order.RefundedAmount;
            var refundedGrowth = order.RefundedAmount > 0
                ? RefundCalculator.Reverse(new OrderEarning(order.Points, order.Growth, order.Amount), 0, order.RefundedAmount).Growth
                : 0;
            if (order.Growth - refundedGrowth > 0)
                writer.Growth(new GrowthEntry { Kind = GrowthEntryKind.Earn, Growth = order.Growth - refundedGrowth, OccurredAtUtc = now, OrderId = orderId });
            await UpgradeIfQualifiedAsync(db, writer, programme.Programme, now, day, ct);
            await ReactAsync(db, writer, zone, $"confirm:{orderId}", null, null, ct);
            writer.Touch();
            await db.SaveChangesAsync(ct);
            return true;
        }, ct);
    }

    /// <summary>At the end of the tier's validity: keep it for another period, or move down. Safe to repeat.</summary>
    public async Task<TierChange> EvaluateTierValidityAsync(long memberId, DateOnly day, CancellationToken ct = default)
    {
        var programme = await programmes.GetCurrentAsync(ct);
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        return await WriteAsync(async db =>
        {
            var member = await db.Members.SingleAsync(m => m.Id == memberId, ct);
            if (member.TierValidUntil is not { } until || until >= day)
                return TierChange.None;
            var now = clock.GetUtcNow().UtcDateTime;
            var stats = await StatsAsync(db, member, programme.Programme, now, ct);
            var decision = TierEngine.DecideAtValidityEnd(programme.Programme, member.TierCode, stats);
            var writer = new LedgerWriter(db, member, programme.Programme.Expiry, now, ct);
            var reason = decision.Change == TierChange.Downgrade ? l["Tier.Reason.ValidityEnded"] : l["Tier.Reason.Retained"];
            writer.Tier(decision.Change == TierChange.Downgrade ? TierChangeKind.Downgrade : TierChangeKind.Keep,
                decision.To.Code, day, TierEngine.ValidUntil(decision.To, day), reason);
            await ReactAsync(db, writer, zone, $"tier-review:{memberId}:{day:yyyy-MM-dd}", null, null, ct);
            writer.Touch();
            await db.SaveChangesAsync(ct);
            return decision.Change;
        }, ct);
    }

    private static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
}
