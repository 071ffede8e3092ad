using System.Globalization;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Tests.Features.Members;

public sealed class MembersTextTests
{
    public static TheoryData<string> EnumKeys()
    {
        var data = new TheoryData<string>();
        foreach (var name in Enum.GetNames<AdjustmentReason>()) data.Add("Reason." + name);
        foreach (var name in Enum.GetNames<Channel>()) data.Add("Channel." + name);
        foreach (var name in Enum.GetNames<MemberStatus>()) data.Add("Status." + name);
        foreach (var name in Enum.GetNames<PointsEntryKind>()) data.Add("Kind." + name);
        foreach (var name in Enum.GetNames<PointsSource>()) data.Add("Source." + name);
        foreach (var name in Enum.GetNames<TierChangeKind>()) data.Add("TierChange." + name);
        return data;
    }

    [Theory]
    [MemberData(nameof(EnumKeys))]
    public void EveryEnumLabel_TheScreensBuild_HasEnglishAndChineseText(string key)
    {
        var localizer = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider()
            .GetRequiredService<IStringLocalizer<MembersText>>();
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            var english = localizer[key];
            CultureInfo.CurrentUICulture = new CultureInfo("zh-Hans");
            var chinese = localizer[key];
            Assert.False(english.ResourceNotFound, key);
            Assert.NotEqual(english.Value, chinese.Value);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
