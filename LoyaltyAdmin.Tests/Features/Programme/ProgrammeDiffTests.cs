using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Tests.Features.Programme;

public sealed class ProgrammeDiffTests
{
    private static readonly LoyaltyAdmin.Rules.Programme TeaShop = ProgrammeTemplates.TeaShop;

    [Fact]
    public void SameProgramme_HasNoDifferences() => Assert.Empty(ProgrammeDiff.Compare(TeaShop, TeaShop));

    [Fact]
    public void ChangedMultiplier_IsOneLine_NamedByTierCode()
    {
        var gold = TeaShop.Tiers.Single(t => t.Code == "gold");
        var changed = TeaShop with { Tiers = TeaShop.Tiers.Select(t => t == gold ? gold with { PointsMultiplier = 2m } : t).ToList() };

        var line = Assert.Single(ProgrammeDiff.Compare(TeaShop, changed));

        Assert.Equal("~ tiers[gold].pointsMultiplier: 1.5 → 2", line.ToString());
    }

    [Fact]
    public void ReorderedRules_AreNotAChange_ButAnAddedPromotionIs()
    {
        var thursday = new Promotion { Id = "thursday", Name = "Thursday", Schedule = new WeeklySchedule([DayOfWeek.Thursday]), RuleIds = ["purchase"] };
        var changed = TeaShop with
        {
            EarningRules = TeaShop.EarningRules.Reverse().ToList(),
            Promotions = [.. TeaShop.Promotions, thursday],
        };

        var line = Assert.Single(ProgrammeDiff.Compare(TeaShop, changed));

        Assert.Equal(DiffKind.Added, line.Kind);
        Assert.Equal("promotions[thursday]", line.Path);
        Assert.Equal("Thursday", line.After);
    }

    [Fact]
    public void PromotionsAddedToAProgrammeWithoutAny_AreNamedByTheirIds()
    {
        var changes = ProgrammeDiff.Compare(TeaShop with { Promotions = [] }, TeaShop);

        Assert.Equal(["promotions[wednesday]", "promotions[fifteenth]"], changes.Select(c => c.Path));
        Assert.All(changes, c => Assert.Equal(DiffKind.Added, c.Kind));
    }

    [Fact]
    public void RemovedRule_IsReportedByItsId()
    {
        var changed = TeaShop with { EarningRules = TeaShop.EarningRules.Where(r => r.Id != "review").ToList() };

        var line = Assert.Single(ProgrammeDiff.Compare(TeaShop, changed));

        Assert.Equal("- earningRules[review]: Review", line.ToString());
    }
}
