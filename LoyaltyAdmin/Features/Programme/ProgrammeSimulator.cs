using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Programme;

/// <summary>What the owner types into the simulator: an activity at a merchant-local date and time.</summary>
public sealed record SimulationInput(
    ActivityType Type, string TierCode, Channel Channel, string? StoreCode, decimal Amount, DateOnly Date, TimeOnly Time, int StreakDay = 1);

/// <summary>Runs one activity through the engine for a fresh member of the chosen tier, against any draft.</summary>
public static class ProgrammeSimulator
{
    /// <summary>What the activity does to the draft's challenges for a member with no progress yet (first stages reached, explained).</summary>
    public static ChallengeOutcome RunChallenges(Rules.Programme draft, TimeZoneInfo zone, SimulationInput input)
    {
        if (draft.Challenges is not { Count: > 0 })
            return ChallengeOutcome.None;
        var local = input.Date.ToDateTime(input.Time);
        var activity = new Activity
        {
            Type = input.Type, OccurredAt = new DateTimeOffset(local, zone.GetUtcOffset(local)), Channel = input.Channel, StoreCode = input.StoreCode,
            OrderId = "SIM-1", Amount = input.Type == ActivityType.Purchase ? input.Amount : 0m,
        };
        return ChallengeEngine.Evaluate(CompiledProgramme.Compile(draft), zone, input.TierCode, [], activity);
    }

    public static Award Run(Rules.Programme draft, TimeZoneInfo zone, SimulationInput input)
    {
        var local = input.Date.ToDateTime(input.Time);
        var occurredAt = new DateTimeOffset(local, zone.GetUtcOffset(local));
        var member = new MemberState
        {
            TierCode = input.TierCode,
            Birthday = input.Date, // a birthday rule is simulated on the member's birthday
            Streak = input.Type == ActivityType.CheckIn && input.StreakDay > 1 ? new CheckInStreak(input.Date.AddDays(-1), input.StreakDay - 1) : null,
        };
        var activity = new Activity
        {
            Type = input.Type,
            OccurredAt = occurredAt,
            Channel = input.Channel,
            StoreCode = input.StoreCode,
            OrderId = input.Type is ActivityType.Purchase or ActivityType.Review ? "SIM-1" : null,
            Reference = input.Type is ActivityType.Share or ActivityType.Referral ? "friend" : null,
            Amount = input.Type == ActivityType.Purchase ? input.Amount : 0m,
        };
        return RulesEngine.Evaluate(draft, zone, member, activity);
    }
}
