using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Tests.Rules;

public class ValidatorTests
{
    public static TheoryData<string> TemplateNames => new(ProgrammeTemplates.All.Keys);

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void Template_PassesValidation(string name)
    {
        Assert.Empty(ProgrammeValidator.Validate(ProgrammeTemplates.All[name]));
    }

    private static Programme WithTier(int index, Func<Tier, Tier> change)
    {
        var tiers = ProgrammeTemplates.TeaShop.Tiers.ToArray();
        tiers[index] = change(tiers[index]);
        return ProgrammeTemplates.TeaShop with { Tiers = tiers };
    }

    private static Programme WithRule(string id, Func<EarningRule, EarningRule> change) => ProgrammeTemplates.TeaShop with
    {
        EarningRules = [.. ProgrammeTemplates.TeaShop.EarningRules.Select(r => r.Id == id ? change(r) : r)],
    };

    private static Programme WithPromotion(string id, Func<Promotion, Promotion> change) => ProgrammeTemplates.TeaShop with
    {
        Promotions = [.. ProgrammeTemplates.TeaShop.Promotions.Select(p => p.Id == id ? change(p) : p)],
    };

    public static TheoryData<string, Programme, string, ValidationCode> Broken => new()
    {
        { "gold spend below silver", WithTier(2, t => t with { Entry = [TierCondition.Spend(150m), TierCondition.Referrals(3)] }), "tiers[2].entry.spend", ValidationCode.ThresholdNotIncreasing },
        { "silver unreachable", WithTier(2, t => t with { Entry = [TierCondition.Spend(200m), TierCondition.ActiveDays(5)] }), "tiers[1]", ValidationCode.TierUnreachable },
        { "duplicate tier code", WithTier(3, t => t with { Code = "gold" }), "tiers[3].code", ValidationCode.DuplicateTierCode },
        { "duplicate tier order", WithTier(3, t => t with { Order = 2 }), "tiers[3].order", ValidationCode.DuplicateTierOrder },
        { "base tier with condition", WithTier(0, t => t with { Entry = [TierCondition.Spend(1m)] }), "tiers[0].entry", ValidationCode.BaseTierHasConditions },
        { "tier without entry", WithTier(1, t => t with { Entry = [] }), "tiers[1].entry", ValidationCode.TierWithoutEntry },
        { "negative tier multiplier", WithTier(2, t => t with { PointsMultiplier = -1m }), "tiers[2].pointsMultiplier", ValidationCode.MultiplierNotPositive },
        { "higher tier earns less", WithTier(3, t => t with { PointsMultiplier = 1.1m }), "tiers[3].pointsMultiplier", ValidationCode.TierMultiplierDecreasing },
        { "bad colour", WithTier(1, t => t with { Colour = "silver" }), "tiers[1].colour", ValidationCode.InvalidColour },
        { "zero threshold", WithTier(1, t => t with { Entry = [TierCondition.Spend(0m)] }), "tiers[1].entry.spend", ValidationCode.ThresholdNotPositive },
        { "rolling referrals", WithTier(1, t => t with { Entry = [new TierCondition(TierConditionKind.Referrals, 2, SpendWindow.Rolling)] }), "tiers[1].entry.referrals", ValidationCode.WindowOnlyForSpend },
        { "cap below single award", WithRule("referral", r => r with { Caps = new Caps { PerDay = 100 } }), "earningRules[referral].caps.perDay", ValidationCode.CapBelowSingleAward },
        { "cap below bonus", WithRule("purchase", r => r with { Caps = new Caps { PerDay = 50 } }), "earningRules[purchase].caps.perDay", ValidationCode.CapBelowSingleAward },
        { "zero cap", WithRule("share", r => r with { Caps = new Caps { PerMonth = 0 } }), "earningRules[share].caps.perMonth", ValidationCode.CapNotPositive },
        { "day cap above month cap", WithRule("share", r => r with { Caps = new Caps { PerDay = 600, PerMonth = 500 } }), "earningRules[share].caps.perDay", ValidationCode.CapsInconsistent },
        { "duplicate rule id", WithRule("review", r => r with { Id = "share" }), "earningRules[share].id", ValidationCode.DuplicateId },
        { "rule without channels", WithRule("review", r => r with { Channels = [] }), "earningRules[review].channels", ValidationCode.NoChannels },
        { "rule window reversed", WithRule("review", r => r with { ActiveFrom = new DateOnly(2026, 2, 1), ActiveTo = new DateOnly(2026, 1, 1) }), "earningRules[review].activeFrom", ValidationCode.InvalidWindow },
        { "zero money per point", WithRule("purchase", r => ((PurchaseRule)r) with { CurrencyPerPoint = 0m }), "earningRules[purchase].currencyPerPoint", ValidationCode.CurrencyPerPointNotPositive },
        { "negative points", WithRule("review", r => ((ReviewRule)r) with { Points = -5 }), "earningRules[review].points", ValidationCode.NegativeValue },
        { "one-day streak", WithRule("check-in", r => ((CheckInRule)r) with { StreakBonuses = [new StreakBonus(1, 10)] }), "earningRules[check-in].streakBonuses[0].days", ValidationCode.StreakTooShort },
        { "promotion without rules", WithPromotion("wednesday", p => p with { RuleIds = [] }), "promotions[wednesday].ruleIds", ValidationCode.PromotionNoRules },
        { "promotion unknown rule", WithPromotion("wednesday", p => p with { RuleIds = ["purchase", "nope"] }), "promotions[wednesday].ruleIds[1]", ValidationCode.UnknownRule },
        { "promotion without channels", WithPromotion("wednesday", p => p with { Channels = [] }), "promotions[wednesday].channels", ValidationCode.NoChannels },
        { "promotion negative multiplier", WithPromotion("wednesday", p => p with { Multiplier = -2m }), "promotions[wednesday].multiplier", ValidationCode.MultiplierNotPositive },
        { "promotion unknown tier", WithPromotion("wednesday", p => p with { TierCodes = ["platinum"] }), "promotions[wednesday].tierCodes[0]", ValidationCode.UnknownTier },
        { "tier name with an override", WithTier(1, t => t with { Name = "\u202Erevlis" }), "tiers[1].name", ValidationCode.UnsafeText },
        { "tier benefit with a line break", WithTier(1, t => t with { Benefits = t.Benefits with { Descriptions = ["Free\r\nshipping"] } }), "tiers[1].benefits.descriptions[0]", ValidationCode.UnsafeText },
        { "rule name with an escape", WithRule("review", r => r with { Name = "Review\u001b[31m" }), "earningRules[review].name", ValidationCode.UnsafeText },
        { "promotion name with NUL", WithPromotion("wednesday", p => p with { Name = "Wed\0" }), "promotions[wednesday].name", ValidationCode.UnsafeText },
        { "promotion day 32", WithPromotion("fifteenth", p => p with { Schedule = new MonthlySchedule([32]) }), "promotions[fifteenth].schedule.daysOfMonth", ValidationCode.DayOfMonthOutOfRange },
        { "promotion no weekday", WithPromotion("wednesday", p => p with { Schedule = new WeeklySchedule([]) }), "promotions[wednesday].schedule.days", ValidationCode.ScheduleEmpty },
        { "promotion range reversed", WithPromotion("wednesday", p => p with { Schedule = new DateRangeSchedule(new DateOnly(2026, 2, 1), new DateOnly(2026, 1, 1)) }), "promotions[wednesday].schedule.from", ValidationCode.InvalidWindow },
        { "point value zero", ProgrammeTemplates.TeaShop with { PointValue = new PointValue(0m) }, "pointValue.moneyPerPoint", ValidationCode.PointValueNotPositive },
        { "expiry zero months", ProgrammeTemplates.TeaShop with { Expiry = ExpiryPolicy.RollingMonths(0) }, "expiry.months", ValidationCode.MonthsNotPositive },
        { "no tiers", ProgrammeTemplates.TeaShop with { Tiers = [] }, "tiers", ValidationCode.NoTiers },
        { "schema 2", ProgrammeTemplates.TeaShop with { SchemaVersion = 2 }, "schemaVersion", ValidationCode.UnsupportedSchemaVersion },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Validate_BrokenProgramme_ReportsPathAndCode(string because, Programme programme, string path, ValidationCode code)
    {
        var errors = ProgrammeValidator.Validate(programme);
        Assert.True(errors.Any(e => e.Path == path && e.Code == code),
            $"{because}: expected {code} at {path}, got: {string.Join(" | ", errors)}");
    }

    [Fact]
    public void Validate_Message_IsPreciseAndLocalized()
    {
        var programme = WithPromotion("wednesday", p => p with { RuleIds = [] });
        var error = Assert.Single(ProgrammeValidator.Validate(programme));
        using (new UiCulture("en")) Assert.Equal("Promotion 'Wednesday member day' applies to no earning rule.", error.Message);
        using (new UiCulture("zh-Hans")) Assert.Equal("活动“Wednesday member day”未关联任何积分规则。", error.Message);
    }
}
