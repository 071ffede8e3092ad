using LoyaltyAdmin.Data;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

public sealed partial class PointsLedgerService
{
    /// <summary>Expires the member's points whose last valid day is before <paramref name="day"/>. Safe to repeat.</summary>
    public async Task<long> ExpireAsync(long memberId, DateOnly day, CancellationToken ct = default)
    {
        var programme = await programmes.GetCurrentAsync(ct);
        return await pipeline.RunAsync(async scope =>
        {
            var member = await WritePipeline.LockMemberAsync(scope.Db, memberId, ct);
            if (member is null)
                return 0L;
            // Business time: the start of the day the points were no longer valid on.
            var writer = new LedgerWriter(scope, member, programme.Programme.Expiry, StartOfDayUtc(day, scope.Zone), ct);
            var entry = await writer.ExpireAsync(day, new PointsEntry { Kind = PointsEntryKind.Expire, Source = PointsSource.Job });
            if (entry is null)
                return 0L;
            await writer.SaveMemberAsync();
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
        return await pipeline.RunAsync(async scope =>
        {
            var member = await WritePipeline.LockMemberAsync(scope.Db, memberId, ct);
            var order = await scope.Db.MemberOrders.AsNoTracking().SingleOrDefaultAsync(o => o.MemberId == memberId && o.OrderId == orderId, ct);
            if (member is null || order?.PendingUntil is null || order.PendingUntil > day)
                return false;
            // Business time: the day the window ended. Read before the order changes; the confirmed spend is added below.
            var confirmedOn = order.PendingUntil.Value;
            var at = StartOfDayUtc(confirmedOn, scope.Zone);
            var rolling = await StoredRollingSpendAsync(scope.Db, memberId, programme.Programme, at, ct);
            var writer = new LedgerWriter(scope, member, programme.Programme.Expiry, at, ct);
            await writer.ConfirmLotsAsync(orderId);
            order.PendingUntil = null;
            await scope.Rows.UpdateAsync(order);
            var confirmed = order.Amount - order.RefundedAmount;
            member.LifetimeSpend += confirmed;
            if (order.OccurredAtUtc >= at.AddMonths(-programme.Programme.QualificationWindowMonths))
                rolling += confirmed;
            var refundedGrowth = order.RefundedAmount > 0
                ? RefundCalculator.Reverse(new OrderEarning(order.Points, order.Growth, order.Amount), 0, order.RefundedAmount).Growth
                : 0;
            if (order.Growth - refundedGrowth > 0)
                await writer.GrowthAsync(new GrowthEntry { Kind = GrowthEntryKind.Earn, Growth = order.Growth - refundedGrowth, OrderId = orderId });
            await scope.PublishAsync(BusinessEvents.PointsConfirmed, memberId, new { orderId, available = member.AvailablePoints }, at);
            await UpgradeIfQualifiedAsync(writer, programme.Programme, confirmedOn, Stats(member, rolling));
            await ReactAsync(writer, $"confirm:{orderId}", null, null, ct);
            await writer.SaveMemberAsync();
            return true;
        }, ct);
    }

    /// <summary>
    /// At the end of the tier's validity: keep it for another period, or move down, never below a tier set by hand that still
    /// holds. A tier set by hand whose last day has passed ends here: the normal rules apply from then on. Safe to repeat.
    /// </summary>
    public async Task<TierChange> EvaluateTierValidityAsync(long memberId, DateOnly day, CancellationToken ct = default)
    {
        var programme = await programmes.GetCurrentAsync(ct);
        return await pipeline.RunAsync(async scope =>
        {
            var member = await WritePipeline.LockMemberAsync(scope.Db, memberId, ct);
            if (member is null)
                return TierChange.None;
            var ended = member.TierOverride is { } held && !held.IsActiveOn(day) ? held : null;
            if (ended is not null)
                (member.TierOverrideCode, member.TierOverrideUntil, member.TierOverrideReason, member.TierOverrideBy) = (null, null, null, null);
            if (member.TierValidUntil is not { } until || until >= day)
            {
                // Only the override ended (the member moved up meanwhile, on a validity of their own): nothing else to decide.
                if (ended is not null)
                    await new LedgerWriter(scope, member, programme.Programme.Expiry, scope.NowUtc, ct).SaveMemberAsync();
                return TierChange.None;
            }
            var at = StartOfDayUtc(until.AddDays(1), scope.Zone);
            var stats = await StatsAsync(scope.Db, member, programme.Programme, at, ct);
            var natural = TierEngine.DecideAtValidityEnd(programme.Programme, member.TierCode, stats);
            var decision = TierReview.RespectOverride(programme.Programme, natural, member.TierOverride, day);
            // Held up by the tier set by hand: valid only until its end, when the normal rules decide again.
            var validUntil = !ReferenceEquals(decision, natural) && member.TierOverride is { } pin ? pin.Until : TierEngine.ValidUntil(decision.To, day);
            var writer = new LedgerWriter(scope, member, programme.Programme.Expiry, at, ct);
            var reason = decision.Change == TierChange.Downgrade ? TierReason.ValidityEnded : TierReason.Retained;
            if (ended is not null)
                reason = TierReason.OverrideEnded(ended.Until, reason);
            else if (!ReferenceEquals(decision, natural) && member.TierOverride is { } floor)
                reason = TierReason.OverrideHolds(floor.Until);
            await writer.TierAsync(decision.Change == TierChange.Downgrade ? TierChangeKind.Downgrade : TierChangeKind.Keep,
                decision.To.Code, day, validUntil, reason);
            await ReactAsync(writer, $"tier-review:{memberId}:{day:yyyy-MM-dd}", null, null, ct);
            await writer.SaveMemberAsync();
            return decision.Change;
        }, ct);
    }

    private static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
}
