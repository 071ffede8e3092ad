using System.Globalization;

namespace LoyaltyAdmin.Features.Reports;

/// <summary>Merchant-local months as yyyymm integers, and where they start in UTC.</summary>
public static class MonthKey
{
    public static int Of(DateTime utc, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        return local.Year * 100 + local.Month;
    }

    public static int Of(DateOnly day) => day.Year * 100 + day.Month;

    public static DateOnly FirstDay(int month) => new(month / 100, month % 100, 1);

    /// <summary>The UTC instant the merchant's month begins (local midnight of its first day).</summary>
    public static DateTime StartUtc(int month, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeToUtc(FirstDay(month).ToDateTime(TimeOnly.MinValue), zone), DateTimeKind.Utc);

    public static int Add(int month, int months) => Of(FirstDay(month).AddMonths(months));

    /// <summary>Whole months from <paramref name="from"/> to <paramref name="to"/> (0 for the same month).</summary>
    public static int Between(int from, int to) => (to / 100 - from / 100) * 12 + to % 100 - from % 100;

    public static IEnumerable<int> Range(int from, int to)
    {
        for (var m = from; m <= to; m = Add(m, 1))
            yield return m;
    }

    public static string Format(int month) => FirstDay(month).ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
