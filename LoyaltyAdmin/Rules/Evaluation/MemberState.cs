using System.Collections.ObjectModel;

namespace LoyaltyAdmin.Rules;

/// <summary>
/// What the engine needs to know about a member, built by the data layer from stored data.
/// Counters and streaks carry the merchant-local dates they refer to, so stale ones count as zero.
/// </summary>
public sealed record MemberState
{
    private static readonly IReadOnlyDictionary<string, RuleCounter> NoCounters =
        new ReadOnlyDictionary<string, RuleCounter>(new Dictionary<string, RuleCounter>(StringComparer.Ordinal));

    private static readonly IReadOnlySet<OnceKey> NoKeys = new HashSet<OnceKey>();

    /// <summary>Code of the member's current tier; an unknown code is treated as the base tier.</summary>
    public required string TierCode { get; init; }

    /// <summary>Birthday, if the member gave one.</summary>
    public DateOnly? Birthday { get; init; }

    /// <summary>Points already awarded per capped earning rule id (see <see cref="Award.CounterUpdates"/>); other rules need none.</summary>
    public IReadOnlyDictionary<string, RuleCounter> Counters { get; init; } = NoCounters;

    /// <summary>The member's check-in streak, or null if the member never checked in.</summary>
    public CheckInStreak? Streak { get; init; }

    /// <summary>Once-only keys already used (reviewed orders, birthday years, registration, …).</summary>
    public IReadOnlySet<OnceKey> UsedOnceKeys { get; init; } = NoKeys;

    /// <summary>Figures tier qualification is decided on.</summary>
    public QualificationStats Stats { get; init; } = QualificationStats.Zero;

    /// <summary>Points already awarded by <paramref name="ruleId"/>, or an empty counter.</summary>
    public RuleCounter CounterFor(string ruleId) =>
        Counters.TryGetValue(ruleId, out var c) ? c : default;
}

/// <summary>
/// Points one rule has awarded a member. <see cref="LastAwardDay"/> is the merchant-local day of
/// the last award: the day total counts only on that day, the month total only in that month.
/// </summary>
/// <param name="LastAwardDay">Merchant-local day of the last award.</param>
/// <param name="PointsThatDay">Points awarded on <paramref name="LastAwardDay"/>.</param>
/// <param name="PointsThatMonth">Points awarded in the month of <paramref name="LastAwardDay"/>.</param>
/// <param name="PointsLifetime">Points awarded ever.</param>
public readonly record struct RuleCounter(DateOnly LastAwardDay, long PointsThatDay, long PointsThatMonth, long PointsLifetime)
{
    /// <summary>Points already awarded on <paramref name="day"/>.</summary>
    public long DayTotal(DateOnly day) => LastAwardDay == day ? PointsThatDay : 0;

    /// <summary>Points already awarded in the month of <paramref name="day"/>.</summary>
    public long MonthTotal(DateOnly day) =>
        LastAwardDay.Year == day.Year && LastAwardDay.Month == day.Month ? PointsThatMonth : 0;

    /// <summary>The counter after awarding <paramref name="points"/> on <paramref name="day"/>.</summary>
    public RuleCounter Add(DateOnly day, long points) =>
        new(day, DayTotal(day) + points, MonthTotal(day) + points, PointsLifetime + points);
}

/// <summary>A member's daily check-in streak.</summary>
/// <param name="LastCheckIn">Merchant-local day of the last check-in.</param>
/// <param name="Length">Consecutive days up to and including <paramref name="LastCheckIn"/>.</param>
public readonly record struct CheckInStreak(DateOnly LastCheckIn, int Length)
{
    /// <summary>The streak after checking in on <paramref name="day"/>.</summary>
    public CheckInStreak Next(DateOnly day) =>
        LastCheckIn.AddDays(1) == day ? new(day, Length + 1) : new(day, 1);
}

/// <summary>
/// A once-only award key: <c>(ruleId, "")</c> for registration and profile, <c>(ruleId, orderId)</c>
/// for reviews, <c>(ruleId, year)</c> for birthdays, <c>(ruleId, friend reference)</c> for shares and referrals.
/// </summary>
/// <param name="RuleId">Rule that used the key.</param>
/// <param name="Key">The once-only value.</param>
public readonly record struct OnceKey(string RuleId, string Key);

/// <summary>Figures tier qualification uses; the data layer computes them from the ledger.</summary>
/// <param name="LifetimeSpend">Spend since joining (net of refunds).</param>
/// <param name="RollingSpend">Spend in the last <see cref="Programme.QualificationWindowMonths"/> months.</param>
/// <param name="GrowthValue">Current growth value.</param>
/// <param name="ActiveDays">Distinct merchant-local days with activity.</param>
/// <param name="SuccessfulReferrals">Successful referrals.</param>
public sealed record QualificationStats(
    decimal LifetimeSpend = 0m,
    decimal RollingSpend = 0m,
    long GrowthValue = 0,
    int ActiveDays = 0,
    int SuccessfulReferrals = 0)
{
    /// <summary>A new member.</summary>
    public static QualificationStats Zero { get; } = new();
}
