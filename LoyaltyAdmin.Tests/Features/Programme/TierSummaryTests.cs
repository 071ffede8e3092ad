using System.Globalization;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;

namespace LoyaltyAdmin.Tests.Features.Programme;

public sealed class TierSummaryTests
{
    private static Tier TeaShopTier(string code) => ProgrammeTemplates.TeaShop.Tiers.Single(t => t.Code == code);

    [Theory]
    [InlineData("gold", "en", "Gold: spend ¥1,000 or invite 3 friends; earns ×1.5; kept for 12 months if spend ¥500 in 12 months")]
    [InlineData("silver", "en", "Silver: spend ¥200 or 10 active days; earns ×1.2; kept for 12 months if spend ¥100 in 12 months")]
    [InlineData("gold", "zh-Hans", "Gold: 累计消费 ¥1,000 或 邀请 3 位好友；积分 ×1.5；保级 12 个月，到期需满足：12 个月内消费 ¥500")]
    public void TeaShopTiers_ReadAsOneSentence(string code, string culture, string expected)
    {
        using var _ = new CultureScope(culture);

        var sentence = TierSummary.Describe(TeaShopTier(code), isBaseTier: false, windowMonths: 12, "CNY", Localizers.For<ProgrammeText>());

        Assert.Equal(expected, sentence);
    }

    [Fact]
    public void BaseTier_SaysEveryMemberStartsThere()
    {
        using var _ = new CultureScope("en");

        var sentence = TierSummary.Describe(TeaShopTier("regular"), isBaseTier: true, 12, "CNY", Localizers.For<ProgrammeText>());

        Assert.Equal("Regular: every member starts here; earns ×1", sentence);
    }

    [Fact]
    public void TierWithoutValidity_IsKeptForGood()
    {
        using var _ = new CultureScope("en");
        var tier = TeaShopTier("gold") with { ValidityMonths = null, PointsMultiplier = 2m };

        var sentence = TierSummary.Describe(tier, false, 12, "CNY", Localizers.For<ProgrammeText>());

        Assert.Equal("Gold: spend ¥1,000 or invite 3 friends; earns ×2", sentence);
    }
}

/// <summary>Sets the thread's culture for one test and restores it.</summary>
public sealed class CultureScope : IDisposable
{
    private readonly CultureInfo culture = CultureInfo.CurrentCulture, uiCulture = CultureInfo.CurrentUICulture;

    public CultureScope(string name) => CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);

    public void Dispose()
    {
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = uiCulture;
    }
}
