using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Tests.Support;

namespace LoyaltyAdmin.Tests.Features.Referrals;

public sealed class ReferralsTextTests
{
    public static TheoryData<string> EnumKeys()
    {
        var data = new TheoryData<string>();
        foreach (var name in Enum.GetNames<CampaignState>()) data.Add("State." + name);
        foreach (var name in Enum.GetNames<ReferralRewardStage>()) data.Add("Stage." + name);
        foreach (var name in Enum.GetNames<ReferralStatus>()) data.Add("Status." + name);
        foreach (var name in Enum.GetNames<ReferralRejection>()) data.Add("Rejection." + name);
        return data;
    }

    [Theory]
    [MemberData(nameof(EnumKeys))]
    public void EveryEnumLabel_TheScreensBuild_HasEnglishAndChineseText(string key) => Localizers.AssertEnglishAndChinese<ReferralsText>(key);
}
