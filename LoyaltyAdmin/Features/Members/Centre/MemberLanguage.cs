using System.Globalization;

namespace LoyaltyAdmin.Features.Members.Centre;

/// <summary>
/// The language a member reads their centre in: the one the caller asked for, else the member's preferred language, else
/// English. Only English and Simplified Chinese exist; any Chinese tag but the traditional ones reads Simplified Chinese.
/// </summary>
public static class MemberLanguage
{
    public const string English = "en";
    public const string Chinese = "zh-Hans";

    /// <summary>"en" or "zh-Hans" for a tag naming one of them (zh, zh-CN, zh-SG, zh-Hans…, en, en-GB…); null otherwise.</summary>
    public static string? Normalize(string? tag)
    {
        var t = tag?.Trim();
        if (string.IsNullOrEmpty(t))
            return null;
        if (t.Equals("zh", StringComparison.OrdinalIgnoreCase) || t.StartsWith("zh-Hans", StringComparison.OrdinalIgnoreCase)
            || t.Equals("zh-CN", StringComparison.OrdinalIgnoreCase) || t.Equals("zh-SG", StringComparison.OrdinalIgnoreCase))
            return Chinese;
        return t.Equals("en", StringComparison.OrdinalIgnoreCase) || t.StartsWith("en-", StringComparison.OrdinalIgnoreCase) ? English : null;
    }

    public static string Resolve(string? requested, string? preferred) => Normalize(requested) ?? Normalize(preferred) ?? English;

    /// <summary>Texts rendered until the scope ends are in <paramref name="language"/> (the resource tables read the UI culture).</summary>
    public static Scope Use(string language) => new(CultureInfo.GetCultureInfo(language));

    public readonly struct Scope : IDisposable
    {
        private readonly CultureInfo culture;
        private readonly CultureInfo uiCulture;

        internal Scope(CultureInfo language)
        {
            (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
            CultureInfo.CurrentCulture = language;
            CultureInfo.CurrentUICulture = language;
        }

        public void Dispose()
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = uiCulture;
        }
    }
}
