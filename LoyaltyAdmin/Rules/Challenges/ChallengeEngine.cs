namespace LoyaltyAdmin.Rules;

/// <summary>
/// Moves a member's challenges for one activity. Pure and deterministic like <see cref="RulesEngine"/>: progress is a
/// function of the challenge, the member's stored progress and the activity, with one explanation line per challenge
/// moved and one per stage reached. An activity no challenge listens to returns at once without allocating.
/// </summary>
/// <remarks>
/// Refunds (<see cref="Refund"/>): a purchase refunded in full stops counting towards a purchases goal, and a spend goal
/// loses the refunded amount, in the period of the original purchase. Stages already reached stay reached and their
/// rewards are kept (they were given in good faith and a coupon may already be used); because a reached stage is never
/// given twice, buying again after a refund cannot earn the same stage's reward again.
/// </remarks>
public static class ChallengeEngine
{
    [ThreadStatic]
    private static ChallengeBuffer? t_buffer;

    /// <summary>Evaluates into an immutable outcome (allocates the result when a challenge moved).</summary>
    public static ChallengeOutcome Evaluate(CompiledProgramme programme, TimeZoneInfo merchantZone, string tierCode,
        IReadOnlyList<ChallengeProgress> progress, Activity activity)
    {
        var buffer = t_buffer ??= new ChallengeBuffer();
        Evaluate(programme, merchantZone, tierCode, progress, activity, buffer);
        return buffer.ToOutcome();
    }

    /// <summary>Evaluates <paramref name="activity"/> (not a refund) into <paramref name="buffer"/>.</summary>
    public static void Evaluate(CompiledProgramme programme, TimeZoneInfo merchantZone, string tierCode,
        IReadOnlyList<ChallengeProgress> progress, Activity activity, ChallengeBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.Reset();
        if (activity.Type == ActivityType.Refund) return;
        var bucket = programme.Challenges.ByActivity[(int)activity.Type];
        if (bucket.Length == 0) return;

        var day = RulesEngine.LocalDate(activity.OccurredAt, merchantZone);
        var tierIndex = programme.TierIndex(tierCode);
        for (var i = 0; i < bucket.Length; i++)
        {
            var c = bucket[i];
            if (day < c.From || day > c.To || !c.Eligible(tierIndex)) continue;
            var (start, end) = PeriodOf(c.Challenge, day);
            var found = Find(progress, c.Id, start, out var row);
            if (c.Challenge.Repeat == ChallengeRepeat.Once && !found && CompletedBefore(progress, c)) continue;
            var before = found ? row.Value : 0m;
            var stagesBefore = found ? row.StagesReached : 0;
            if (stagesBefore >= c.Targets.Length) continue;

            string? store = null;
            var after = before;
            switch (c.Challenge.Goal)
            {
                case ChallengeGoal.Purchases when activity.Type == ActivityType.Purchase:
                case ChallengeGoal.Referrals:
                case ChallengeGoal.Reviews:
                    after = before + 1;
                    break;
                case ChallengeGoal.Spend when activity.Type == ActivityType.Purchase:
                    after = before + activity.Amount;
                    break;
                case ChallengeGoal.CheckInDays when !found || row.LastDay != day:
                    after = before + 1;
                    break;
                case ChallengeGoal.DistinctStores when !string.IsNullOrEmpty(activity.StoreCode) && !HasStore(found ? row.Stores : null, activity.StoreCode):
                    after = before + 1;
                    store = activity.StoreCode;
                    break;
                case ChallengeGoal.ProfileCompleted:
                    after = 1;
                    break;
            }
            if (after == before) continue;

            var stagesAfter = Math.Max(stagesBefore, c.StagesAt(after));
            buffer.Add(new ChallengeStep(c.Id, start, end, before, after, stagesBefore, stagesAfter, store, found));
            var next = c.Targets[Math.Min(stagesAfter, c.Targets.Length - 1)];
            buffer.AddLine(new(ExplanationKind.ChallengeProgress, c.Id, c.Label, after, next, stagesBefore, stagesAfter));
            for (var s = stagesBefore; s < stagesAfter; s++)
                buffer.AddLine(new(ExplanationKind.ChallengeStage, c.Id, c.Label, c.Targets[s], 0, s, s + 1));
        }
    }

    /// <summary>
    /// A refund of <paramref name="refund"/>.Amount on an order of <paramref name="orderAmount"/> placed at
    /// <paramref name="orderOccurredAt"/>: takes it off purchases and spend goals in that order's period (see the remarks).
    /// </summary>
    public static void Refund(CompiledProgramme programme, TimeZoneInfo merchantZone, IReadOnlyList<ChallengeProgress> progress,
        Activity refund, decimal orderAmount, DateTimeOffset orderOccurredAt, ChallengeBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(programme);
        ArgumentNullException.ThrowIfNull(refund);
        ArgumentNullException.ThrowIfNull(buffer);
        buffer.Reset();
        var bucket = programme.Challenges.ByActivity[(int)ActivityType.Refund];
        if (bucket.Length == 0) return;
        var day = RulesEngine.LocalDate(orderOccurredAt, merchantZone);
        for (var i = 0; i < bucket.Length; i++)
        {
            var c = bucket[i];
            var (start, end) = PeriodOf(c.Challenge, day);
            if (!Find(progress, c.Id, start, out var row) || row.Value <= 0) continue;
            var after = c.Challenge.Goal == ChallengeGoal.Spend
                ? Math.Max(0m, row.Value - refund.Amount)
                : refund.Amount >= orderAmount ? row.Value - 1 : row.Value;
            if (after == row.Value) continue;
            buffer.Add(new ChallengeStep(c.Id, start, end, row.Value, after, row.StagesReached, row.StagesReached, null, true));
            buffer.AddLine(new(ExplanationKind.ChallengeRefund, c.Id, c.Label, after, row.Value, row.StagesReached, row.StagesReached));
        }
    }

    /// <summary>Refund into an immutable outcome.</summary>
    public static ChallengeOutcome Refund(CompiledProgramme programme, TimeZoneInfo merchantZone, IReadOnlyList<ChallengeProgress> progress,
        Activity refund, decimal orderAmount, DateTimeOffset orderOccurredAt)
    {
        var buffer = t_buffer ??= new ChallengeBuffer();
        Refund(programme, merchantZone, progress, refund, orderAmount, orderOccurredAt, buffer);
        return buffer.ToOutcome();
    }

    /// <summary>The period of <paramref name="challenge"/> that holds the merchant-local <paramref name="day"/>: first and last day.</summary>
    public static (DateOnly Start, DateOnly End) PeriodOf(Challenge challenge, DateOnly day)
    {
        ArgumentNullException.ThrowIfNull(challenge);
        return challenge.Period switch
        {
            ChallengePeriod.Weekly => (day.AddDays(-(((int)day.DayOfWeek + 6) % 7)), day.AddDays(6 - (((int)day.DayOfWeek + 6) % 7))),
            ChallengePeriod.Monthly => (new DateOnly(day.Year, day.Month, 1), new DateOnly(day.Year, day.Month, DateTime.DaysInMonth(day.Year, day.Month))),
            _ => (challenge.ActiveFrom ?? DateOnly.MinValue, challenge.ActiveTo ?? DateOnly.MaxValue),
        };
    }

    private static bool Find(IReadOnlyList<ChallengeProgress> progress, string id, DateOnly start, out ChallengeProgress row)
    {
        for (var i = 0; i < progress.Count; i++)
        {
            var p = progress[i];
            if (p.PeriodStart == start && string.Equals(p.ChallengeId, id, StringComparison.Ordinal))
            {
                row = p;
                return true;
            }
        }
        row = default;
        return false;
    }

    private static bool CompletedBefore(IReadOnlyList<ChallengeProgress> progress, CompiledChallenge c)
    {
        for (var i = 0; i < progress.Count; i++)
        {
            if (progress[i].StagesReached >= c.Targets.Length && string.Equals(progress[i].ChallengeId, c.Id, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static bool HasStore(string? stores, string store)
    {
        if (string.IsNullOrEmpty(stores)) return false;
        var span = stores.AsSpan();
        while (span.Length > 0)
        {
            var bar = span.IndexOf('|');
            var item = bar < 0 ? span : span[..bar];
            if (item.SequenceEqual(store)) return true;
            span = bar < 0 ? default : span[(bar + 1)..];
        }
        return false;
    }
}
