using System.Xml.Linq;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Tests.Rules;

public class LocalizationTests
{
    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(SourceTree.RulesFolder(), file)).Root!.Elements("data")
            .Select(e => (string)e.Attribute("name")!).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void EveryKey_ExistsInEnglishAndChinese()
    {
        var en = Keys("RulesText.resx");
        var zh = Keys("RulesText.zh-Hans.resx");
        Assert.Empty(en.Except(zh));
        Assert.Empty(zh.Except(en));
    }

    [Fact]
    public void EveryValidationCode_HasAMessage()
    {
        var en = Keys("RulesText.resx");
        foreach (var code in Enum.GetNames<ValidationCode>()) Assert.Contains("Validation_" + code, en);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("zh-Hans")]
    public void EveryExplanationKind_RendersText(string culture)
    {
        using var _ = new UiCulture(culture);
        foreach (var kind in Enum.GetValues<ExplanationKind>())
        {
            var text = new ExplanationLine(kind, "r", "Rule", 100m, 2m, 10, 20).ToText();
            Assert.False(text.StartsWith("Line_", StringComparison.Ordinal) || text == kind.ToString(), $"{kind} has no text in {culture}");
        }
    }

    [Fact]
    public void Money_UsesTheGivenCurrencySymbol()
    {
        using var _ = new UiCulture("en");
        var line = new ExplanationLine(ExplanationKind.PurchaseBase, "p", "Purchase", 1234.5m, 1m, 0, 1234);
        Assert.Equal("Purchase $1,234.5 → 1234 pts", line.ToText("$"));
    }
}
