using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// Who the daily run gives a birthday award on a merchant day: active members born in that month with an enabled birthday
/// rule due that day (the whole month, or the day itself with "on the day only") that has not awarded them this year.
/// Asking every day of the month lets a member who joins late in their birthday month still get it.
/// </summary>
internal static class BirthdayAwards
{
    public static async Task<IReadOnlyList<(long MemberId, DateTimeOffset At)>> DueAsync(LoyaltyDbContext db, Rules.Programme programme, DateOnly day,
        TimeZoneInfo zone, CancellationToken ct)
    {
        var rules = programme.EarningRules.OfType<BirthdayRule>()
            .Where(r => r.Enabled && (r.ActiveFrom is null || r.ActiveFrom <= day) && (r.ActiveTo is null || r.ActiveTo >= day)).ToList();
        if (rules.Count == 0)
            return [];
        var ids = rules.Select(r => r.Id).ToList();
        var year = day.Year.ToString(CultureInfo.InvariantCulture);
        var month = day.Month;
        var used = db.MemberOnceKeys.Where(k => k.Key == year && ids.Contains(k.RuleId)
            && db.Members.Any(m => m.Id == k.MemberId && m.Birthday != null && m.Birthday.Value.Month == month));
        var done = used.GroupBy(k => k.MemberId).Where(g => g.Count() == ids.Count).Select(g => g.Key);
        var candidates = await db.Members.AsNoTracking()
            .Where(m => m.Status == MemberStatus.Active && m.Birthday != null && m.Birthday.Value.Month == month && !done.Contains(m.Id))
            .Select(m => new { m.Id, Birthday = m.Birthday!.Value, m.JoinedAtUtc }).ToListAsync(ct);
        if (candidates.Count == 0)
            return [];
        var awarded = (await used.Select(k => new { k.MemberId, k.RuleId }).ToListAsync(ct)).Select(k => (k.MemberId, k.RuleId)).ToHashSet();
        // Noon of the day, so the award's merchant-local day is that day whatever the zone; a member who joined later that day, from joining.
        var noon = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(12, 0)), zone);
        return [.. candidates
            .Where(c => rules.Any(r => r.IsDueOn(c.Birthday, day) && !awarded.Contains((c.Id, r.Id))))
            .Select(c => (c.Id, new DateTimeOffset(c.JoinedAtUtc > noon && RulesEngine.LocalDate(new DateTimeOffset(c.JoinedAtUtc, TimeSpan.Zero), zone) == day
                ? c.JoinedAtUtc : noon, TimeSpan.Zero)))];
    }

    /// <summary>The award's idempotency key: one activity per member and day (the engine's once keys keep it once a year per rule).</summary>
    public static string EventId(long memberId, DateOnly day) => string.Create(CultureInfo.InvariantCulture, $"birthday:{memberId}:{day:yyyy-MM-dd}");
}
