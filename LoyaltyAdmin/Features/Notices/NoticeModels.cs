namespace LoyaltyAdmin.Features.Notices;

/// <summary>The settings form; null fields are refused with a message on the field.</summary>
public sealed class NoticeSettingsModel
{
    public int? PointsFirstDays { get; set; }
    public int? PointsSecondDays { get; set; }
    public int? TierEndingDays { get; set; }
    public int? CouponDays { get; set; }
    public int? TierClosePercent { get; set; }
    public bool RewardReachable { get; set; }
    public int? TypeIntervalDays { get; set; }
    public int? WeeklyLimit { get; set; }
    public TimeSpan? QuietFrom { get; set; }
    public TimeSpan? QuietUntil { get; set; }
    public string DefaultLanguage { get; set; } = NoticePolicy.Chinese;
}

/// <summary>A notice on the page: the member shown as the viewer may see them.</summary>
public sealed record NoticeRow(long MemberId, string Member, string Type, DateOnly Day, DateTime DueAtUtc, DateTime? SentAtUtc, NoticeStatus Status,
    NoticeReason Reason, string Language, string Text);

/// <summary>How many notices of a type go out on a day.</summary>
public sealed record ForecastCount(string Type, DateOnly Day, int Count);

/// <summary>
/// What goes out in the next days: counts by type and day, the skips the caps and consent make, and the first notices in
/// order. Marketing notices are decided each morning, so only today's are known.
/// </summary>
public sealed record NoticeForecast(IReadOnlyList<DateOnly> Days, IReadOnlyList<ForecastCount> Counts, IReadOnlyDictionary<NoticeReason, int> Skips,
    IReadOnlyList<NoticeRow> Upcoming, int UpcomingTotal)
{
    public int CountOf(string type, DateOnly day) => Counts.FirstOrDefault(c => c.Type == type && c.Day == day)?.Count ?? 0;

    /// <summary>Whether the page can say how many of <paramref name="type"/> go out on <paramref name="day"/>.</summary>
    public bool IsKnown(string type, DateOnly day) => !NoticePolicy.IsMarketing(type) || day == Days[0];
}

/// <summary>One notice type's text as a member reads it, in both languages, from sample figures.</summary>
public sealed record NoticePreview(string Type, string English, string Chinese);

public sealed record NoticeQuery(int Page, int PageSize, NoticeStatus? Status = null, string? Type = null);
