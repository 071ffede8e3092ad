using LoyaltyAdmin.Rules;
using static LoyaltyAdmin.Tests.Rules.RulesTestData;

namespace LoyaltyAdmin.Tests.Rules;

public class EvaluationTests
{
    // 2026-11-23 Monday, 2026-11-25 Wednesday, 2026-12-15 Tuesday (the 15th), 2026-07-15 Wednesday and the 15th.
    [Theory]
    [InlineData("regular", 238, "2026-11-23T12:00:00+08:00", 238)]
    [InlineData("silver", 238, "2026-11-23T12:00:00+08:00", 285)]
    [InlineData("gold", 238, "2026-11-23T12:00:00+08:00", 357)]
    [InlineData("diamond", 238, "2026-11-23T12:00:00+08:00", 476)]
    [InlineData("regular", 238, "2026-11-25T12:00:00+08:00", 476)]
    [InlineData("gold", 238, "2026-11-25T12:00:00+08:00", 714)]
    [InlineData("regular", 100, "2026-12-15T12:00:00+08:00", 200)]
    [InlineData("regular", 100, "2026-07-15T12:00:00+08:00", 200)]
    [InlineData("regular", 500, "2026-11-23T12:00:00+08:00", 600)]
    [InlineData("regular", 0.99, "2026-11-23T12:00:00+08:00", 0)]
    public void Purchase_InTeaShop_EarnsTierAndPromotionPoints(string tier, decimal amount, string at, long expected)
    {
        var award = Evaluate(ProgrammeTemplates.TeaShop, Member(tier), Purchase(amount, at));
        Assert.Equal(expected, award.Points);
    }

    [Fact]
    public void Purchase_OnWednesdayInShanghai_EarnsDouble()
    {
        var award = Evaluate(ProgrammeTemplates.TeaShop, Member(), Purchase(238m, "2026-11-25T09:00:00+08:00"));
        Assert.Equal(476, award.Points);
        Assert.Equal(new DateOnly(2026, 11, 25), award.LocalDate);
        Assert.Contains(award.Lines, l => l.Kind == ExplanationKind.PromotionMultiplier && l.Factor == 2m);
    }

    [Fact]
    public void Purchase_GoldOnWednesdayWithDailyCap_ExplainsEveryStep()
    {
        using var _ = new UiCulture("en");
        var programme = TeaShopWithPurchaseCaps(new Caps { PerDay = 500 }) with { GrowthRules = [] };
        var award = Evaluate(programme, Member("gold"), Purchase(238m, "2026-11-25T12:00:00+08:00"));

        Assert.Equal(500, award.Points);
        Assert.Equal("Purchase ¥238 → 238 pts; Gold ×1.5 → 357; Wednesday member day ×2 → 714; daily cap 500 → 500", award.Explain());
        Assert.Equal(
            new[] { ExplanationKind.PurchaseBase, ExplanationKind.TierMultiplier, ExplanationKind.PromotionMultiplier, ExplanationKind.DailyCap },
            award.Lines.Select(l => l.Kind));
    }

    [Fact]
    public void Purchase_ExplanationInChinese_UsesChineseText()
    {
        using var _ = new UiCulture("zh-Hans");
        var award = Evaluate(ProgrammeTemplates.TeaShop, Member("gold"), Purchase(238m, "2026-11-23T12:00:00+08:00"));
        Assert.Equal("Purchase ¥238 → 238 积分", award.Lines[0].ToText());
    }

    [Theory]
    [InlineData(RoundingMode.Down, 238, 23)]
    [InlineData(RoundingMode.Down, 9.99, 0)]
    [InlineData(RoundingMode.Nearest, 245, 25)]
    [InlineData(RoundingMode.Nearest, 244.99, 24)]
    [InlineData(RoundingMode.Up, 231, 24)]
    [InlineData(RoundingMode.Up, 230, 23)]
    public void Purchase_TenYuanPerPoint_RoundsAsConfigured(RoundingMode rounding, decimal amount, long expected)
    {
        var award = Evaluate(TeaShopTenYuanPerPoint(rounding), Member(), Purchase(amount, "2026-11-23T12:00:00+08:00"));
        Assert.Equal(expected, award.Points);
    }

    [Fact]
    public void Purchase_ShippingAndPointsPaidPart_DoNotEarnUnlessTheRuleSaysSo()
    {
        var activity = Purchase(110m, "2026-11-23T12:00:00+08:00") with { Shipping = 10m, PaidWithPointsOrCoupons = 20m };
        Assert.Equal(100, Evaluate(ProgrammeTemplates.Minimal, Member(), activity).Points);

        var generous = ProgrammeTemplates.Minimal with
        {
            EarningRules = [new PurchaseRule { Id = "purchase", Name = "Purchase", ShippingEarns = true, PointsAndCouponsEarn = true }],
        };
        Assert.Equal(130, Evaluate(generous, Member(), activity).Points);
    }

    [Fact]
    public void Purchase_BelowMinimumOrder_EarnsNothingAndSaysWhy()
    {
        var award = Evaluate(ProgrammeTemplates.Restaurant, Member(), Purchase(19m, "2026-11-23T12:00:00+08:00", Channel.Store));
        Assert.Equal(0, award.Points);
        Assert.Equal(ExplanationKind.BelowMinimumOrder, award.Lines[0].Kind);
    }

    [Theory]
    [InlineData(Channel.MiniProgram, 100)]
    [InlineData(Channel.App, 200)]
    [InlineData(Channel.Store, 100)]
    public void Purchase_GrowthValue_DependsOnChannel(Channel channel, long expected)
    {
        var award = Evaluate(ProgrammeTemplates.TeaShop, Member(), Purchase(100m, "2026-11-23T12:00:00+08:00", channel));
        Assert.Equal(expected, award.Growth);
    }

    [Theory]
    [InlineData(6, 5)]
    [InlineData(7, 55)]
    [InlineData(8, 5)]
    [InlineData(14, 55)]
    public void CheckIn_StreakOfSevenDays_EarnsFiftyBonus(int streakAfterToday, long expected)
    {
        var today = new DateOnly(2026, 11, 23);
        var member = Member() with { Streak = new CheckInStreak(today.AddDays(-1), streakAfterToday - 1) };
        var award = Evaluate(ProgrammeTemplates.TeaShop, member, Of(ActivityType.CheckIn, "2026-11-23T08:00:00+08:00"));
        Assert.Equal(expected, award.Points);
        Assert.Equal(new CheckInStreak(today, streakAfterToday), award.NewStreak);
    }

    [Fact]
    public void CheckIn_TwiceTheSameMerchantDay_EarnsOnce()
    {
        var member = Member() with { Streak = new CheckInStreak(new DateOnly(2026, 11, 23), 3) };
        // 16:30 UTC is 00:30 the next day in Shanghai, so this one counts; 15:30 UTC is the same day.
        Assert.Equal(0, Evaluate(ProgrammeTemplates.TeaShop, member, Of(ActivityType.CheckIn, "2026-11-23T15:30:00Z")).Points);
        Assert.Equal(5, Evaluate(ProgrammeTemplates.TeaShop, member, Of(ActivityType.CheckIn, "2026-11-23T16:30:00Z")).Points);
    }

    [Fact]
    public void CheckIn_AfterAGap_RestartsTheStreak()
    {
        var member = Member() with { Streak = new CheckInStreak(new DateOnly(2026, 11, 20), 6) };
        var award = Evaluate(ProgrammeTemplates.TeaShop, member, Of(ActivityType.CheckIn, "2026-11-23T08:00:00+08:00"));
        Assert.Equal(5, award.Points);
        Assert.Equal(1, award.NewStreak!.Value.Length);
    }

    [Fact]
    public void CheckIn_StreakDoubleDay_DoublesThatDay()
    {
        var member = Member() with { Streak = new CheckInStreak(new DateOnly(2026, 11, 22), 6) };
        var award = Evaluate(ProgrammeTemplates.ConvenienceStore, member, Of(ActivityType.CheckIn, "2026-11-23T08:00:00+08:00"));
        Assert.Equal(4, award.Points);
    }

    [Fact]
    public void Birthday_InBirthdayMonth_EarnsHundredOnceAYear()
    {
        var member = Member() with { Birthday = new DateOnly(1990, 11, 30) };
        var first = Evaluate(ProgrammeTemplates.TeaShop, member, Of(ActivityType.Birthday, "2026-11-01T00:05:00+08:00"));
        Assert.Equal(100, first.Points);
        Assert.Equal(new[] { new OnceKey("birthday", "2026") }, first.OnceKeysConsumed);

        var again = member with { UsedOnceKeys = new HashSet<OnceKey>(first.OnceKeysConsumed) };
        Assert.Equal(0, Evaluate(ProgrammeTemplates.TeaShop, again, Of(ActivityType.Birthday, "2026-11-20T10:00:00+08:00")).Points);
        Assert.Equal(100, Evaluate(ProgrammeTemplates.TeaShop, again, Of(ActivityType.Birthday, "2027-11-02T10:00:00+08:00")).Points);
    }

    [Theory]
    [InlineData("2026-10-31T23:59:00+08:00", 0)]
    [InlineData("2026-10-31T16:30:00Z", 100)]
    [InlineData("2026-12-01T00:00:00+08:00", 0)]
    public void Birthday_MonthIsTheMerchantsMonth(string at, long expected)
    {
        var member = Member() with { Birthday = new DateOnly(1990, 11, 30) };
        Assert.Equal(expected, Evaluate(ProgrammeTemplates.TeaShop, member, Of(ActivityType.Birthday, at)).Points);
    }

    [Fact]
    public void Birthday_Unknown_EarnsNothing()
    {
        Assert.Equal(0, Evaluate(ProgrammeTemplates.TeaShop, Member(), Of(ActivityType.Birthday, "2026-11-01T10:00:00+08:00")).Points);
    }

    [Fact]
    public void Review_OncePerOrder()
    {
        var first = Evaluate(ProgrammeTemplates.TeaShop, Member(), Of(ActivityType.Review, "2026-11-23T10:00:00+08:00", orderId: "A1"));
        Assert.Equal(20, first.Points);
        var member = Member() with { UsedOnceKeys = new HashSet<OnceKey>(first.OnceKeysConsumed) };
        Assert.Equal(0, Evaluate(ProgrammeTemplates.TeaShop, member, Of(ActivityType.Review, "2026-11-24T10:00:00+08:00", orderId: "A1")).Points);
        Assert.Equal(20, Evaluate(ProgrammeTemplates.TeaShop, member, Of(ActivityType.Review, "2026-11-24T10:00:00+08:00", orderId: "A2")).Points);
    }

    [Theory]
    [InlineData(ActivityType.Registration, 100)]
    [InlineData(ActivityType.ProfileCompleted, 50)]
    [InlineData(ActivityType.Share, 50)]
    [InlineData(ActivityType.Referral, 200)]
    [InlineData(ActivityType.Refund, 0)]
    public void FixedRules_InTeaShop_AwardTheirPoints(ActivityType type, long expected)
    {
        var award = Evaluate(ProgrammeTemplates.TeaShop, Member("gold"), Of(type, "2026-11-25T10:00:00+08:00", reference: "friend-1"));
        Assert.Equal(expected, award.Points);
    }

    [Fact]
    public void Share_FromStore_IsOutsideTheRuleChannels()
    {
        Assert.Equal(0, Evaluate(ProgrammeTemplates.TeaShop, Member(), Of(ActivityType.Share, "2026-11-23T10:00:00+08:00", Channel.Store, reference: "f")).Points);
    }

    [Fact]
    public void Rule_OutsideActiveWindow_DoesNotApply()
    {
        var programme = ProgrammeTemplates.Minimal with
        {
            EarningRules = [new PurchaseRule { Id = "purchase", Name = "Purchase", ActiveFrom = new DateOnly(2026, 12, 1) }],
        };
        Assert.Equal(0, Evaluate(programme, Member(), Purchase(100m, "2026-11-30T23:59:00+08:00")).Points);
        Assert.Equal(100, Evaluate(programme, Member(), Purchase(100m, "2026-11-30T16:00:00Z")).Points);
    }

    [Fact]
    public void Rules_RunInPriorityThenIdOrder_NotListOrder()
    {
        var a = new PurchaseRule { Id = "b-rule", Name = "B", Priority = 1 };
        var b = new PurchaseRule { Id = "a-rule", Name = "A", Priority = 1 };
        var c = new PurchaseRule { Id = "0-rule", Name = "C", Priority = 2 };
        var one = ProgrammeTemplates.Minimal with { EarningRules = [a, b, c] };
        var two = ProgrammeTemplates.Minimal with { EarningRules = [c, a, b] };
        var activity = Purchase(10m, "2026-11-23T12:00:00+08:00");
        Assert.Equal(new[] { "a-rule", "b-rule", "0-rule" }, Evaluate(one, Member(), activity).Rules.Select(r => r.RuleId));
        Assert.Equal(Evaluate(one, Member(), activity).Rules, Evaluate(two, Member(), activity).Rules);
    }

    [Fact]
    public void Award_ReportsCounterUpdatesForTheLedger()
    {
        var day = new DateOnly(2026, 11, 23);
        var member = Member() with
        {
            Counters = new Dictionary<string, RuleCounter> { ["purchase"] = new(day.AddDays(-1), 40, 90, 500) },
        };
        var capped = TeaShopWithPurchaseCaps(new Caps { PerDay = 1000 });
        var award = Evaluate(capped, member, Purchase(10m, "2026-11-23T12:00:00+08:00"));
        Assert.Equal(new[] { new CounterUpdate("purchase", new RuleCounter(day, 10, 100, 510)) }, award.CounterUpdates);
        Assert.Empty(Evaluate(ProgrammeTemplates.TeaShop, member, Purchase(10m, "2026-11-23T12:00:00+08:00")).CounterUpdates);
    }

    [Fact]
    public void Evaluate_UnknownTierCode_UsesTheBaseTier()
    {
        Assert.Equal(100, Evaluate(ProgrammeTemplates.TeaShop, Member("platinum"), Purchase(100m, "2026-11-23T12:00:00+08:00")).Points);
    }

    [Fact]
    public void Evaluate_NegativeAmount_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => Evaluate(ProgrammeTemplates.TeaShop, Member(), Purchase(-1m, "2026-11-23T12:00:00+08:00")));
    }
}
