using System.Globalization;
using LoyaltyAdmin.Rules;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Coupons;

/// <summary>What a template gives and where and when, as the editor's preview, the till and the member list show it.</summary>
public sealed record CouponTermsView(CouponKind Kind, decimal? Amount, int? Percent, decimal? MaxDiscount, string? ItemName, decimal? MinimumSpend,
    Channel? Channel, int? ValidDays, DateOnly? ValidFrom, DateOnly? ValidTo)
{
    public static CouponTermsView From(CouponTemplate t) =>
        new(t.Kind, t.Amount, t.Percent, t.MaxDiscount, t.ItemName, t.MinimumSpend, t.Channel, t.ValidDays, t.ValidFrom, t.ValidTo);
}

/// <summary>
/// Reads a coupon the way a member reads it: "¥10 off orders over ¥50 · mini-program only · valid 30 days",
/// "满50减10 · 仅限小程序 · 领取后30天内有效".
/// </summary>
public static class CouponDescription
{
    public static string Describe(IStringLocalizer<CouponsText> l, CouponTermsView t, string currency) =>
        string.Join(" · ", new[] { Benefit(l, t, currency), ChannelText(l, t.Channel), Validity(l, t) }.Where(s => s.Length > 0));

    /// <summary>
    /// Every language gets the same arguments ({0} amount off, {1} minimum spend, {2} rate, {3} item); how a language
    /// states money and rates is itself a translation: "Terms.MoneyStyle" (symbol: ¥10, or plain: 10, as in 满50减10)
    /// and "Terms.RateStyle" (percent: 10% off, or zhe: 9折).
    /// </summary>
    public static string Benefit(IStringLocalizer<CouponsText> l, CouponTermsView t, string currency)
    {
        var symbol = l["Terms.MoneyStyle"].Value == "symbol" ? Settings.Currencies.Symbol(currency) : "";
        var money = (decimal? d) => symbol + (d ?? 0).ToString("0.##", CultureInfo.CurrentCulture);
        var percent = t.Percent ?? 0;
        var rate = l["Terms.RateStyle"].Value == "zhe" ? ((100 - percent) / 10m).ToString("0.#", CultureInfo.CurrentCulture) : percent.ToString(CultureInfo.CurrentCulture);
        var over = t.MinimumSpend is > 0 ? "Over" : "";
        var text = l[$"Terms.{t.Kind}{over}", money(t.Amount), money(t.MinimumSpend), rate, t.ItemName ?? ""].Value;
        return t.Kind == CouponKind.PercentOff && t.MaxDiscount is { } cap ? text + l["Terms.Cap", money(cap)] : text;
    }

    public static string ChannelText(IStringLocalizer<CouponsText> l, Channel? channel) =>
        l[channel is { } c ? $"Terms.Only.{c}" : "Terms.AllChannels"];

    public static string Validity(IStringLocalizer<CouponsText> l, CouponTermsView t) => t.ValidDays is { } days
        ? l["Terms.ValidDays", days]
        : t.ValidFrom is { } from && t.ValidTo is { } to ? l["Terms.ValidDates", from.ToString("yyyy-MM-dd"), to.ToString("yyyy-MM-dd")]
        : "";
}
