using LoyaltyAdmin.Data;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

public sealed partial class PointsLedgerService
{
    /// <summary>The figures tiers are decided on, from the member's counters and stored confirmed orders.</summary>
    internal static async Task<QualificationStats> StatsAsync(LoyaltyDbContext db, Member member, Rules.Programme programme, DateTime atUtc, CancellationToken ct) =>
        Stats(member, await StoredRollingSpendAsync(db, member.Id, programme, atUtc, ct));

    private static QualificationStats Stats(Member member, decimal rollingSpend) =>
        new(member.LifetimeSpend, rollingSpend, member.GrowthValue, member.ActiveDays, member.SuccessfulReferrals);

    /// <summary>Confirmed spend net of refunds in the programme's qualification window before <paramref name="atUtc"/>, as stored.</summary>
    private static async Task<decimal> StoredRollingSpendAsync(LoyaltyDbContext db, long memberId, Rules.Programme programme, DateTime atUtc, CancellationToken ct)
    {
        var since = atUtc.AddMonths(-programme.QualificationWindowMonths);
        return await db.MemberOrders
            .Where(o => o.MemberId == memberId && o.PendingUntil == null && o.OccurredAtUtc >= since)
            .SumAsync(o => (decimal?)(o.Amount - o.RefundedAmount), ct) ?? 0m;
    }

    private async Task<bool> UpgradeIfQualifiedAsync(LedgerWriter writer, Rules.Programme programme, DateOnly day, QualificationStats stats)
    {
        var decision = TierEngine.DecideUpgrade(programme, writer.Member.TierCode, stats);
        if (decision.Change != TierChange.Upgrade)
            return false;
        await writer.TierAsync(TierChangeKind.Upgrade, decision.To.Code, day, TierEngine.ValidUntil(decision.To, day),
            decision.Reason is { } met ? TierReason.Met(met) : TierReason.Retained);
        return true;
    }

    /// <summary>
    /// A tier reached on or after the refunded order's day that the member no longer qualifies for is taken back at once;
    /// an older tier stays until its validity ends, like any other.
    /// </summary>
    private async Task<bool> UndoUpgradeAfterRefundAsync(LedgerWriter writer, Rules.Programme programme, MemberOrder order, QualificationStats stats,
        Activity refund)
    {
        var member = writer.Member;
        var zone = writer.Scope.Zone;
        var orderDay = RulesEngine.LocalDate(new DateTimeOffset(order.OccurredAtUtc, TimeSpan.Zero), zone);
        if (member.TierSince < orderDay)
            return false;
        var tiers = TierEngine.Ordered(programme);
        var current = tiers.FirstOrDefault(t => t.Code == member.TierCode) ?? tiers[0];
        var qualified = TierEngine.Qualify(programme, stats);
        if (qualified.Order >= current.Order)
            return false;
        var day = RulesEngine.LocalDate(refund.OccurredAt, zone);
        // Never below a tier set by hand that still holds.
        var decision = TierReview.RespectOverride(programme, new TierDecision(TierChange.Downgrade, current, qualified, null), member.TierOverride, day);
        if (decision.Change != TierChange.Downgrade)
            return false;
        await writer.TierAsync(TierChangeKind.Downgrade, decision.To.Code, day, TierEngine.ValidUntil(decision.To, day), TierReason.Refund(order.OrderId));
        return true;
    }
}
