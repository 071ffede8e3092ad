using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

public sealed partial class PointsLedgerService
{
    /// <summary>
    /// An earning activity through the rules engine: the awards as entries and lots, the order, growth, counters, streak and
    /// active days, then an upgrade if the member now qualifies. Reads come first (what is stored before this write), so
    /// every provider decides on the same figures whether or not its rows are visible to later reads of the write.
    /// </summary>
    private async Task<ActivityResult> EarnAsync(LedgerWriter writer, ProgrammeInForce programme, string eventId, Activity activity, string currency,
        CancellationToken ct, int? storeId = null)
    {
        var db = writer.Scope.Db;
        var member = writer.Member;
        var zone = writer.Scope.Zone;
        var day = RulesEngine.LocalDate(activity.OccurredAt, zone);
        if (activity.Type == ActivityType.Purchase && string.IsNullOrWhiteSpace(activity.OrderId))
            return ActivityResult.Failed(LedgerError.InvalidAmount, member.Id);
        string? noAward = null;
        if (activity.Type == ActivityType.Share)
            (activity, noAward) = await ShareFriends.VerifyAsync(db, member, activity, ct);

        // Only what a rule of this activity or a tier condition can look at is read (a plain purchase needs none of it).
        List<MemberRuleCounter> counters = programme.UsesCounters(activity.Type)
            ? await db.MemberRuleCounters.AsNoTracking().Where(c => c.MemberId == member.Id).ToListAsync(ct) : [];
        var onceKeys = programme.UsesOnceKeys(activity.Type) ? await LoadOnceKeysAsync(db, member.Id, activity, day, ct) : new HashSet<OnceKey>();
        var rolling = programme.UsesRollingSpend
            ? await StoredRollingSpendAsync(db, member.Id, programme.Programme, activity.OccurredAt.UtcDateTime, ct) : 0m;
        var state = new MemberState
        {
            TierCode = member.TierCode,
            Birthday = member.Birthday,
            Counters = counters.ToDictionary(c => c.RuleId, c => new RuleCounter(c.LastAwardDay, c.PointsThatDay, c.PointsThatMonth, c.PointsLifetime), StringComparer.Ordinal),
            Streak = member.StreakLastDay is { } last ? new CheckInStreak(last, member.StreakLength) : null,
            UsedOnceKeys = onceKeys,
            Stats = Stats(member, rolling),
        };
        var award = RulesEngine.Evaluate(programme.Compiled, zone, state, activity);
        if (activity.Type == ActivityType.Share)
            noAward ??= ShareFriends.AfterAward(award);
        var explanation = award.Explain(currency);

        // A purchase earns pending points for its return window; one reported after its window ended is confirmed at once.
        var pendingDays = programme.Programme.Expiry.PendingDays;
        DateOnly? pendingUntil = activity.Type == ActivityType.Purchase && pendingDays > 0 ? programme.Programme.Expiry.AvailableFrom(day) : null;
        if (pendingUntil is { } until && until <= RulesEngine.LocalDate(clock.GetUtcNow(), zone))
            pendingUntil = null;
        foreach (var rule in award.Rules.Where(r => r.Points > 0))
        {
            await writer.CreditAsync(new PointsEntry
            {
                Kind = PointsEntryKind.Earn, Source = activity.OrderId is null ? PointsSource.Rule : PointsSource.Order, Points = rule.Points,
                EventId = eventId, OrderId = activity.OrderId, RuleId = rule.RuleId,
                ExplanationData = LedgerExplanation.Lines(award.Lines, currency, rule.RuleId),
            }, day, pendingUntil);
        }

        if (activity.Type == ActivityType.Purchase)
        {
            await writer.OrderAsync(new MemberOrder
            {
                OrderId = activity.OrderId!, StoreId = storeId, Amount = activity.Amount, Channel = activity.Channel, Points = award.Points, Growth = award.Growth,
                OccurredAtUtc = activity.OccurredAt.UtcDateTime, PendingUntil = pendingUntil,
            });
        }

        // Growth and spend of a purchase in its return window count only when it confirms.
        if (pendingUntil is null)
        {
            foreach (var rule in award.Rules.Where(r => r.Growth > 0))
                await writer.GrowthAsync(new GrowthEntry { Kind = GrowthEntryKind.Earn, Growth = rule.Growth, EventId = eventId, OrderId = activity.OrderId, RuleId = rule.RuleId });
            if (activity.Type == ActivityType.Purchase)
            {
                member.LifetimeSpend += activity.Amount;
                rolling += activity.Amount;
            }
        }

        foreach (var update in award.CounterUpdates)
        {
            await writer.Scope.Rows.UpsertAsync(new MemberRuleCounter
            {
                MemberId = member.Id, RuleId = update.RuleId, LastAwardDay = update.Counter.LastAwardDay, PointsThatDay = update.Counter.PointsThatDay,
                PointsThatMonth = update.Counter.PointsThatMonth, PointsLifetime = update.Counter.PointsLifetime,
            });
        }
        foreach (var key in award.OnceKeysConsumed)
            await writer.Scope.Rows.InsertAsync(new MemberOnceKey { MemberId = member.Id, RuleId = key.RuleId, Key = key.Key });
        if (award.NewStreak is { } streak)
        {
            member.StreakLastDay = streak.LastCheckIn;
            member.StreakLength = streak.Length;
        }
        if (member.LastActiveDay is null || day > member.LastActiveDay)
        {
            member.ActiveDays++;
            member.LastActiveDay = day;
        }
        if (activity.Type == ActivityType.Referral)
            member.SuccessfulReferrals++;

        var tierChanged = pendingUntil is null && await UpgradeIfQualifiedAsync(writer, programme.Programme, day, Stats(member, rolling));
        return new ActivityResult(LedgerError.None, member.Id, false, award.Points, award.Growth, member.PointsBalance, member.AvailablePoints,
            member.TierCode, tierChanged, award.Rules, explanation, NoAwardReason: award.Points == 0 ? noAward : null);
    }

    /// <summary>A full or partial refund: reverses the order's points and growth in proportion, and a tier it alone gave.</summary>
    private async Task<ActivityResult> RefundAsync(LedgerWriter writer, ProgrammeInForce programme, string eventId, Activity activity, string currency,
        CancellationToken ct)
    {
        var db = writer.Scope.Db;
        var member = writer.Member;
        var order = activity.OrderId is null ? null
            : await db.MemberOrders.AsNoTracking().SingleOrDefaultAsync(o => o.MemberId == member.Id && o.OrderId == activity.OrderId, ct);
        if (order is null)
            return ActivityResult.Failed(LedgerError.UnknownOrder, member.Id);
        if (activity.Amount <= 0)
            return ActivityResult.Failed(LedgerError.InvalidAmount, member.Id);
        if (order.RefundedAmount + activity.Amount > order.Amount)
            return ActivityResult.Failed(LedgerError.RefundExceedsOrder, member.Id);

        // Read before the order changes: the tier check below takes the refund off explicitly.
        var now = writer.Scope.NowUtc;
        var rolling = order.PendingUntil is null ? await StoredRollingSpendAsync(db, member.Id, programme.Programme, now, ct) : 0m;
        var reversal = RefundCalculator.Reverse(new OrderEarning(order.Points, order.Growth, order.Amount), order.RefundedAmount, activity.Amount, order.OrderId);
        order.RefundedAmount += activity.Amount;
        await writer.Scope.Rows.UpdateAsync(order);
        var explanation = reversal.Line.ToText(currency);
        PointsEntry? taken = null;
        if (reversal.Points > 0)
        {
            taken = await writer.DebitAsync(new PointsEntry
            {
                Kind = PointsEntryKind.Reverse, Source = PointsSource.Order, EventId = eventId, OrderId = order.OrderId,
                ExplanationData = LedgerExplanation.Lines([reversal.Line], currency),
            }, reversal.Points, allowShortfall: true, preferOrderId: order.OrderId);
        }

        var tierChanged = false;
        if (order.PendingUntil is null)
        {
            member.LifetimeSpend = Math.Max(0, member.LifetimeSpend - activity.Amount);
            if (reversal.Growth > 0)
                await writer.GrowthAsync(new GrowthEntry { Kind = GrowthEntryKind.Reverse, Growth = -reversal.Growth, EventId = eventId, OrderId = order.OrderId });
            if (order.OccurredAtUtc >= now.AddMonths(-programme.Programme.QualificationWindowMonths))
                rolling -= activity.Amount;
            tierChanged = await UndoUpgradeAfterRefundAsync(writer, programme.Programme, order, Stats(member, rolling), activity);
        }
        return new ActivityResult(LedgerError.None, member.Id, false, taken?.Points ?? 0, -reversal.Growth, member.PointsBalance, member.AvailablePoints,
            member.TierCode, tierChanged, [], explanation, taken?.Shortfall ?? 0);
    }

    private static async Task<IReadOnlySet<OnceKey>> LoadOnceKeysAsync(LoyaltyDbContext db, long memberId, Activity activity, DateOnly day, CancellationToken ct)
    {
        // Only the keys this activity could use: "" (once per member), its order, its friend, this and last year.
        var candidates = new[] { "", activity.OrderId ?? "", activity.Reference ?? "", day.Year.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var rows = await db.MemberOnceKeys.AsNoTracking()
            .Where(k => k.MemberId == memberId && candidates.Contains(k.Key))
            .Select(k => new { k.RuleId, k.Key }).ToListAsync(ct);
        return rows.Select(r => new OnceKey(r.RuleId, r.Key)).ToHashSet();
    }
}
