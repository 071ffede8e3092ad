using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Tests.Support;

/// <summary>The app's real resx-backed localizers, for plain (non-bunit) tests.</summary>
public static class Localizers
{
    private static readonly ResourceManagerStringLocalizerFactory Factory =
        new(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance);

    public static IStringLocalizer<T> For<T>() => new StringLocalizer<T>(Factory);

    /// <summary>Fails unless <paramref name="key"/> has English text in <typeparamref name="T"/>'s table and a different Chinese one.</summary>
    public static void AssertEnglishAndChinese<T>(string key)
    {
        var localizer = For<T>();
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("en");
            var english = localizer[key];
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-Hans");
            var chinese = localizer[key];
            Xunit.Assert.False(english.ResourceNotFound, key);
            Xunit.Assert.NotEqual(english.Value, chinese.Value);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }
}
