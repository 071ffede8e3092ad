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

    public static string Benefit(IStringLocalizer<CouponsText> l, CouponTermsView t, string currency)
    {
        var plain = (decimal? d) => (d ?? 0).ToString("0.##", CultureInfo.CurrentCulture);
        var money = (decimal? d) => Settings.Currencies.Symbol(currency) + plain(d);
        var over = t.MinimumSpend is > 0 ? "Over" : "";
        var zhe = ((100 - (t.Percent ?? 0)) / 10m).ToString("0.#", CultureInfo.CurrentCulture);
        var text = l[$"Terms.{t.Kind}{over}", money(t.Amount), plain(t.Amount), money(t.MinimumSpend), plain(t.MinimumSpend), t.Percent ?? 0, zhe, t.ItemName ?? ""].Value;
        return t.Kind == CouponKind.PercentOff && t.MaxDiscount is { } cap ? text + l["Terms.Cap", money(cap), plain(cap)] : text;
    }

    public static string ChannelText(IStringLocalizer<CouponsText> l, Channel? channel) =>
        l[channel is { } c ? $"Terms.Only.{c}" : "Terms.AllChannels"];

    public static string Validity(IStringLocalizer<CouponsText> l, CouponTermsView t) => t.ValidDays is { } days
        ? l["Terms.ValidDays", days]
        : t.ValidFrom is { } from && t.ValidTo is { } to ? l["Terms.ValidDates", from.ToString("yyyy-MM-dd"), to.ToString("yyyy-MM-dd")]
        : "";
}
