using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Demo;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Referrals;

public sealed class ReferralDemoTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task TheDemo_RunsAnInviteThreeFriendsCampaign_WithFriendsRewardedThroughTheLedger_TheSameEveryTime()
    {
        var first = await LoadAsync();
        var second = await LoadAsync();

        Assert.Equal(first, second);
        Assert.Contains("Running", first);
    }

    private static async Task<string> LoadAsync()
    {
        await using var host = new AppHost(clock: new ManualClock(Now));
        host.CreateBrowserlessClient().Dispose();
        await host.Services.GetRequiredService<DemoData>().LoadAsync(25);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var campaign = await db.ReferralCampaigns.SingleAsync();
        var referrals = await db.Referrals.Where(r => r.CampaignId == campaign.Id).ToListAsync();
        Assert.Equal(12, referrals.Count);
        Assert.All(referrals, r => Assert.True(r.RefereeRewarded));
        Assert.Contains(referrals, r => r.Status == ReferralStatus.Qualified);
        Assert.Single(referrals, r => r.MilestoneRewarded);
        Assert.Equal(0, await db.ReferralRewardTasks.CountAsync(t => t.DoneAtUtc == null));
        var state = ReferralCampaignService.State(campaign, DateOnly.FromDateTime(Now.DateTime));
        var coupons = await db.Coupons.CountAsync();
        var rows = referrals.OrderBy(r => r.RefereePhone).Select(r => $"{r.RefereePhone}:{r.ReferrerId}:{r.Status}:{r.FirstOrderId}");
        return $"{state} {coupons} coupons | " + string.Join(" | ", rows);
    }
}
