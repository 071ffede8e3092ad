using Bunit;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Programme;
using LoyaltyAdmin.Tests.Support;

namespace LoyaltyAdmin.Tests.Features.Members;

public sealed class TierProgressBarTests : ComponentTestBase
{
    private static readonly LoyaltyAdmin.Rules.Programme TeaShop = ProgrammeTemplates.TeaShop;
    private readonly CultureScope culture = new("en");

    [Fact]
    public void SilverMember_SeesHowFarGoldIs_ByEveryRoute()
    {
        // ¥880 spent and 1 referral: Gold needs ¥1,000 or 3 referrals.
        var progress = TierEngine.Progress(TeaShop, "silver", new QualificationStats(LifetimeSpend: 880m, SuccessfulReferrals: 1));

        var bar = Context.Render<TierProgressBar>(p => p.Add(b => b.Progress, progress));

        Assert.Equal("88", bar.Find("[data-percent]").GetAttribute("data-percent"));
        var text = bar.Find("[data-testid=tier-progress-text]").TextContent;
        Assert.Contains("¥120", text);
        Assert.Contains("2", text);
        Assert.Contains("Gold", bar.Markup);
    }

    [Fact]
    public void TopTier_SaysThereIsNothingAbove()
    {
        var progress = TierEngine.Progress(TeaShop, "diamond", new QualificationStats(LifetimeSpend: 9000m));

        var bar = Context.Render<TierProgressBar>(p => p.Add(b => b.Progress, progress));

        Assert.Contains("Diamond is the highest tier.", bar.Markup);
        Assert.Empty(bar.FindAll("[data-percent]"));
    }

    public override async Task DisposeAsync()
    {
        culture.Dispose();
        await base.DisposeAsync();
    }
}
