using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Tests.Rules;

public class TierEngineTests
{
    private static readonly Programme TeaShop = ProgrammeTemplates.TeaShop;

    [Theory]
    [InlineData(0, 0, 0, "regular")]
    [InlineData(199.99, 9, 2, "regular")]
    [InlineData(200, 0, 0, "silver")]
    [InlineData(0, 10, 0, "silver")]
    [InlineData(999, 30, 2, "silver")]
    [InlineData(1000, 0, 0, "gold")]
    [InlineData(0, 0, 3, "gold")]
    [InlineData(5000, 0, 0, "diamond")]
    [InlineData(0, 0, 10, "diamond")]
    public void Qualify_TeaShopThresholds_PicksHighestTierWithAnyConditionMet(decimal spend, int activeDays, int referrals, string expected)
    {
        var stats = new QualificationStats(LifetimeSpend: spend, ActiveDays: activeDays, SuccessfulReferrals: referrals);
        Assert.Equal(expected, TierEngine.Qualify(TeaShop, stats).Code);
    }

    [Fact]
    public void DecideUpgrade_ThirdReferral_UpgradesSilverToGoldAtOnce()
    {
        var decision = TierEngine.DecideUpgrade(TeaShop, "silver", new QualificationStats(LifetimeSpend: 300, SuccessfulReferrals: 3));
        Assert.Equal(TierChange.Upgrade, decision.Change);
        Assert.Equal("gold", decision.To.Code);
        Assert.Equal(TierConditionKind.Referrals, decision.Reason!.Kind);
    }

    [Fact]
    public void DecideUpgrade_AlreadyHigherTier_ChangesNothing()
    {
        var decision = TierEngine.DecideUpgrade(TeaShop, "gold", new QualificationStats(LifetimeSpend: 300));
        Assert.Equal(TierChange.None, decision.Change);
    }

    [Theory]
    [InlineData("gold", 1000, 600, TierChange.Keep, "gold")]
    [InlineData("silver", 150, 150, TierChange.Keep, "silver")]
    public void DecideAtValidityEnd_RetentionMet_KeepsTheTier(string tier, decimal lifetime, decimal rolling, TierChange change, string expected)
    {
        var decision = TierEngine.DecideAtValidityEnd(TeaShop, tier, new QualificationStats(lifetime, rolling));
        Assert.Equal(change, decision.Change);
        Assert.Equal(expected, decision.To.Code);
    }

    [Fact]
    public void DecideAtValidityEnd_GoldWithLittleRecentSpendButLifetimeEntry_IsKeptBecauseEntryStillHolds()
    {
        var decision = TierEngine.DecideAtValidityEnd(TeaShop, "gold", new QualificationStats(LifetimeSpend: 1200, RollingSpend: 50));
        Assert.Equal(TierChange.Keep, decision.Change);
    }

    [Theory]
    [InlineData(150, "silver")]
    [InlineData(50, "regular")]
    public void DecideAtValidityEnd_RetentionMissed_MovesDown(decimal rolling, string expected)
    {
        var programme = TeaShop with
        {
            Tiers = [.. TeaShop.Tiers.Select(t => t with { Entry = [.. t.Entry.Select(c => c with { Window = c.Kind == TierConditionKind.Spend ? SpendWindow.Rolling : c.Window })] })],
        };
        var decision = TierEngine.DecideAtValidityEnd(programme, "gold", new QualificationStats(LifetimeSpend: 5000, RollingSpend: rolling));
        Assert.Equal(TierChange.Downgrade, decision.Change);
        Assert.Equal(expected, decision.To.Code);
    }

    [Fact]
    public void Progress_SilverMember_ShowsSpendOrReferralsMissingForGold()
    {
        using var _ = new UiCulture("en");
        var progress = TierEngine.Progress(TeaShop, "silver", new QualificationStats(LifetimeSpend: 880, SuccessfulReferrals: 1));
        Assert.Equal("gold", progress.Target!.Code);
        Assert.Equal(new[] { 120m, 2m }, progress.Conditions.Select(c => c.Missing));
        Assert.Equal("spend ¥120 more or 2 more referrals to reach Gold", progress.ToText());
    }

    [Fact]
    public void Progress_InChinese_IsLocalized()
    {
        using var _ = new UiCulture("zh-Hans");
        var progress = TierEngine.Progress(TeaShop, "silver", new QualificationStats(LifetimeSpend: 880, SuccessfulReferrals: 1));
        Assert.Equal("再消费 ¥120 或 再成功邀请 2 人 即可升级为Gold", progress.ToText());
    }

    [Fact]
    public void Progress_TopTier_HasNoTarget()
    {
        using var _ = new UiCulture("en");
        var progress = TierEngine.Progress(TeaShop, "diamond", QualificationStats.Zero);
        Assert.Null(progress.Target);
        Assert.Equal("Diamond is the top tier", progress.ToText());
    }

    [Fact]
    public void RetentionProgress_Gold_ShowsRecentSpendMissing()
    {
        using var _ = new UiCulture("en");
        var progress = TierEngine.RetentionProgress(TeaShop, "gold", new QualificationStats(RollingSpend: 380));
        Assert.Equal("spend ¥120 more within 12 months to keep Gold", progress.ToText());
    }

    [Fact]
    public void ValidUntil_TwelveMonths_EndsTheDayBefore()
    {
        var gold = TeaShop.Tiers.Single(t => t.Code == "gold");
        Assert.Equal(new DateOnly(2027, 11, 22), TierEngine.ValidUntil(gold, new DateOnly(2026, 11, 23)));
    }
}
