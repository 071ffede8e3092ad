namespace LoyaltyAdmin.Features.Catalogue;

/// <summary>
/// An item's price on one merchant-local day. On the member day the points are cut by the discount percentage;
/// the result is rounded up to a whole point, so the member never pays less than the stated discount gives
/// (800 at 20 % → 640; 333 at 15 % → 283.05 → 284). Cash is never discounted.
/// </summary>
public sealed record CataloguePrice(long RegularPoints, long Points, int DiscountPercent, decimal? Cash)
{
    public bool IsDiscounted => DiscountPercent > 0;

    public static CataloguePrice On(CatalogueItem item, DateOnly day)
    {
        var percent = IsMemberDay(item.MemberDay, item.MemberDayWeekday, item.MemberDayOfMonth, day) ? item.MemberDayDiscountPercent : 0;
        return new CataloguePrice(item.Points, Discounted(item.Points, percent), percent, item.Cash);
    }

    public static long Discounted(long points, int percent) =>
        percent <= 0 ? points : (points * (100 - percent) + 99) / 100;

    public static bool IsMemberDay(MemberDayKind kind, DayOfWeek? weekday, int? dayOfMonth, DateOnly day) => kind switch
    {
        MemberDayKind.Weekday => day.DayOfWeek == weekday,
        // A 31st member day simply does not happen in shorter months.
        MemberDayKind.DayOfMonth => day.Day == dayOfMonth,
        _ => false,
    };

    /// <summary>The next member day on or after <paramref name="from"/>, for previews; null when there is none.</summary>
    public static DateOnly? NextMemberDay(MemberDayKind kind, DayOfWeek? weekday, int? dayOfMonth, DateOnly from)
    {
        if (kind == MemberDayKind.None)
            return null;
        for (var day = from; day < from.AddDays(62); day = day.AddDays(1))
        {
            if (IsMemberDay(kind, weekday, dayOfMonth, day))
                return day;
        }
        return null;
    }
}
