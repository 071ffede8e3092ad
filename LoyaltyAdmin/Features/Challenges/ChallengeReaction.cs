using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Challenges;

/// <summary>
/// Moves the member's challenges in the same write as the activity: progress rows, each newly reached stage's rewards
/// (points, a coupon pack, a badge) and the events <c>challenge.progressed</c>, <c>challenge.completed</c> and
/// <c>badge.awarded</c>, all committing with the activity or not at all. The ledger reacts only to new operations, so a
/// replayed event never moves a challenge twice; a stage's rewards are given once because reached stages never go down.
/// </summary>
public sealed class ChallengeReaction(CouponIssuer coupons, ILogger<ChallengeReaction> logger) : ILedgerReaction
{
    public async Task ReactAsync(LedgerOperation operation, CancellationToken ct)
    {
        if (operation.Activity is not { } activity || operation.Result is not { Succeeded: true } || operation.Programme is not { } programme)
            return;
        if (!programme.Compiled.Challenges.AnyFor(activity.Type))
            return;

        var db = operation.Db;
        var memberId = operation.Member.Id;
        var rows = await db.MemberChallengeProgress.Where(p => p.MemberId == memberId).ToListAsync(ct);
        var progress = rows.Select(r => r.ToProgress()).ToList();
        ChallengeOutcome outcome;
        if (activity.Type == ActivityType.Refund)
        {
            // Amount and time of the order are never changed by the refund, so reading them here is safe on every provider.
            var order = await db.MemberOrders.AsNoTracking().Where(o => o.MemberId == memberId && o.OrderId == activity.OrderId)
                .Select(o => new { o.Amount, o.OccurredAtUtc }).SingleOrDefaultAsync(ct);
            if (order is null)
                return;
            outcome = ChallengeEngine.Refund(programme.Compiled, operation.Zone, progress, activity, order.Amount,
                new DateTimeOffset(DateTime.SpecifyKind(order.OccurredAtUtc, DateTimeKind.Utc)));
        }
        else
            outcome = ChallengeEngine.Evaluate(programme.Compiled, operation.Zone, operation.Member.TierCode, progress, activity);

        foreach (var step in outcome.Steps)
        {
            var challenge = programme.Programme.Challenges!.First(c => c.Id == step.ChallengeId);
            var row = Apply(operation, rows, step, activity.Type != ActivityType.Refund);
            var stages = challenge.Stages.OrderBy(s => s.Target).ToList();
            await operation.Scope.PublishAsync(BusinessEvents.ChallengeProgressed, memberId, new
            {
                challengeId = step.ChallengeId, periodStart = step.PeriodStart, periodEnd = step.PeriodEnd, progress = step.After, previous = step.Before,
                target = stages[^1].Target, stagesReached = step.StagesAfter, stages = stages.Count,
            }, operation.OccurredAtUtc);
            for (var s = step.StagesBefore; s < step.StagesAfter; s++)
                await RewardAsync(operation, programme.Programme, challenge, step, s + 1, stages[s], outcome.Lines, ct);
            if (step.Completes(stages.Count))
            {
                row.CompletedAtUtc = operation.OccurredAtUtc;
                await operation.Scope.PublishAsync(BusinessEvents.ChallengeCompleted, memberId, new
                {
                    challengeId = step.ChallengeId, periodStart = step.PeriodStart, periodEnd = step.PeriodEnd, progress = step.After,
                }, operation.OccurredAtUtc);
            }
        }
    }

    private static MemberChallengeProgress Apply(LedgerOperation operation, List<MemberChallengeProgress> rows, ChallengeStep step, bool counted)
    {
        var row = rows.FirstOrDefault(r => r.ChallengeId == step.ChallengeId && r.PeriodStart == step.PeriodStart);
        if (row is null)
        {
            row = new MemberChallengeProgress
            {
                MemberId = operation.Member.Id, ChallengeId = step.ChallengeId, PeriodStart = step.PeriodStart, PeriodEnd = step.PeriodEnd,
            };
            operation.Db.MemberChallengeProgress.Add(row);
            rows.Add(row);
        }
        row.Value = step.After;
        row.StagesReached = step.StagesAfter;
        if (counted)
            row.LastDay = operation.Day;
        if (step.Store is { } store)
            row.Stores = (row.Stores ?? "") + store + "|";
        row.UpdatedAtUtc = operation.NowUtc;
        return row;
    }

    private async Task RewardAsync(LedgerOperation operation, Rules.Programme programme, Challenge challenge, ChallengeStep step, int stageNumber,
        ChallengeStage stage, IReadOnlyList<ExplanationLine> lines, CancellationToken ct)
    {
        var reference = $"challenge:{challenge.Id}";
        var stageLine = lines.First(l => l.Kind == ExplanationKind.ChallengeStage && l.RuleId == challenge.Id && l.After == stageNumber);
        if (stage.Points > 0)
            await operation.CreditCampaignPointsAsync(stage.Points, reference, LedgerExplanation.Lines([stageLine], ExplanationText.DefaultCurrency));
        if (!string.IsNullOrWhiteSpace(stage.CouponPack))
        {
            var packId = await operation.Db.CouponPacks.AsNoTracking().Where(p => p.Name == stage.CouponPack && p.IsActive)
                .OrderBy(p => p.Id).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
            var result = packId is { } id
                ? await coupons.IssuePackAsync(operation.Scope, operation.Member.Id, id, CouponSource.Challenge,
                    $"{reference}/{step.PeriodStart:yyyy-MM-dd}/stage:{stageNumber}", operation.OccurredAtUtc, ct)
                : CouponIssueResult.Failed(CouponIssueStatus.Inactive);
            if (!result.Succeeded && result.Status != CouponIssueStatus.AlreadyIssued)
                logger.LogWarning("Challenge {ChallengeId} stage {Stage}: coupon pack {Pack} not issued to member {MemberId}: {Status}",
                    challenge.Id, stageNumber, stage.CouponPack, operation.Member.Id, result.Status);
        }
        if (!string.IsNullOrWhiteSpace(stage.Badge) && (programme.Badges ?? []).Any(b => b.Code == stage.Badge))
            await BadgeAwards.AwardAsync(operation.Scope, operation.Member.Id, stage.Badge, BadgeSource.Challenge, challenge.Id, null, null,
                operation.OccurredAtUtc, ct);
    }
}
