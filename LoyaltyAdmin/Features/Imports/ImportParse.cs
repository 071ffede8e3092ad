using System.Globalization;
using LoyaltyAdmin.Features.Members;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Imports;

/// <summary>
/// The cell formats both imports read: days as yyyy-MM-dd (or yyyy/MM/dd), times as yyyy-MM-dd HH:mm[:ss] in the merchant's
/// time zone or with an explicit offset, money and counts in invariant digits, lots as "points@yyyy-MM-dd" separated by ";".
/// Each parser adds its reason to <paramref name="reasons"/> and answers null when the cell is wrong.
/// </summary>
internal static class ImportParse
{
    private static readonly string[] DayFormats = ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy-M-d", "yyyy/M/d"];
    private static readonly string[] TimeFormats = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy/MM/dd HH:mm", "yyyy/MM/dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss"];

    public static string Label(IStringLocalizer l, string column) => l[$"Import.Col.{column}"];

    public static DateOnly? Day(string text, string column, List<string> reasons, IStringLocalizer l)
    {
        if (DateOnly.TryParseExact(text, DayFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day;
        reasons.Add(l["Import.BadDate", Label(l, column), text]);
        return null;
    }

    /// <summary>A merchant-local time (or one with its offset) as UTC.</summary>
    public static DateTime? Time(string text, string column, TimeZoneInfo zone, List<string> reasons, IStringLocalizer l)
    {
        if (DateTime.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
        if (text.Length > 19 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
            return withOffset.UtcDateTime;
        if (DateOnly.TryParseExact(text, DayFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue), zone);
        reasons.Add(l["Import.BadTime", Label(l, column), text]);
        return null;
    }

    public static decimal? Money(string text, string column, List<string> reasons, IStringLocalizer l)
    {
        if (text.Length == 0)
            return 0m;
        if (decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) && value >= 0 && decimal.Round(value, 2) == value && value < 1_000_000_000m)
            return value;
        reasons.Add(l["Import.BadAmount", Label(l, column), text]);
        return null;
    }

    public static long? Count(string text, string column, List<string> reasons, IStringLocalizer l)
    {
        if (text.Length == 0)
            return 0;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value < 1_000_000_000_000)
            return value;
        reasons.Add(l["Import.BadCount", Label(l, column), text]);
        return null;
    }

    public static string? Phone(string text, string column, List<string> reasons, IStringLocalizer l)
    {
        if (PhoneNumbers.Normalize(text) is { } phone)
            return phone;
        reasons.Add(l["Import.BadPhone", Label(l, column), text]);
        return null;
    }

    /// <summary>"500@2027-06-30; 200@2027-12-31" (or "500" for points that never expire); a lot's last day must not have passed.</summary>
    public static List<OpeningLot>? Lots(string text, DateOnly today, List<string> reasons, IStringLocalizer l)
    {
        var lots = new List<OpeningLot>();
        foreach (var part in text.Split([';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = part.IndexOf('@');
            var pointsText = at < 0 ? part : part[..at].Trim();
            if (!long.TryParse(pointsText, NumberStyles.None, CultureInfo.InvariantCulture, out var points) || points <= 0 || points > 1_000_000_000)
            {
                reasons.Add(l["Import.BadLot", part]);
                return null;
            }
            DateOnly? expires = null;
            if (at >= 0)
            {
                if (!DateOnly.TryParseExact(part[(at + 1)..].Trim(), DayFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    reasons.Add(l["Import.BadLot", part]);
                    return null;
                }
                if (day < today)
                {
                    reasons.Add(l["Import.LotExpired", part]);
                    return null;
                }
                expires = day;
            }
            lots.Add(new OpeningLot(points, expires));
        }
        return lots;
    }
}
