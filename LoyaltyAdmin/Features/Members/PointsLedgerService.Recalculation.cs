using LoyaltyAdmin.Data;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Members;

public sealed partial class PointsLedgerService
{
    /// <summary>
    /// Re-qualifies one member after the programme changed from <paramref name="before"/> to <paramref name="after"/>, through
    /// the ledger's tier path under the member's lock: up when the new entry conditions give more, down when only the new
    /// rules would not keep the tier (<see cref="TierReview.DecideRecalculation"/>), never below a tier set by hand that
    /// still holds. The tier history says "recalculated after programme version N". Safe to repeat: a member already moved
    /// is not moved again.
    /// </summary>
    public async Task<TierChange> RecalculateTierAsync(long memberId, Rules.Programme before, Rules.Programme after, int versionNumber, long runId,
        CancellationToken ct = default) =>
        await pipeline.RunAsync(async scope =>
        {
            var member = await WritePipeline.LockMemberAsync(scope.Db, memberId, ct);
            if (member is null)
                return TierChange.None;
            var now = scope.NowUtc;
            var day = RulesEngine.LocalDate(new DateTimeOffset(now, TimeSpan.Zero), scope.Zone);
            var stats = await StatsAsync(scope.Db, member, after, now, ct);
            var beforeStats = before.QualificationWindowMonths == after.QualificationWindowMonths ? stats : await StatsAsync(scope.Db, member, before, now, ct);
            var decision = TierReview.DecideRecalculation(before, after, member.TierCode, stats, member.TierOverride, day, beforeStats);
            if (decision.Change is not (TierChange.Upgrade or TierChange.Downgrade))
                return TierChange.None;
            var writer = new LedgerWriter(scope, member, after.Expiry, now, ct);
            await writer.TierAsync(decision.Change == TierChange.Upgrade ? TierChangeKind.Upgrade : TierChangeKind.Downgrade, decision.To.Code, day,
                TierEngine.ValidUntil(decision.To, day), TierReason.Recalculated(versionNumber));
            await ReactAsync(writer, $"tier-recalculation:{runId}:{memberId}", null, null, ct);
            await writer.SaveMemberAsync();
            return decision.Change;
        }, ct);
}
