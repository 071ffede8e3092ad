using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>
/// A realistic programme (4 tiers, 10 earning rules, 3 promotions) and a purchase to evaluate:
/// a Gold member's ¥388 app order on a Wednesday in the anniversary week.
/// </summary>
public static class BenchmarkProgramme
{
    public static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static Programme Create()
    {
        var tea = ProgrammeTemplates.TeaShop;
        return tea with
        {
            EarningRules =
            [
                .. tea.EarningRules,
                new PurchaseRule
                {
                    Id = "app-bonus", Name = "App order bonus", Priority = 11, CurrencyPerPoint = 10m,
                    Channels = [Channel.App],
                },
                new PurchaseRule
                {
                    Id = "big-spender", Name = "Big spender", Priority = 12, CurrencyPerPoint = 20m, MinimumOrder = 300m,
                    Caps = new Caps { PerDay = 200, PerMonth = 1000 },
                },
            ],
            Promotions =
            [
                .. tea.Promotions,
                new Promotion
                {
                    Id = "anniversary", Name = "Anniversary week", Priority = 30, Multiplier = 1.5m, Stackable = true,
                    RuleIds = ["purchase", "app-bonus"],
                    Schedule = new DateRangeSchedule(new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29)),
                },
            ],
        };
    }

    public static MemberState Member() => new()
    {
        TierCode = "gold",
        Birthday = new DateOnly(1990, 5, 17),
        Counters = new Dictionary<string, RuleCounter>(StringComparer.Ordinal)
        {
            ["purchase"] = new(new DateOnly(2026, 11, 24), 120, 800, 5600),
            ["big-spender"] = new(new DateOnly(2026, 11, 25), 150, 400, 900),
        },
        Stats = new QualificationStats(1800m, 1200m, 2100, 40, 1),
    };

    public static Activity Purchase() => new()
    {
        Type = ActivityType.Purchase,
        OccurredAt = new DateTimeOffset(2026, 11, 25, 12, 30, 0, TimeSpan.FromHours(8)),
        Channel = Channel.App,
        StoreCode = "SH-001",
        OrderId = "O-20261125-0001",
        Amount = 388m,
    };
}

/// <summary>
/// The same award for the same programme, written by hand: the speed a bespoke implementation
/// would reach, which the engine is measured against.
/// </summary>
public static class HandWritten
{
    public static (long Points, long Growth) Award(TimeZoneInfo zone, string tierCode, IReadOnlyDictionary<string, RuleCounter> counters, Activity a)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(a.OccurredAt, zone).DateTime);
        var amount = a.Amount - a.Shipping;
        if (amount <= 0) return (0, 0);
        var tier = tierCode switch { "silver" => 1.2m, "gold" => 1.5m, "diamond" => 2m, _ => 1m };
        var memberDay = day.DayOfWeek == DayOfWeek.Wednesday || day.Day == 15 ? 2m : 1m;
        var anniversary = day >= new DateOnly(2026, 11, 23) && day <= new DateOnly(2026, 11, 29) ? 1.5m : 1m;

        // purchase: 1 yuan = 1 point, +100 from ¥500, tier, member day, anniversary.
        long purchase = (long)decimal.Truncate(amount);
        if (amount >= 500m) purchase += 100;
        purchase = Step(Step(Step(purchase, tier), memberDay), anniversary);

        // app bonus: 10 yuan = 1 point on the app, tier, anniversary (member days cover only "purchase").
        long appBonus = 0;
        if (a.Channel == Channel.App)
            appBonus = Step(Step((long)decimal.Truncate(amount / 10m), tier), anniversary);

        // big spender: 20 yuan = 1 point from ¥300, tier, daily cap 200, monthly cap 1000.
        long big = 0;
        if (amount >= 300m)
        {
            big = Step((long)decimal.Truncate(amount / 20m), tier);
            if (counters.TryGetValue("big-spender", out var c))
            {
                big = Math.Min(big, Math.Max(0, 200 - c.DayTotal(day)));
                big = Math.Min(big, Math.Max(0, 1000 - c.MonthTotal(day)));
            }
        }

        var growth = (long)decimal.Truncate(amount * (a.Channel == Channel.App ? 2m : 1m));
        return (purchase + appBonus + big, growth);
    }

    private static long Step(long points, decimal factor) => factor == 1m ? points : (long)decimal.Truncate(points * factor);
}
