using System.Globalization;
using System.Resources;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Notices;

/// <summary>
/// The texts members read (NoticeMessages.resx, NoticeMessages.zh-Hans.resx), written in the member's language whatever
/// the language of the page or job that writes them: numbers, dates and money in that language, money in the merchant's currency.
/// </summary>
public static class NoticeMessages
{
    private static readonly ResourceManager Manager = new("LoyaltyAdmin.Features.Notices.NoticeMessages", typeof(NoticeMessages).Assembly);

    public static CultureInfo CultureOf(string language) => CultureInfo.GetCultureInfo(NoticePolicy.LanguageFor(language, NoticePolicy.Chinese));

    /// <summary>The ready text of <paramref name="data"/> in <paramref name="language"/>.</summary>
    public static string Render(NoticeData data, string language, string currencySymbol)
    {
        var culture = CultureOf(language);
        string Text(string key, params object[] args) => string.Format(culture, Manager.GetString(key, culture) ?? key, args);
        string Date(DateOnly day) => day.ToString(Manager.GetString("Format.Date", culture), culture);
        string Number(decimal value) => value.ToString("#,0.##", culture);
        return data switch
        {
            PointsExpiringData p => Text("PointsExpiring", Number(p.Points), Date(p.ExpiresOn)),
            TierEndingData t => Text("TierEnding", t.TierName, Date(t.ValidUntil), Conditions(t.KeepBy, culture)),
            CouponExpiringData c => Text("CouponExpiring", c.CouponName, Date(c.ValidUntil)),
            TierCloseData t => Text("TierClose", t.NextTierName, Conditions(t.Missing, culture)),
            RewardReachableData { Cash: { } cash } r => Text("RewardReachableWithCash", Number(r.Balance), r.ItemName, Number(r.Points),
                currencySymbol + Number(cash)),
            RewardReachableData r => Text("RewardReachable", Number(r.Balance), r.ItemName, Number(r.Points)),
            _ => throw new ArgumentOutOfRangeException(nameof(data), data.GetType().Name, "Not a notice."),
        };
    }

    /// <summary>A sample name (a coupon, an item) for the page's previews, in <paramref name="language"/>.</summary>
    public static string Sample(string key, string language) => Manager.GetString(key, CultureOf(language)) ?? key;

    /// <summary>Tier conditions as the engine words them, in <paramref name="culture"/>, joined by "or".</summary>
    private static string Conditions(IReadOnlyList<ConditionData> conditions, CultureInfo culture)
    {
        using var _ = new UiCulture(culture);
        return string.Join(RulesText.Get("Progress_Or"), conditions.Select(c => c.Text));
    }

    /// <summary>
    /// Runs the engine's own texts (<see cref="RulesText"/> reads the current UI culture) in the member's language for the
    /// length of a synchronous block.
    /// </summary>
    public readonly struct UiCulture : IDisposable
    {
        private readonly CultureInfo previous;

        public UiCulture(CultureInfo culture)
        {
            previous = CultureInfo.CurrentUICulture;
            CultureInfo.CurrentUICulture = culture;
        }

        public void Dispose() => CultureInfo.CurrentUICulture = previous;
    }
}
