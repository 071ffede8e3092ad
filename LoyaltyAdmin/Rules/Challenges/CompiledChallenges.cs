namespace LoyaltyAdmin.Rules;

/// <summary>The enabled challenges bucketed by the activity that moves them; immutable, built with the programme.</summary>
public sealed class CompiledChallenges
{
    private static readonly CompiledChallenge[] None = [];

    internal readonly CompiledChallenge[][] ByActivity;

    /// <summary>Compiles the enabled challenges of <paramref name="programme"/>; tier codes resolve through <paramref name="tierIndex"/>.</summary>
    public CompiledChallenges(Programme programme, Func<string, int?> tierIndex)
    {
        ArgumentNullException.ThrowIfNull(programme);
        var activityCount = Enum.GetValues<ActivityType>().Length;
        ByActivity = new CompiledChallenge[activityCount][];
        var enabled = (programme.Challenges ?? []).Where(c => c.Enabled && c.Stages.Count > 0)
            .OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => new CompiledChallenge(c, tierIndex)).ToArray();
        for (var a = 0; a < activityCount; a++)
        {
            var type = (ActivityType)a;
            var bucket = enabled.Where(c => Moves(c.Challenge.Goal, type)).ToArray();
            ByActivity[a] = bucket.Length == 0 ? None : bucket;
        }
        Count = enabled.Length;
    }

    /// <summary>Number of enabled challenges.</summary>
    public int Count { get; }

    /// <summary>Whether an activity of <paramref name="type"/> can move any challenge (refunds: purchase and spend goals).</summary>
    public bool AnyFor(ActivityType type) => ByActivity[(int)type].Length > 0;

    /// <summary>Whether an activity of <paramref name="type"/> can move a challenge with <paramref name="goal"/>.</summary>
    public static bool Moves(ChallengeGoal goal, ActivityType type) => goal switch
    {
        ChallengeGoal.Purchases or ChallengeGoal.Spend => type is ActivityType.Purchase or ActivityType.Refund,
        ChallengeGoal.DistinctStores => type is ActivityType.Purchase or ActivityType.CheckIn,
        ChallengeGoal.CheckInDays => type == ActivityType.CheckIn,
        ChallengeGoal.Referrals => type == ActivityType.Referral,
        ChallengeGoal.Reviews => type == ActivityType.Review,
        _ => type == ActivityType.ProfileCompleted,
    };
}

internal sealed class CompiledChallenge
{
    public readonly Challenge Challenge;
    public readonly string Id;
    public readonly string Label;
    public readonly DateOnly From;
    public readonly DateOnly To;
    public readonly ulong TierMask;
    public readonly decimal[] Targets;

    public CompiledChallenge(Challenge challenge, Func<string, int?> tierIndex)
    {
        Challenge = challenge;
        Id = challenge.Id;
        Label = challenge.Name.En;
        From = challenge.ActiveFrom ?? DateOnly.MinValue;
        To = challenge.ActiveTo ?? DateOnly.MaxValue;
        Targets = [.. challenge.Stages.Select(s => s.Target).Order()];
        if (challenge.TierCodes is null) TierMask = ulong.MaxValue;
        else
        {
            foreach (var code in challenge.TierCodes)
            {
                if (tierIndex(code) is int i and < 64) TierMask |= 1UL << i;
            }
        }
    }

    public bool Eligible(int tierIndex) => tierIndex >= 64 || (TierMask & (1UL << tierIndex)) != 0;

    public int StagesAt(decimal value)
    {
        var n = 0;
        while (n < Targets.Length && Targets[n] <= value) n++;
        return n;
    }
}
