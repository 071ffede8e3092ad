using System.Globalization;
using LoyaltyAdmin.Features.Settings;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Catalogue;

/// <summary>How the catalogue's screens write prices and member days, in the user's language.</summary>
public static class CatalogueFormat
{
    public static string Price(IStringLocalizer<CatalogueText> t, long points, decimal? cash, string currency) =>
        cash is { } c ? t["Price.PointsAndCash", points.ToString("#,0"), MerchantClock.FormatMoney(c, currency)] : t["Price.Points", points.ToString("#,0")];

    public static string MemberDay(IStringLocalizer<CatalogueText> t, MemberDayKind kind, DayOfWeek? weekday, int? dayOfMonth, int percent) => kind switch
    {
        MemberDayKind.Weekday when weekday is { } w => t["MemberDay.EveryWeekday", CultureInfo.CurrentCulture.DateTimeFormat.GetDayName(w), percent],
        MemberDayKind.DayOfMonth => t["MemberDay.EveryMonth", dayOfMonth ?? 0, percent],
        _ => "—",
    };

    /// <summary>"Wed: 800 → 640 points" for the editor, from the form as it stands.</summary>
    public static string Preview(IStringLocalizer<CatalogueText> t, CatalogueItemModel model)
    {
        var points = model.Points ?? 0;
        if (model.MemberDay == MemberDayKind.None || model.MemberDayDiscountPercent is not (>= 1 and <= CatalogueService.MaxDiscountPercent))
            return t["Item.PreviewNone", points.ToString("#,0")];
        var day = model.MemberDay == MemberDayKind.Weekday
            ? CultureInfo.CurrentCulture.DateTimeFormat.GetAbbreviatedDayName(model.MemberDayWeekday ?? DayOfWeek.Wednesday)
            : t["MemberDay.DayLabel", model.MemberDayOfMonth ?? 0].Value;
        var discounted = CataloguePrice.Discounted(points, model.MemberDayDiscountPercent.Value);
        return t["Item.Preview", day, points.ToString("#,0"), discounted.ToString("#,0")];
    }
}
