using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;

namespace LoyaltyAdmin.Tests.Features.Programme;

public sealed class TemplateTextTests
{
    public static TheoryData<string> Templates() => [.. ProgrammeTemplates.All.Keys];

    [Theory]
    [MemberData(nameof(Templates))]
    public void InChinese_EveryNameOfEveryTemplateIsTranslated_AndTheProgrammeStaysValid(string key)
    {
        using var _ = new CultureScope("zh-Hans");
        var template = ProgrammeTemplates.All[key];

        var localized = TemplateText.Localize(template, Localizers.For<ProgrammeText>());

        Assert.Empty(ProgrammeValidator.Validate(localized));
        var names = localized.Tiers.Select(t => t.Name)
            .Concat(localized.EarningRules.Select(r => r.Name))
            .Concat(localized.GrowthRules.Select(g => g.Name))
            .Concat(localized.Promotions.Select(p => p.Name))
            .Concat(localized.Tiers.SelectMany(t => t.Benefits.Descriptions))
            .Append(localized.Name);
        Assert.All(names, n => Assert.DoesNotMatch("^[A-Za-z ]+$", n));
        Assert.Equal(template.Tiers.Select(t => t.Code), localized.Tiers.Select(t => t.Code));
        Assert.Equal(template.EarningRules.Select(r => r.Id), localized.EarningRules.Select(r => r.Id));
    }

    [Fact]
    public void InChinese_TheTeaShopTiersUseTheGlossaryNames()
    {
        using var _ = new CultureScope("zh-Hans");

        var localized = TemplateText.Localize(ProgrammeTemplates.TeaShop, Localizers.For<ProgrammeText>());

        Assert.Equal(["普通会员", "白银会员", "黄金会员", "钻石会员"], localized.Tiers.OrderBy(t => t.Order).Select(t => t.Name));
    }

    [Fact]
    public void InEnglish_TheTemplateIsUnchanged()
    {
        using var _ = new CultureScope("en");

        var localized = TemplateText.Localize(ProgrammeTemplates.TeaShop, Localizers.For<ProgrammeText>());

        Assert.Empty(ProgrammeDiff.Compare(ProgrammeTemplates.TeaShop, localized));
    }
}
