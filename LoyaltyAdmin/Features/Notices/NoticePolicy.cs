using LoyaltyAdmin.Data;

namespace LoyaltyAdmin.Features.Notices;

/// <summary>A notice the member already has or had, as the caps count it.</summary>
public readonly record struct PastNotice(string Type, DateTime AtUtc);

/// <summary>
/// The decisions about member notices, plain and deterministic: which language, whether a notice needs consent, when it
/// may go out (quiet hours in merchant time) and whether the caps allow it.
/// </summary>
public static class NoticePolicy
{
    public const string English = "en";
    public const string Chinese = "zh-Hans";

    public static readonly IReadOnlyList<string> Languages = [English, Chinese];

    /// <summary>The days over which <see cref="NoticeSettings.WeeklyLimit"/> counts.</summary>
    public static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>The member's own language when it is one we write in, otherwise the merchant's default.</summary>
    public static string LanguageFor(string? preferred, string merchantDefault) =>
        Languages.FirstOrDefault(l => string.Equals(l, preferred, StringComparison.OrdinalIgnoreCase))
        ?? Languages.FirstOrDefault(l => string.Equals(l, merchantDefault, StringComparison.OrdinalIgnoreCase))
        ?? Chinese;

    /// <summary>Marketing notices (close to a tier, a reward in reach) need the member's consent; service notices (expiry) reach everyone.</summary>
    public static bool IsMarketing(string type) => type is BusinessEvents.NoticeTierClose or BusinessEvents.NoticeRewardReachable;

    /// <summary>Which notice goes first when one member has several on a day: what the member loses before what they could gain.</summary>
    public static int Priority(string type) => type switch
    {
        BusinessEvents.NoticePointsExpiring => 0,
        BusinessEvents.NoticeCouponExpiring => 1,
        BusinessEvents.NoticeTierEnding => 2,
        BusinessEvents.NoticeTierClose => 3,
        _ => 4,
    };

    /// <summary>Whether a merchant-local time of day falls in the quiet hours [from, until), which may cross midnight.</summary>
    public static bool InQuietHours(TimeOnly time, TimeOnly from, TimeOnly until) =>
        from != until && (from < until ? time >= from && time < until : time >= from || time < until);

    /// <summary>
    /// When a notice wanted at <paramref name="atUtc"/> may go out: at once, or when the quiet hours end (the same morning, or
    /// the next one when they start in the evening), in the merchant's zone.
    /// </summary>
    public static (DateTime DueUtc, bool Held) DueAt(DateTime atUtc, TimeZoneInfo zone, TimeOnly from, TimeOnly until)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(atUtc, DateTimeKind.Utc), zone);
        var time = TimeOnly.FromDateTime(local);
        if (!InQuietHours(time, from, until))
            return (atUtc, false);
        var morning = local.Date + until.ToTimeSpan();
        if (morning <= local)
            morning = morning.AddDays(1);
        // A morning that a clock change skipped is taken an hour later.
        while (zone.IsInvalidTime(morning))
            morning = morning.AddHours(1);
        return (TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(morning, DateTimeKind.Unspecified), zone), true);
    }

    /// <summary>
    /// Whether the caps let a notice of <paramref name="type"/> go out at <paramref name="atUtc"/> beside the member's other
    /// notices: none of the same type within <see cref="NoticeSettings.TypeIntervalDays"/> days either side, and no 7 days
    /// holding it with more than <see cref="NoticeSettings.WeeklyLimit"/> notices.
    /// </summary>
    public static NoticeReason CapFor(string type, DateTime atUtc, IEnumerable<PastNotice> others, int typeIntervalDays, int weeklyLimit)
    {
        var interval = TimeSpan.FromDays(typeIntervalDays);
        var list = others.ToList();
        if (list.Any(o => o.Type == type && (o.AtUtc - atUtc).Duration() < interval))
            return NoticeReason.TypeCap;
        var times = list.Where(o => (o.AtUtc - atUtc).Duration() < Week).Select(o => o.AtUtc).Append(atUtc).Order().ToList();
        // Every 7-day window that holds this notice starts at it or at an earlier notice less than 7 days before it.
        foreach (var start in times.Where(t => t <= atUtc))
        {
            if (times.Count(t => t >= start && t < start + Week) > weeklyLimit)
                return NoticeReason.WeeklyCap;
        }
        return NoticeReason.None;
    }

    /// <summary>
    /// The whole decision for one notice: consent for marketing, then the caps. <see cref="NoticeReason.None"/> means it may
    /// go out at <paramref name="atUtc"/>.
    /// </summary>
    public static NoticeReason Decide(string type, bool consent, DateTime atUtc, IEnumerable<PastNotice> others, NoticeSettings settings) =>
        IsMarketing(type) && !consent ? NoticeReason.NoConsent
        : CapFor(type, atUtc, others, settings.TypeIntervalDays, settings.WeeklyLimit);
}
