using LoyaltyAdmin.Rules;
using static LoyaltyAdmin.Tests.Rules.RulesTestData;

namespace LoyaltyAdmin.Tests.Rules;

public class CapsAndStackingTests
{
    private static readonly DateOnly Monday = new(2026, 11, 23);

    [Theory]
    [InlineData(0, 0, 0, 300, 300)]
    [InlineData(250, 250, 250, 300, 250)]
    [InlineData(500, 500, 500, 300, 0)]
    [InlineData(0, 1900, 1900, 300, 100)]
    [InlineData(0, 0, 9950, 300, 50)]
    public void Purchase_WithCaps_AwardsAtMostWhatIsLeft(long usedToday, long usedMonth, long usedLifetime, decimal amount, long expected)
    {
        var programme = TeaShopWithPurchaseCaps(new Caps { PerDay = 500, PerMonth = 2000, Lifetime = 10_000 });
        var member = Member() with
        {
            Counters = new Dictionary<string, RuleCounter> { ["purchase"] = new(Monday, usedToday, usedMonth, usedLifetime) },
        };
        Assert.Equal(expected, Evaluate(programme, member, Purchase(amount, "2026-11-23T12:00:00+08:00")).Points);
    }

    [Theory]
    [InlineData("2026-11-22", 300)]
    [InlineData("2026-10-31", 300)]
    public void Purchase_StaleCounters_CountAsZero(string lastDay, long expected)
    {
        var programme = TeaShopWithPurchaseCaps(new Caps { PerDay = 500, PerMonth = 500 });
        var member = Member() with
        {
            Counters = new Dictionary<string, RuleCounter>
            {
                ["purchase"] = new(DateOnly.Parse(lastDay, System.Globalization.CultureInfo.InvariantCulture), 500, lastDay == "2026-11-22" ? 200 : 500, 0),
            },
        };
        Assert.Equal(expected, Evaluate(programme, member, Purchase(300m, "2026-11-23T12:00:00+08:00")).Points);
    }

    [Fact]
    public void Share_MonthlyCap_StopsAtFiveHundred()
    {
        var member = Member() with
        {
            Counters = new Dictionary<string, RuleCounter> { ["share"] = new(Monday, 50, 480, 2000) },
        };
        var award = Evaluate(ProgrammeTemplates.TeaShop, member, Of(ActivityType.Share, "2026-11-23T12:00:00+08:00", reference: "f9"));
        Assert.Equal(20, award.Points);
        Assert.Equal(ExplanationKind.MonthlyCap, award.Lines[^1].Kind);
    }

    [Fact]
    public void Promotions_WednesdayThe15th_DoNotStack()
    {
        var award = Evaluate(ProgrammeTemplates.TeaShop, Member("gold"), Purchase(100m, "2026-07-15T12:00:00+08:00"));
        Assert.Equal(300, award.Points);
        Assert.Single(award.Lines, l => l.Kind == ExplanationKind.PromotionMultiplier);
    }

    [Theory]
    [InlineData("2026-07-15T12:00:00+08:00", 100, 300)]
    [InlineData("2026-11-25T12:00:00+08:00", 100, 300)]
    [InlineData("2026-11-23T12:00:00+08:00", 100, 150)]
    public void Promotions_StackableOne_MultipliesWithTheBestNonStackable(string at, decimal amount, long expected)
    {
        var programme = ProgrammeTemplates.TeaShop with
        {
            Promotions =
            [
                .. ProgrammeTemplates.TeaShop.Promotions,
                new Promotion
                {
                    Id = "launch", Name = "Launch fortnight", Multiplier = 1.5m, Stackable = true, RuleIds = ["purchase"],
                    Schedule = new DateRangeSchedule(new DateOnly(2026, 1, 1), new DateOnly(2026, 12, 31)),
                },
            ],
        };
        Assert.Equal(expected, Evaluate(programme, Member(), Purchase(amount, at)).Points);
    }

    [Fact]
    public void Promotions_BestNonStackable_WinsWhateverTheListOrder()
    {
        var triple = new Promotion { Id = "z-triple", Name = "Triple", Multiplier = 3m, RuleIds = ["purchase"], Schedule = new WeeklySchedule([DayOfWeek.Wednesday]), Priority = 99 };
        var programme = ProgrammeTemplates.TeaShop with { Promotions = [triple, .. ProgrammeTemplates.TeaShop.Promotions] };
        var reversed = ProgrammeTemplates.TeaShop with { Promotions = [.. ProgrammeTemplates.TeaShop.Promotions, triple] };
        var activity = Purchase(100m, "2026-11-25T12:00:00+08:00");
        Assert.Equal(300, Evaluate(programme, Member(), activity).Points);
        Assert.Equal(300, Evaluate(reversed, Member(), activity).Points);
    }

    [Theory]
    [InlineData("regular", 200)]
    [InlineData("gold", 150)]
    public void Promotion_LimitedToTiersAndChannels_SkipsOthers(string tier, long expected)
    {
        var programme = ProgrammeTemplates.TeaShop with
        {
            Promotions =
            [
                new Promotion
                {
                    Id = "regular-wed", Name = "Regulars' Wednesday", RuleIds = ["purchase"], TierCodes = ["regular"],
                    Channels = [Channel.App], Schedule = new WeeklySchedule([DayOfWeek.Wednesday]),
                },
            ],
        };
        Assert.Equal(expected, Evaluate(programme, Member(tier), Purchase(100m, "2026-11-25T12:00:00+08:00", Channel.App)).Points);
        Assert.Equal(tier == "gold" ? 150 : 100, Evaluate(programme, Member(tier), Purchase(100m, "2026-11-25T12:00:00+08:00", Channel.Store)).Points);
    }

    [Fact]
    public void Promotion_Disabled_DoesNotApply()
    {
        var programme = ProgrammeTemplates.TeaShop with
        {
            Promotions = [.. ProgrammeTemplates.TeaShop.Promotions.Select(p => p with { Enabled = false })],
        };
        Assert.Equal(100, Evaluate(programme, Member(), Purchase(100m, "2026-11-25T12:00:00+08:00")).Points);
    }
}
