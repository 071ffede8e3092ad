using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Referrals;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Referrals;

/// <summary>What the referral tests read back: a member's campaign points, coupons and referrals.</summary>
public static class ReferralTestData
{
    public static async Task<long> CampaignPointsAsync(IDbContextFactory<LoyaltyDbContext> f, long memberId)
    {
        await using var db = await f.CreateDbContextAsync();
        return await db.PointsEntries.Where(e => e.MemberId == memberId && e.Source == PointsSource.Campaign).SumAsync(e => e.Points);
    }

    public static async Task<int> ReferralCouponsAsync(IDbContextFactory<LoyaltyDbContext> f, long memberId)
    {
        await using var db = await f.CreateDbContextAsync();
        return await db.Coupons.CountAsync(c => c.MemberId == memberId && c.Source == CouponSource.Referral);
    }

    public static async Task<List<Referral>> ReferralsOfAsync(IDbContextFactory<LoyaltyDbContext> f, long referrerId)
    {
        await using var db = await f.CreateDbContextAsync();
        return await db.Referrals.AsNoTracking().Where(r => r.ReferrerId == referrerId).OrderBy(r => r.Id).ToListAsync();
    }

    public static async Task<Referral> ReferralOfFriendAsync(IDbContextFactory<LoyaltyDbContext> f, long friendId)
    {
        await using var db = await f.CreateDbContextAsync();
        return await db.Referrals.AsNoTracking().SingleAsync(r => r.RefereeId == friendId);
    }

    public static async Task<int> PendingRewardsAsync(IDbContextFactory<LoyaltyDbContext> f)
    {
        await using var db = await f.CreateDbContextAsync();
        return await db.ReferralRewardTasks.CountAsync(t => t.DoneAtUtc == null);
    }
}
