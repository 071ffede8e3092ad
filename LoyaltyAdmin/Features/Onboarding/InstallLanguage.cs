using System.Globalization;
using LoyaltyAdmin.Features.Programme;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Onboarding;

/// <summary>
/// The install's language, chosen once at the first run and kept on the merchant settings: <c>Bootstrap:Language</c> if
/// set, otherwise the server's own language (a server set up in Chinese is a Chinese install). It names what the console
/// writes on the merchant's behalf before anyone chose: the default programme and the demo's.
/// </summary>
public static class InstallLanguage
{
    public const string English = "en";
    public const string Chinese = "zh-Hans";

    public static string Choose(IConfiguration configuration)
    {
        var configured = configuration["Bootstrap:Language"];
        // The installed culture, not the current one: a request's or a test's culture says nothing about the install.
        var source = string.IsNullOrWhiteSpace(configured) ? CultureInfo.InstalledUICulture.Name : configured;
        return IsChinese(source) ? Chinese : English;
    }

    public static bool IsChinese(string? language) => language?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>A ready template with its names in <paramref name="language"/> (English templates are returned as they are).</summary>
    public static Rules.Programme Localize(Rules.Programme template, string? language, IStringLocalizer<ProgrammeText>? text)
    {
        if (!IsChinese(language) || text is null)
            return template;
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(Chinese);
            return TemplateText.Localize(template, text);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
