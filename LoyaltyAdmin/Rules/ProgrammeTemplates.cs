namespace LoyaltyAdmin.Rules;

/// <summary>Ready programmes: the new-installation default and three field templates. Each passes validation.</summary>
public static class ProgrammeTemplates
{
    private static readonly Tier Regular = new()
    {
        Code = "regular", Name = "Regular", Colour = "#9E9E9E", Order = 0, PointsMultiplier = 1m,
    };

    /// <summary>A new installation's default: one Regular tier, 1 point per currency unit spent.</summary>
    public static Programme Minimal { get; } = new()
    {
        Name = "Minimal",
        Tiers = [Regular],
        EarningRules = [new PurchaseRule { Id = "purchase", Name = "Purchase", CurrencyPerPoint = 1m }],
        Expiry = ExpiryPolicy.RollingMonths(12),
        PointValue = new PointValue(0.01m),
    };

    /// <summary>
    /// Tea shop: Regular / Silver (spend ≥ 200 or 10 active days) / Gold (spend ≥ 1000 or 3 referrals, ×1.5) /
    /// Diamond; Wednesday member day ×2 and the 15th ×2 on purchases; 7-day check-in streak +50.
    /// </summary>
    public static Programme TeaShop { get; } = new()
    {
        Name = "Tea shop",
        QualificationWindowMonths = 12,
        Tiers =
        [
            Regular,
            new Tier
            {
                Code = "silver", Name = "Silver", Colour = "#C0C0C0", Order = 1, PointsMultiplier = 1.2m,
                Entry = [TierCondition.Spend(200m), TierCondition.ActiveDays(10)],
                ValidityMonths = 12, Retention = [TierCondition.Spend(100m, SpendWindow.Rolling)],
                Benefits = new TierBenefits { DiscountRate = 0.98m, BirthdayGift = "A free small tea", Descriptions = ["2% off every order"] },
            },
            new Tier
            {
                Code = "gold", Name = "Gold", Colour = "#FFD700", Order = 2, PointsMultiplier = 1.5m,
                Entry = [TierCondition.Spend(1000m), TierCondition.Referrals(3)],
                ValidityMonths = 12, Retention = [TierCondition.Spend(500m, SpendWindow.Rolling)],
                Benefits = new TierBenefits
                {
                    DiscountRate = 0.95m, BirthdayGift = "A free large tea", FreeShipping = true,
                    Descriptions = ["5% off every order", "Free delivery"],
                },
            },
            new Tier
            {
                Code = "diamond", Name = "Diamond", Colour = "#4FC3F7", Order = 3, PointsMultiplier = 2m,
                Entry = [TierCondition.Spend(5000m), TierCondition.Referrals(10)],
                ValidityMonths = 12, Retention = [TierCondition.Spend(2500m, SpendWindow.Rolling)],
                Benefits = new TierBenefits
                {
                    DiscountRate = 0.9m, BirthdayGift = "A tea gift box", FreeShipping = true, PriorityService = true,
                    Descriptions = ["10% off every order", "Free delivery", "Skip the queue"],
                },
            },
        ],
        EarningRules =
        [
            new PurchaseRule
            {
                Id = "purchase", Name = "Purchase", Priority = 10, CurrencyPerPoint = 1m,
                LargeOrderBonus = new LargeOrderBonus(500m, 100),
            },
            new RegistrationRule { Id = "registration", Name = "Registration", Priority = 20, Points = 100, UseTierMultiplier = false },
            new ProfileCompletedRule { Id = "profile", Name = "Profile completed", Priority = 30, Points = 50, UseTierMultiplier = false },
            new CheckInRule
            {
                Id = "check-in", Name = "Daily check-in", Priority = 40, Points = 5, UseTierMultiplier = false,
                Channels = [Channel.MiniProgram, Channel.App],
                StreakBonuses = [new StreakBonus(7, 50, Repeats: true)],
            },
            new ShareRule
            {
                Id = "share", Name = "Share", Priority = 50, Points = 50, UseTierMultiplier = false,
                Channels = [Channel.MiniProgram, Channel.App], Caps = new Caps { PerMonth = 500 },
            },
            new ReviewRule { Id = "review", Name = "Review", Priority = 60, Points = 20, UseTierMultiplier = false },
            new BirthdayRule { Id = "birthday", Name = "Birthday", Priority = 70, Points = 100, UseTierMultiplier = false },
            new ReferralRule
            {
                Id = "referral", Name = "Referral", Priority = 80, Points = 200, UseTierMultiplier = false,
                Caps = new Caps { Lifetime = 10_000 },
            },
        ],
        GrowthRules =
        [
            new GrowthRule { Id = "growth-mini-program", Name = "Mini-program growth", Channels = [Channel.MiniProgram], PerCurrencyUnit = 1m },
            new GrowthRule { Id = "growth-app", Name = "App growth", Channels = [Channel.App], PerCurrencyUnit = 2m },
            new GrowthRule { Id = "growth-store", Name = "Store growth", Channels = [Channel.Store], PerCurrencyUnit = 1m },
        ],
        Promotions =
        [
            new Promotion
            {
                Id = "wednesday", Name = "Wednesday member day", Priority = 10, Multiplier = 2m,
                Schedule = new WeeklySchedule([DayOfWeek.Wednesday]), RuleIds = ["purchase"],
            },
            new Promotion
            {
                Id = "fifteenth", Name = "15th double points", Priority = 20, Multiplier = 2m,
                Schedule = new MonthlySchedule([15]), RuleIds = ["purchase"],
            },
        ],
        Expiry = ExpiryPolicy.RollingMonths(12, pendingDays: 7),
        PointValue = new PointValue(0.01m),
    };

    /// <summary>Restaurant: 10 yuan = 1 point from a ¥20 order, Tuesday ×2 in store, birthday on the day.</summary>
    public static Programme Restaurant { get; } = new()
    {
        Name = "Restaurant",
        Tiers =
        [
            Regular,
            new Tier
            {
                Code = "silver", Name = "Silver", Colour = "#C0C0C0", Order = 1, PointsMultiplier = 1.2m,
                Entry = [TierCondition.Spend(500m), TierCondition.Growth(500)], ValidityMonths = 12,
                Retention = [TierCondition.Spend(300m, SpendWindow.Rolling)],
                Benefits = new TierBenefits { DiscountRate = 0.95m, BirthdayGift = "A free dessert" },
            },
            new Tier
            {
                Code = "gold", Name = "Gold", Colour = "#FFD700", Order = 2, PointsMultiplier = 1.5m,
                Entry = [TierCondition.Spend(2000m), TierCondition.Growth(2000)], ValidityMonths = 12,
                Retention = [TierCondition.Spend(1000m, SpendWindow.Rolling)],
                Benefits = new TierBenefits { DiscountRate = 0.9m, BirthdayGift = "The signature dish", PriorityService = true },
            },
        ],
        EarningRules =
        [
            new PurchaseRule { Id = "purchase", Name = "Meal", Priority = 10, CurrencyPerPoint = 10m, MinimumOrder = 20m },
            new RegistrationRule { Id = "registration", Name = "Registration", Priority = 20, Points = 50, UseTierMultiplier = false },
            new ProfileCompletedRule { Id = "profile", Name = "Phone bound", Priority = 30, Points = 20, UseTierMultiplier = false },
            new ReviewRule { Id = "review", Name = "Review", Priority = 40, Points = 10, UseTierMultiplier = false, Caps = new Caps { PerDay = 30 } },
            new BirthdayRule { Id = "birthday", Name = "Birthday", Priority = 50, Points = 200, OnDayOnly = true, UseTierMultiplier = false },
        ],
        GrowthRules =
        [
            new GrowthRule { Id = "growth", Name = "Spend growth", PerCurrencyUnit = 1m },
        ],
        Promotions =
        [
            new Promotion
            {
                Id = "tuesday", Name = "Tuesday double points", Multiplier = 2m, Channels = [Channel.Store],
                Schedule = new WeeklySchedule([DayOfWeek.Tuesday]), RuleIds = ["purchase"],
            },
        ],
        Expiry = ExpiryPolicy.EndOfNextCalendarYear(),
        PointValue = new PointValue(0.1m),
    };

    /// <summary>Convenience store: spend in a rolling 12 months or active days, daily cap, 8th/18th/28th ×2.</summary>
    public static Programme ConvenienceStore { get; } = new()
    {
        Name = "Convenience store",
        Tiers =
        [
            Regular,
            new Tier
            {
                Code = "silver", Name = "Silver", Colour = "#C0C0C0", Order = 1, PointsMultiplier = 1.2m,
                Entry = [TierCondition.Spend(300m, SpendWindow.Rolling), TierCondition.ActiveDays(30)], ValidityMonths = 12,
                Retention = [TierCondition.Spend(300m, SpendWindow.Rolling)],
                Benefits = new TierBenefits { Descriptions = ["Member prices on coffee"] },
            },
            new Tier
            {
                Code = "gold", Name = "Gold", Colour = "#FFD700", Order = 2, PointsMultiplier = 1.5m,
                Entry = [TierCondition.Spend(1200m, SpendWindow.Rolling), TierCondition.ActiveDays(90)], ValidityMonths = 12,
                Retention = [TierCondition.Spend(1200m, SpendWindow.Rolling)],
                Benefits = new TierBenefits { DiscountRate = 0.95m, Descriptions = ["5% off", "Free coffee on the birthday"] },
            },
        ],
        EarningRules =
        [
            new PurchaseRule { Id = "purchase", Name = "Purchase", Priority = 10, CurrencyPerPoint = 1m, Caps = new Caps { PerDay = 300 } },
            new RegistrationRule { Id = "registration", Name = "Registration", Priority = 20, Points = 30, UseTierMultiplier = false },
            new CheckInRule
            {
                Id = "check-in", Name = "Daily check-in", Priority = 30, Points = 2, UseTierMultiplier = false,
                Channels = [Channel.MiniProgram, Channel.App],
                StreakBonuses = [new StreakBonus(7, 0, DayMultiplier: 2m, Repeats: true)],
            },
            new BirthdayRule { Id = "birthday", Name = "Birthday", Priority = 40, Points = 50, UseTierMultiplier = false },
        ],
        GrowthRules =
        [
            new GrowthRule { Id = "growth", Name = "Spend growth", PerCurrencyUnit = 1m },
        ],
        Promotions =
        [
            new Promotion
            {
                Id = "eights", Name = "8th, 18th, 28th double points", Multiplier = 2m,
                Schedule = new MonthlySchedule([8, 18, 28]), RuleIds = ["purchase"],
            },
        ],
        Expiry = ExpiryPolicy.RollingMonths(12),
        PointValue = new PointValue(0.01m),
    };

    /// <summary>All templates by key ("minimal", "teaShop", "restaurant", "convenienceStore").</summary>
    public static IReadOnlyDictionary<string, Programme> All { get; } = new Dictionary<string, Programme>(StringComparer.Ordinal)
    {
        ["minimal"] = Minimal,
        ["teaShop"] = TeaShop,
        ["restaurant"] = Restaurant,
        ["convenienceStore"] = ConvenienceStore,
    };
}
