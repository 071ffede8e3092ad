using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Tests.Rules;

public class TierReviewTests
{
    private static readonly Programme TeaShop = ProgrammeTemplates.TeaShop;
    private static readonly DateOnly Today = new(2026, 11, 20);

    /// <summary>The tea shop with Silver at spend ≥ <paramref name="silverSpend"/> (instead of 200) and Gold kept by ¥<paramref name="goldRetention"/> in 12 months.</summary>
    private static Programme Changed(decimal silverSpend = 200m, decimal goldRetention = 500m) => TeaShop with
    {
        Tiers = [.. TeaShop.Tiers.Select(t => t.Code switch
        {
            "silver" => t with { Entry = [TierCondition.Spend(silverSpend), TierCondition.ActiveDays(10)] },
            "gold" => t with { Retention = [TierCondition.Spend(goldRetention, SpendWindow.Rolling)] },
            _ => t,
        })],
    };

    [Theory]
    [InlineData(200, 500, false)]
    [InlineData(150, 500, true)]
    [InlineData(200, 800, true)]
    public void QualificationChanged_OnlyWhenEntryOrRetentionConditionsChange(decimal silver, decimal gold, bool expected)
    {
        Assert.Equal(expected, TierReview.QualificationChanged(TeaShop, Changed(silver, gold)));
    }

    [Fact]
    public void QualificationChanged_NotForAMultiplierOrAName()
    {
        var renamed = TeaShop with { Tiers = [.. TeaShop.Tiers.Select(t => t with { Name = t.Name + "!", PointsMultiplier = t.PointsMultiplier + 1 })] };
        Assert.False(TierReview.QualificationChanged(TeaShop, renamed));
        Assert.True(TierReview.QualificationChanged(TeaShop, TeaShop with { QualificationWindowMonths = 6 }));
        Assert.True(TierReview.QualificationChanged(TeaShop, TeaShop with { Tiers = [.. TeaShop.Tiers.Take(3)] }));
    }

    [Theory]
    // Silver lowered from ¥200 to ¥150: a regular with ¥160 moves up, one with ¥100 does not.
    [InlineData("regular", 160, 0, 150, 500, TierChange.Upgrade, "silver")]
    [InlineData("regular", 100, 0, 150, 500, TierChange.None, "regular")]
    // Gold kept by ¥800 instead of ¥500: a gold member with ¥600 this year no longer keeps it; the old rules did.
    [InlineData("gold", 600, 600, 200, 800, TierChange.Downgrade, "silver")]
    // ... but one the old rules would also have moved down keeps the tier until its validity ends, as before.
    [InlineData("gold", 300, 300, 200, 800, TierChange.None, "gold")]
    // ... and one whose entry condition still holds keeps it.
    [InlineData("gold", 1200, 100, 200, 800, TierChange.None, "gold")]
    public void DecideRecalculation_MovesOnlyWhatTheChangeMoves(string tier, decimal lifetime, decimal rolling, decimal silver, decimal gold,
        TierChange change, string expected)
    {
        var decision = TierReview.DecideRecalculation(TeaShop, Changed(silver, gold), tier, new QualificationStats(lifetime, rolling));

        Assert.Equal((change, expected), (decision.Change, decision.To.Code));
    }

    [Theory]
    // Set to Gold by hand until 2026-12-31: the recalculation does not move the member below it while it holds.
    [InlineData("2026-12-31", TierChange.None, "gold")]
    [InlineData("2026-11-19", TierChange.Downgrade, "silver")]
    public void DecideRecalculation_RespectsATierSetByHand(string until, TierChange change, string expected)
    {
        var floor = new TierOverride("gold", DateOnly.Parse(until));
        var decision = TierReview.DecideRecalculation(TeaShop, Changed(goldRetention: 800), "gold", new QualificationStats(600, 600), floor, Today);

        Assert.Equal((change, expected), (decision.Change, decision.To.Code));
    }

    [Theory]
    // A downgrade from Gold to Regular under a Silver override stops at Silver; under a Gold override Gold is kept.
    [InlineData("silver", "2026-12-31", TierChange.Downgrade, "silver")]
    [InlineData("gold", "2026-12-31", TierChange.Keep, "gold")]
    [InlineData("diamond", "2026-12-31", TierChange.Keep, "gold")]
    // The override's last day still holds; the day after, the normal rules apply.
    [InlineData("gold", "2026-11-20", TierChange.Keep, "gold")]
    [InlineData("gold", "2026-11-19", TierChange.Downgrade, "regular")]
    // An override naming a tier the programme no longer has holds nothing.
    [InlineData("platinum", "2026-12-31", TierChange.Downgrade, "regular")]
    public void RespectOverride_IsAFloorUntilItsEnd(string overrideTier, string until, TierChange change, string expected)
    {
        var down = TierEngine.DecideAtValidityEnd(TeaShop, "gold", QualificationStats.Zero);
        Assert.Equal(TierChange.Downgrade, down.Change);

        var held = TierReview.RespectOverride(TeaShop, down, new TierOverride(overrideTier, DateOnly.Parse(until)), Today);

        Assert.Equal((change, expected), (held.Change, held.To.Code));
    }

    [Fact]
    public void RespectOverride_NeverHoldsBackAnUpgrade()
    {
        var up = TierEngine.DecideUpgrade(TeaShop, "silver", new QualificationStats(LifetimeSpend: 6000));
        Assert.Same(up, TierReview.RespectOverride(TeaShop, up, new TierOverride("silver", Today.AddDays(30)), Today));
    }

    [Theory]
    [InlineData("en", "gold", 120, "spend ¥380 more within 12 months by 2027-03-01 to keep Gold")]
    [InlineData("zh-Hans", "gold", 120, "2027-03-01 前，12 个月内再消费 ¥380 即可保级Gold")]
    [InlineData("en", "gold", 600, "Meets the condition to keep Gold")]
    [InlineData("en", "regular", 0, null)]
    public void RetentionText_SaysWhatKeepsTheTierByItsEnd(string culture, string tier, decimal rolling, string? expected)
    {
        using var _ = new UiCulture(culture);
        Assert.Equal(expected, TierReview.RetentionText(TeaShop, tier, new QualificationStats(RollingSpend: rolling), new DateOnly(2027, 3, 1)));
    }

    [Fact]
    public void RetentionText_ATierWithoutValidity_DoesNotExpire()
    {
        using var _ = new UiCulture("en");
        Assert.Equal("Gold does not expire", TierReview.RetentionText(TeaShop, "gold", QualificationStats.Zero, null));
    }
}
