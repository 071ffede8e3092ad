using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Tests.Rules;

public class JsonTests
{
    public static TheoryData<string> TemplateNames => new(ProgrammeTemplates.All.Keys);

    [Theory]
    [MemberData(nameof(TemplateNames))]
    public void Template_RoundTrip_IsIdentity(string name)
    {
        var json = ProgrammeJson.Serialize(ProgrammeTemplates.All[name]);
        var again = ProgrammeJson.Serialize(ProgrammeJson.Deserialize(json));
        Assert.Equal(json, again);
    }

    [Fact]
    public void Serialize_UsesCamelCaseKindsAndStringEnums()
    {
        var json = ProgrammeJson.Serialize(ProgrammeTemplates.TeaShop);
        Assert.StartsWith("{\n  \"schemaVersion\": 1,", json.ReplaceLineEndings("\n"));
        Assert.Contains("\"kind\": \"purchase\"", json);
        Assert.Contains("\"kind\": \"weekly\"", json);
        Assert.Contains("\"wednesday\"", json);
        Assert.Contains("\"miniProgram\"", json);
        Assert.Contains("\"currencyPerPoint\": 1", json);
        Assert.DoesNotContain("\"trigger\"", json);
        Assert.DoesNotContain("\"pathName\"", json);
        Assert.True(json.IndexOf("\"id\": \"purchase\"", StringComparison.Ordinal) < json.IndexOf("\"currencyPerPoint\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Deserialize_TeaShop_EvaluatesLikeTheOriginal()
    {
        var copy = ProgrammeJson.Deserialize(ProgrammeJson.Serialize(ProgrammeTemplates.TeaShop));
        var activity = RulesTestData.Purchase(238m, "2026-11-25T12:00:00+08:00");
        Assert.Equal(714, RulesTestData.Evaluate(copy, RulesTestData.Member("gold"), activity).Points);
    }

    [Theory]
    [InlineData("{\"schemaVersion\": 2, \"tiers\": []}", "schemaVersion")]
    [InlineData("{\"tiers\": []}", "schemaVersion")]
    [InlineData("[1, 2]", "schemaVersion")]
    [InlineData("{\"schemaVersion\": 1, \"tiers\": [{\"name\": \"No code\"}]}", "$.tiers[0]")]
    [InlineData("{\"schemaVersion\": 1, \"colourScheme\": \"dark\"}", "$")]
    [InlineData("{\"schemaVersion\": 1, \"earningRules\": [{\"kind\": \"lottery\", \"id\": \"x\", \"name\": \"x\"}]}", "$.earningRules[0]")]
    [InlineData("{\"schemaVersion\": 1, \"tiers\": [{\"code\": \"a\", \"name\": \"A\", \"pointsMultiplier\": \"many\"}]}", "$.tiers[0].pointsMultiplier")]
    [InlineData("{\"schemaVersion\": 1,", "$")]
    public void Deserialize_MalformedDocument_IsRejectedWithAPath(string json, string pathStart)
    {
        var ex = Assert.Throws<ProgrammeJsonException>(() => ProgrammeJson.Deserialize(json));
        Assert.StartsWith(pathStart, ex.Path);
        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Deserialize_KindAfterOtherProperties_IsAccepted()
    {
        const string json = """
            {"schemaVersion": 1, "tiers": [{"code": "regular", "name": "Regular"}],
             "earningRules": [{"id": "p", "name": "Purchase", "kind": "purchase", "currencyPerPoint": 10}]}
            """;
        var programme = ProgrammeJson.Deserialize(json);
        Assert.Equal(10m, Assert.IsType<PurchaseRule>(programme.EarningRules[0]).CurrencyPerPoint);
        Assert.Empty(ProgrammeValidator.Validate(programme));
    }
}
