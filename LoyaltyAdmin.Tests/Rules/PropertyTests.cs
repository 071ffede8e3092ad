using FsCheck;
using FsCheck.Xunit;
using LoyaltyAdmin.Rules;
using static LoyaltyAdmin.Tests.Rules.RulesTestData;

namespace LoyaltyAdmin.Tests.Rules;

public class PropertyTests
{
    private static readonly CompiledProgramme TeaShop = CompiledProgramme.Compile(ProgrammeTemplates.TeaShop);
    private static readonly string[] TierCodes = ["regular", "silver", "gold", "diamond"];
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Activity RandomActivity(int typeSeed, int cents, int minutes, int channel) => new()
    {
        Type = (ActivityType)(Math.Abs(typeSeed) % Enum.GetValues<ActivityType>().Length),
        OccurredAt = Start.AddMinutes(Math.Abs(minutes) % (2 * 366 * 24 * 60)),
        Channel = (Channel)(Math.Abs(channel) % 3),
        Amount = Math.Abs(cents) / 100m,
        OrderId = "O-" + cents,
        Reference = "F-" + cents,
    };

    [Property(MaxTest = 500)]
    public bool PointsAndGrowth_AreNeverNegative(int typeSeed, int cents, int minutes, int channel, int tier, int streak, long used)
    {
        var member = Member(TierCodes[Math.Abs(tier) % 4]) with
        {
            Birthday = new DateOnly(1990, 1 + Math.Abs(tier) % 12, 1),
            Streak = new CheckInStreak(new DateOnly(2026, 1, 1).AddDays(Math.Abs(minutes) % 700), Math.Abs(streak) % 30 + 1),
            Counters = new Dictionary<string, RuleCounter>
            {
                ["share"] = new(new DateOnly(2026, 1, 1).AddDays(Math.Abs(minutes) % 700), Math.Abs(used % 1000), Math.Abs(used % 1000), Math.Abs(used % 20000)),
            },
        };
        var award = RulesEngine.Evaluate(TeaShop, Shanghai, member, RandomActivity(typeSeed, cents, minutes, channel));
        return award.Points >= 0 && award.Growth >= 0 && award.Rules.All(r => r.Points >= 0 && r.Growth >= 0)
            && award.Points == award.Rules.Sum(r => r.Points);
    }

    [Property(MaxTest = 500)]
    public bool RefundsAddingUpToTheOrder_ReturnExactlyWhatItEarned(PositiveInt cents, PositiveInt parts, int minutes, int tier)
    {
        var activity = RandomActivity(0, cents.Get, minutes, 0);
        var award = RulesEngine.Evaluate(TeaShop, Shanghai, Member(TierCodes[Math.Abs(tier) % 4]), activity);
        var earned = new OrderEarning(award.Points, award.Growth, activity.Amount);

        var n = parts.Get % 7 + 1;
        var refunded = 0m;
        long points = 0, growth = 0;
        for (var i = 0; i < n; i++)
        {
            var part = i == n - 1 ? activity.Amount - refunded : decimal.Round(activity.Amount / n, 2, MidpointRounding.ToZero);
            var r = RefundCalculator.Reverse(earned, refunded, part);
            if (r.Points < 0 || r.Growth < 0) return false;
            points += r.Points;
            growth += r.Growth;
            refunded += part;
        }
        return points == award.Points && growth == award.Growth;
    }

    [Property(MaxTest = 500)]
    public bool HigherTier_NeverEarnsLess(int typeSeed, int cents, int minutes, int channel)
    {
        var activity = RandomActivity(typeSeed, cents, minutes, channel);
        long previous = -1;
        foreach (var code in TierCodes)
        {
            var points = RulesEngine.Evaluate(TeaShop, Shanghai, Member(code), activity).Points;
            if (points < previous) return false;
            previous = points;
        }
        return true;
    }

    [Property(MaxTest = 500)]
    public bool Evaluation_DependsOnTheInstantNotTheOffsetSent(int typeSeed, int cents, int minutes, int channel, int offsetQuarterHours)
    {
        var activity = RandomActivity(typeSeed, cents, minutes, channel);
        var offset = TimeSpan.FromMinutes(15 * (Math.Abs(offsetQuarterHours) % 105 - 48)); // −12:00 … +14:00
        var shifted = activity with { OccurredAt = activity.OccurredAt.ToOffset(offset) };
        var member = Member("gold") with { Birthday = new DateOnly(1990, 3, 1) };
        foreach (var zone in new[] { Shanghai, Berlin })
        {
            var a = RulesEngine.Evaluate(TeaShop, zone, member, activity);
            var b = RulesEngine.Evaluate(TeaShop, zone, member, shifted);
            if (a.Points != b.Points || a.Growth != b.Growth || a.LocalDate != b.LocalDate || !a.Lines.SequenceEqual(b.Lines)) return false;
        }
        return true;
    }

    private static readonly decimal[] Rates = [1m, 2m, 3m, 10m, 0.5m, 2.5m, 7m];
    private static readonly decimal[] Multipliers = [1m, 1.2m, 1.25m, 1.5m, 2m, 1.333m, 3m];

    [Property(MaxTest = 1000)]
    public bool Points_EqualPlainDecimalArithmetic(NonNegativeInt cents, int rate, int rounding, int tierMultiplier, int promotionMultiplier)
    {
        var cpp = Rates[Math.Abs(rate) % Rates.Length];
        var mode = (RoundingMode)(Math.Abs(rounding) % 3);
        var tm = Multipliers[Math.Abs(tierMultiplier) % Multipliers.Length];
        var pm = Multipliers[Math.Abs(promotionMultiplier) % Multipliers.Length];
        var programme = new Programme
        {
            Tiers = [new Tier { Code = "regular", Name = "Regular", PointsMultiplier = tm }],
            EarningRules = [new PurchaseRule { Id = "p", Name = "Purchase", CurrencyPerPoint = cpp, Rounding = mode }],
            Promotions =
            [
                new Promotion
                {
                    Id = "every-day", Name = "Every day", Multiplier = pm, RuleIds = ["p"],
                    Schedule = new WeeklySchedule(Enum.GetValues<DayOfWeek>()),
                },
            ],
        };
        var amount = cents.Get / 100m;
        var expected = mode.Apply(amount / cpp);
        if (tm != 1m) expected = mode.Apply(expected * tm);
        expected = mode.Apply(expected * pm);
        if (amount == 0) expected = 0;
        var award = RulesEngine.Evaluate(programme, Shanghai, Member(), Purchase(amount, "2026-11-23T12:00:00+08:00"));
        return award.Points == expected;
    }
}
