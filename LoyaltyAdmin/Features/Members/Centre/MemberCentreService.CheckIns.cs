using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members.Centre;

public sealed partial class MemberCentreService
{
    /// <summary>
    /// The check-in calendar of <paramref name="month"/> (the merchant's current month when null): the days a check-in earned
    /// points (its entries, written under the check-in rules in force that month), today's state, the streak and the next
    /// bonus of the check-in rule in force today.
    /// </summary>
    public async Task<CheckInCalendarResponse?> CheckInsAsync(StaffActor actor, long memberId, string? language, DateOnly? month,
        CancellationToken ct = default)
    {
        await using var read = await OpenAsync(actor, memberId, language, ct);
        if (read is null)
            return null;
        using var inLanguage = MemberLanguage.Use(read.Language);
        var first = month is { } m ? new DateOnly(m.Year, m.Month, 1) : new DateOnly(read.Today.Year, read.Today.Month, 1);
        var (fromUtc, toUtc) = (CouponTerms.StartOfDayUtc(first, read.Zone), CouponTerms.StartOfDayUtc(first.AddMonths(1), read.Zone));
        var now = clock.GetUtcNow();
        var current = (await programmes.GetCurrentAsync(ct)).Programme;
        // The rules of the month itself: a rule renamed since still names its own entries.
        var ruleIds = CheckInRules(current).Select(r => r.Id)
            .Concat(CheckInRules((await programmes.GetInForceAtAsync(new DateTimeOffset(fromUtc, TimeSpan.Zero), ct)).Programme).Select(r => r.Id))
            .Concat(toUtc < now.UtcDateTime
                ? CheckInRules((await programmes.GetInForceAtAsync(new DateTimeOffset(toUtc.AddTicks(-1), TimeSpan.Zero), ct)).Programme).Select(r => r.Id)
                : [])
            .Distinct().ToList();
        var times = ruleIds.Count == 0 ? []
            : await read.Db.PointsEntries.AsNoTracking()
                .Where(e => e.MemberId == memberId && e.Kind == PointsEntryKind.Earn && e.RuleId != null && ruleIds.Contains(e.RuleId)
                    && e.OccurredAtUtc >= fromUtc && e.OccurredAtUtc < toUtc)
                .Select(e => e.OccurredAtUtc).ToListAsync(ct);
        var days = times.Select(at => CouponTerms.LocalDay(at, read.Zone)).Distinct().Order().ToList();

        var member = read.Member;
        var today = read.Today;
        var checkedIn = member.StreakLastDay == today;
        var streak = member.StreakLastDay is { } last && (last == today || last == today.AddDays(-1)) ? member.StreakLength : 0;
        var rule = CheckInRules(current).FirstOrDefault();
        var bonus = rule is null ? null : NextBonus(rule, streak, checkedIn, today);
        var text = (rule, bonus, streak) switch
        {
            (null, _, _) => t["CheckIn.Disabled"],
            (_, null, > 0) => t["CheckIn.Streak", streak],
            (_, null, _) => t["CheckIn.NoStreak"],
            (_, { } next, > 0) => t["CheckIn.StreakToBonus", streak, next.CheckInsToGo, next.StreakDays],
            (_, { } next, _) => t["CheckIn.NoStreakToBonus", next.CheckInsToGo, next.StreakDays],
        };
        return new CheckInCalendarResponse(read.Language, first.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), days, today, checkedIn,
            rule is not null, rule?.Points, streak, bonus, text);
    }

    private static IEnumerable<CheckInRule> CheckInRules(Rules.Programme programme) =>
        programme.EarningRules.OfType<CheckInRule>().Where(r => r.Enabled).OrderBy(r => r.Priority).ThenBy(r => r.Id, StringComparer.Ordinal);

    /// <summary>The first bonus a streak of <paramref name="streak"/> still reaches by checking in every day from today.</summary>
    private NextStreakBonus? NextBonus(CheckInRule rule, int streak, bool checkedInToday, DateOnly today)
    {
        var candidates = rule.StreakBonuses.Where(b => b.Days > 0)
            .Select(b => (Bonus: b, Length: b.Repeats ? (streak / b.Days + 1) * b.Days : b.Days))
            .Where(x => x.Length > streak)
            .OrderBy(x => x.Length).ToList();
        if (candidates.Count == 0)
            return null;
        var (bonus, length) = candidates[0];
        var toGo = length - streak;
        var text = (bonus.BonusPoints, bonus.DayMultiplier) switch
        {
            ( > 0, 1m) => t["CheckIn.Bonus", length, bonus.BonusPoints],
            (0, _) => t["CheckIn.BonusMultiplier", length, Number(bonus.DayMultiplier)],
            _ => t["CheckIn.BonusBoth", length, Number(bonus.DayMultiplier), bonus.BonusPoints],
        };
        return new NextStreakBonus(length, bonus.BonusPoints, bonus.DayMultiplier, toGo, today.AddDays(checkedInToday ? toGo : toGo - 1), text);
    }

    private static string Number(decimal value) => value.ToString("#,0.##", System.Globalization.CultureInfo.CurrentCulture);
}
