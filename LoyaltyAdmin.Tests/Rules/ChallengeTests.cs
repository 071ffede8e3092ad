using LoyaltyAdmin.Rules;
using static LoyaltyAdmin.Tests.Rules.RulesTestData;

namespace LoyaltyAdmin.Tests.Rules;

public class ChallengeTests
{
    private static readonly Badge Regular = new() { Code = "regular", Name = new("Regular", "常客"), Icon = BadgeIcons.Coffee };

    private static Challenge BuyThreeInDecember(ChallengeRepeat repeat = ChallengeRepeat.Once) => new()
    {
        Id = "dec3", Name = new("Buy 3 times in December", "十二月消费 3 次"), Goal = ChallengeGoal.Purchases, Period = ChallengePeriod.Window,
        ActiveFrom = new(2026, 12, 1), ActiveTo = new(2026, 12, 31), Repeat = repeat,
        Stages = [new ChallengeStage { Target = 1, Points = 5 }, new ChallengeStage { Target = 3, CouponPack = "¥10 off", Badge = "regular" }],
    };

    private static CompiledProgramme With(params Challenge[] challenges) =>
        CompiledProgramme.Compile(ProgrammeTemplates.TeaShop with { Challenges = challenges, Badges = [Regular] });

    private static ChallengeOutcome Run(CompiledProgramme p, Activity a, params ChallengeProgress[] progress) =>
        ChallengeEngine.Evaluate(p, Shanghai, "regular", progress, a);

    [Fact]
    public void ThirdPurchaseInDecember_ReachesTheLastStage_WithExplanation()
    {
        var p = With(BuyThreeInDecember());
        var outcome = Run(p, Purchase(30m, "2026-12-10T12:00:00+08:00"), new ChallengeProgress("dec3", new(2026, 12, 1), 2, 1, new(2026, 12, 5)));

        var step = Assert.Single(outcome.Steps);
        Assert.Equal((2m, 3m, 1, 2), (step.Before, step.After, step.StagesBefore, step.StagesAfter));
        Assert.True(step.Completes(2));
        Assert.True(step.Stored);
        using var _ = new UiCulture("en");
        Assert.Equal("Buy 3 times in December: progress 3 of 3", outcome.Lines[0].ToText());
        Assert.Equal("Buy 3 times in December: stage 2 reached (3)", outcome.Lines[1].ToText());
    }

    [Theory]
    [InlineData("2026-11-30T23:30:00+08:00")] // before the window, merchant time
    [InlineData("2027-01-01T00:10:00+08:00")] // after it
    public void PurchaseOutsideTheWindow_CountsNothing(string at) =>
        Assert.Empty(Run(With(BuyThreeInDecember()), Purchase(30m, at)).Steps);

    [Fact]
    public void WindowIsReadInTheMerchantsZone() =>
        // 30 Nov 17:00 UTC is 1 Dec 01:00 in Shanghai.
        Assert.Single(Run(With(BuyThreeInDecember()), Purchase(30m, "2026-11-30T17:00:00Z")).Steps);

    [Fact]
    public void PausedChallenge_CountsNothing() =>
        Assert.Empty(Run(With(BuyThreeInDecember() with { Enabled = false }), Purchase(30m, "2026-12-10T12:00:00+08:00")).Steps);

    [Fact]
    public void TierEligibility_LeavesOtherTiersOut()
    {
        var p = With(BuyThreeInDecember() with { TierCodes = ["gold"] });
        Assert.Empty(ChallengeEngine.Evaluate(p, Shanghai, "regular", [], Purchase(30m, "2026-12-10T12:00:00+08:00")).Steps);
        Assert.Single(ChallengeEngine.Evaluate(p, Shanghai, "gold", [], Purchase(30m, "2026-12-10T12:00:00+08:00")).Steps);
    }

    [Fact]
    public void OnceChallenge_CompletedInAnEarlierMonth_DoesNotStartAgain()
    {
        var monthly = BuyThreeInDecember() with { Period = ChallengePeriod.Monthly, ActiveFrom = null, ActiveTo = null };
        var done = new ChallengeProgress("dec3", new(2026, 11, 1), 3, 2, new(2026, 11, 20));
        Assert.Empty(Run(With(monthly), Purchase(30m, "2026-12-10T12:00:00+08:00"), done).Steps);
        var again = Assert.Single(Run(With(monthly with { Repeat = ChallengeRepeat.EachPeriod }), Purchase(30m, "2026-12-10T12:00:00+08:00"), done).Steps);
        Assert.Equal((new DateOnly(2026, 12, 1), 0m, 1m, 1), (again.PeriodStart, again.Before, again.After, again.StagesAfter));
    }

    [Fact]
    public void WeeklyPeriod_StartsOnMonday_AndCheckInDaysCountOncePerDay()
    {
        var weekly = new Challenge
        {
            Id = "week", Name = new("Check in"), Goal = ChallengeGoal.CheckInDays, Period = ChallengePeriod.Weekly,
            Stages = [new ChallengeStage { Target = 3, Points = 10 }],
        };
        var p = With(weekly);
        // Thursday 10 December 2026.
        var step = Assert.Single(Run(p, Of(ActivityType.CheckIn, "2026-12-10T09:00:00+08:00")).Steps);
        Assert.Equal((new DateOnly(2026, 12, 7), new DateOnly(2026, 12, 13)), (step.PeriodStart, step.PeriodEnd));
        Assert.Empty(Run(p, Of(ActivityType.CheckIn, "2026-12-10T20:00:00+08:00"), new ChallengeProgress("week", new(2026, 12, 7), 1, 0, new(2026, 12, 10))).Steps);
    }

    [Fact]
    public void DistinctStores_CountEachStoreOnce()
    {
        var stores = new Challenge
        {
            Id = "stores", Name = new("Visit stores"), Goal = ChallengeGoal.DistinctStores, Period = ChallengePeriod.Monthly,
            Stages = [new ChallengeStage { Target = 2, Points = 10 }],
        };
        var p = With(stores);
        var seen = new ChallengeProgress("stores", new(2026, 12, 1), 1, 0, new(2026, 12, 2), "S1|");
        Assert.Empty(Run(p, Purchase(10m, "2026-12-10T12:00:00+08:00") with { StoreCode = "S1" }, seen).Steps);
        var step = Assert.Single(Run(p, Purchase(10m, "2026-12-10T12:00:00+08:00") with { StoreCode = "S2" }, seen).Steps);
        Assert.Equal(("S2", 2m, 1), (step.Store, step.After, step.StagesAfter));
    }

    [Fact]
    public void SpendGoal_AddsTheAmount_AndCrossesSeveralStagesAtOnce()
    {
        var spend = new Challenge
        {
            Id = "spend", Name = new("Spend"), Goal = ChallengeGoal.Spend, Period = ChallengePeriod.Monthly, Repeat = ChallengeRepeat.EachPeriod,
            Stages = [new ChallengeStage { Target = 100, Points = 10 }, new ChallengeStage { Target = 200, Points = 20 }],
        };
        var outcome = Run(With(spend), Purchase(250m, "2026-12-10T12:00:00+08:00"));
        Assert.Equal((250m, 2), (outcome.Steps[0].After, outcome.Steps[0].StagesAfter));
        Assert.Equal(3, outcome.Lines.Count);
    }

    [Fact]
    public void FullRefund_TakesThePurchaseOff_ButKeepsTheStageReached()
    {
        var p = With(BuyThreeInDecember());
        var row = new ChallengeProgress("dec3", new(2026, 12, 1), 3, 2, new(2026, 12, 10));
        var refund = Of(ActivityType.Refund, "2027-01-03T12:00:00+08:00", orderId: "O-3") with { Amount = 30m };
        var outcome = ChallengeEngine.Refund(p, Shanghai, [row], refund, 30m, DateTimeOffset.Parse("2026-12-10T12:00:00+08:00"));
        var step = Assert.Single(outcome.Steps);
        Assert.Equal((3m, 2m, 2, 2), (step.Before, step.After, step.StagesBefore, step.StagesAfter));
        // Buying again cannot earn the reached stage twice: stages never go down, so nothing new is given.
        var again = Run(p, Purchase(30m, "2026-12-20T12:00:00+08:00"), row with { Value = 2 });
        Assert.Equal(0, again.Steps.Count(s => s.StagesAfter > s.StagesBefore));
    }

    [Fact]
    public void PartialRefund_DoesNotUncountAPurchase() =>
        Assert.Empty(ChallengeEngine.Refund(With(BuyThreeInDecember()), Shanghai, [new ChallengeProgress("dec3", new(2026, 12, 1), 2, 1, new(2026, 12, 10))],
            Of(ActivityType.Refund, "2026-12-12T12:00:00+08:00") with { Amount = 10m }, 30m, DateTimeOffset.Parse("2026-12-10T12:00:00+08:00")).Steps);

    [Fact]
    public void NoChallenge_ForTheActivity_AllocatesNothing()
    {
        var p = With(BuyThreeInDecember());
        var buffer = new ChallengeBuffer();
        var checkIn = Of(ActivityType.CheckIn, "2026-12-10T09:00:00+08:00");
        ChallengeProgress[] none = [];
        ChallengeEngine.Evaluate(p, Shanghai, "regular", none, checkIn, buffer);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++) ChallengeEngine.Evaluate(p, Shanghai, "regular", none, checkIn, buffer);
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }

    [Fact]
    public void Challenges_RoundTripThroughTheDocument()
    {
        var programme = ProgrammeTemplates.TeaShop with { Challenges = [BuyThreeInDecember()], Badges = [Regular] };
        var json = ProgrammeJson.Serialize(programme);
        Assert.Contains("\"challenges\"", json);
        var back = ProgrammeJson.Deserialize(json);
        Assert.Equal(BuyThreeInDecember().Stages, back.Challenges![0].Stages);
        Assert.Equal("常客", back.Badges![0].Name.ZhHans);
        Assert.DoesNotContain("\"challenges\"", ProgrammeJson.Serialize(ProgrammeTemplates.TeaShop));
    }

    public static TheoryData<string, Programme, string, ValidationCode> Broken => new()
    {
        { "no stages", Doc(BuyThreeInDecember() with { Stages = [] }), "challenges[dec3].stages", ValidationCode.ChallengeNoStages },
        { "stages not increasing", Doc(BuyThreeInDecember() with { Stages = [new ChallengeStage { Target = 3, Points = 1 }, new ChallengeStage { Target = 2, Points = 1 }] }),
            "challenges[dec3].stages[1].target", ValidationCode.StagesNotIncreasing },
        { "fractional count", Doc(BuyThreeInDecember() with { Stages = [new ChallengeStage { Target = 1.5m, Points = 1 }] }), "challenges[dec3].stages[0].target", ValidationCode.TargetNotWhole },
        { "unknown badge", Doc(BuyThreeInDecember() with { Stages = [new ChallengeStage { Target = 1, Badge = "nope" }] }), "challenges[dec3].stages[0].badge", ValidationCode.UnknownBadge },
        { "nothing given", Doc(BuyThreeInDecember() with { Stages = [new ChallengeStage { Target = 1 }] }), "challenges[dec3].stages[0]", ValidationCode.NothingAwarded },
        { "window without end", Doc(BuyThreeInDecember() with { ActiveTo = null }), "challenges[dec3].activeTo", ValidationCode.Required },
        { "unknown tier", Doc(BuyThreeInDecember() with { TierCodes = ["platinum-x"] }), "challenges[dec3].tierCodes", ValidationCode.UnknownTier },
        { "duplicate id", ProgrammeTemplates.TeaShop with { Challenges = [BuyThreeInDecember(), BuyThreeInDecember()], Badges = [Regular] }, "challenges[dec3].id", ValidationCode.DuplicateId },
        { "unknown icon", ProgrammeTemplates.TeaShop with { Badges = [Regular with { Icon = "skull" }] }, "badges[regular].icon", ValidationCode.UnknownIcon },
        { "badge without name", ProgrammeTemplates.TeaShop with { Badges = [Regular with { Name = new("") }] }, "badges[regular].name.en", ValidationCode.Required },
    };

    private static Programme Doc(Challenge c) => ProgrammeTemplates.TeaShop with { Challenges = [c], Badges = [Regular] };

    [Theory]
    [MemberData(nameof(Broken))]
    public void BrokenChallenge_IsRefused(string _, Programme programme, string path, ValidationCode code) =>
        Assert.Contains(ProgrammeValidator.Validate(programme), e => e.Path == path && e.Code == code);

    [Theory]
    [InlineData("new-member")]
    [InlineData("buy-three")]
    [InlineData("monthly-spend")]
    [InlineData("check-in-week")]
    [InlineData("store-explorer")]
    public void Template_PassesValidation(string key)
    {
        var (challenges, badges) = ChallengeTemplates.Create(key, new DateOnly(2026, 12, 7));
        Assert.Empty(ProgrammeValidator.Validate(ProgrammeTemplates.TeaShop with { Challenges = challenges, Badges = badges }));
    }

    [Fact]
    public void NewMemberTemplate_HasFirstPurchaseProfileAndCheckIn()
    {
        var (challenges, _) = ChallengeTemplates.Create("new-member", new DateOnly(2026, 12, 7));
        Assert.Equal([ChallengeGoal.Purchases, ChallengeGoal.ProfileCompleted, ChallengeGoal.CheckInDays], challenges.Select(c => c.Goal));
        Assert.All(challenges, c => Assert.True(c.Stages.Single().Points > 0));
    }
}
