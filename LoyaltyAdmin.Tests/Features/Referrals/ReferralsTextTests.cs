using System.Globalization;
using LoyaltyAdmin.Features.Referrals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Tests.Features.Referrals;

public sealed class ReferralsTextTests
{
    public static TheoryData<string> EnumKeys()
    {
        var data = new TheoryData<string>();
        foreach (var name in Enum.GetNames<CampaignState>()) data.Add("State." + name);
        foreach (var name in Enum.GetNames<ReferrerRewardStage>()) data.Add("Stage." + name);
        foreach (var name in Enum.GetNames<ReferralStatus>()) data.Add("Status." + name);
        foreach (var name in Enum.GetNames<ReferralRejection>()) data.Add("Rejection." + name);
        return data;
    }

    [Theory]
    [MemberData(nameof(EnumKeys))]
    public void EveryEnumLabel_TheScreensBuild_HasEnglishAndChineseText(string key)
    {
        var localizer = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider()
            .GetRequiredService<IStringLocalizer<ReferralsText>>();
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
