using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;

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
    public void EveryEnumLabel_TheScreensBuild_HasEnglishAndChineseText(string key) => Localizers.AssertEnglishAndChinese<MembersText>(key);
}
