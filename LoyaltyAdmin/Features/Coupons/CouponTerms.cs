namespace LoyaltyAdmin.Features.Coupons;

/// <summary>The arithmetic of coupons: validity windows in merchant days and the discount for an order. Pure.</summary>
public static class CouponTerms
{
    /// <summary>The UTC instant a merchant day starts (DST-safe: the zone decides).</summary>
    public static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);

    /// <summary>The UTC instant a merchant day ends: the start of the next one (exclusive bound).</summary>
    public static DateTime EndOfDayUtc(DateOnly day, TimeZoneInfo zone) => StartOfDayUtc(day.AddDays(1), zone);

    public static DateOnly LocalDay(DateTime utc, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone));

    /// <summary>
    /// The window a coupon issued at <paramref name="issuedAtUtc"/> is valid in, or null when the template's fixed dates
    /// are already over. Fixed dates: from the start of ValidFrom to the end of ValidTo. N days: from the issue instant
    /// to the end of the merchant day N-1 days after the issue day.
    /// </summary>
    public static (DateTime FromUtc, DateTime UntilUtc)? Validity(CouponTemplate t, DateTime issuedAtUtc, TimeZoneInfo zone)
    {
        if (t.ValidDays is { } days)
            return (issuedAtUtc, EndOfDayUtc(LocalDay(issuedAtUtc, zone).AddDays(Math.Max(1, days) - 1), zone));
        var from = t.ValidFrom is { } f ? StartOfDayUtc(f, zone) : issuedAtUtc;
        var until = t.ValidTo is { } to ? EndOfDayUtc(to, zone) : DateTime.MaxValue;
        return issuedAtUtc >= until ? null : (from, until);
    }

    /// <summary>The money an order of <paramref name="orderAmount"/> saves (0 for a free item or free shipping).</summary>
    public static decimal Discount(CouponKind kind, decimal? amount, int? percent, decimal? maxDiscount, decimal orderAmount) => kind switch
    {
        CouponKind.AmountOff => Math.Min(amount ?? 0, Math.Max(0, orderAmount)),
        CouponKind.PercentOff => Math.Min(
            Math.Round(Math.Max(0, orderAmount) * (percent ?? 0) / 100m, 2, MidpointRounding.ToZero),
            maxDiscount ?? decimal.MaxValue),
        _ => 0m,
    };
}
