using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Demo;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Demo;

public sealed class DemoDataTests(DemoYearFixture demo) : IClassFixture<DemoYearFixture>
{
    private static readonly DateTimeOffset Now = DemoYearFixture.Now;

    private Task<LoyaltyDbContext> ContextAsync() => demo.Host.Services.CreateTestContextAsync();

    [Fact]
    public async Task Demo_FillsStoresMembersAndAYearOfActivity_WithBalancesThatMatchTheLedger()
    {
        Assert.Equal(DemoYearFixture.Members, demo.Added);
        await using var db = await ContextAsync();
        Assert.Equal(3, await db.Stores.CountAsync());
        var balances = await db.Members.Select(m => new { m.Id, m.PointsBalance, m.JoinedAtUtc }).ToListAsync();
        var sums = await db.PointsEntries.GroupBy(e => e.MemberId).Select(g => new { g.Key, Sum = g.Sum(e => e.Points) }).ToDictionaryAsync(g => g.Key, g => g.Sum);
        Assert.All(balances, m => Assert.Equal(m.PointsBalance, sums.GetValueOrDefault(m.Id)));
        Assert.All(balances, m => Assert.InRange(m.JoinedAtUtc, Now.AddMonths(-12).UtcDateTime, Now.UtcDateTime));
        // The new-member pack: a mini-program, an app and an in-store coupon for everyone who registered.
        var packs = await db.Coupons.Where(c => c.Source == CouponSource.Registration).GroupBy(c => c.MemberId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(Enumerable.Repeat(3, DemoYearFixture.Members), packs);
        // The member list shows growth values.
        Assert.True(await db.Members.CountAsync(m => m.GrowthValue > 0) > DemoYearFixture.Members / 3);
    }

    [Fact]
    public async Task Demo_LivesTheYearOnItsOwnDates_NotAtLoadTime()
    {
        await using var db = await ContextAsync();
        var loadedAt = Now.UtcDateTime;
        // Purchases were confirmed by the daily jobs on their dates; only the last week's are still pending.
        Assert.Equal(0, await db.MemberOrders.CountAsync(o => o.PendingUntil != null && o.OccurredAtUtc < loadedAt.AddDays(-9)));
        var tierChanges = await db.TierHistory.Select(t => t.RecordedAtUtc).ToListAsync();
        Assert.True(tierChanges.Select(t => (t.Year, t.Month)).Distinct().Count() >= 6, "tier changes are stamped over the months, not at load time");
        var expired = await db.Coupons.Where(c => c.Status == CouponStatus.Expired).Select(c => c.ValidUntilUtc).ToListAsync();
        Assert.NotEmpty(expired);
        Assert.True(expired.Select(t => t.Month).Distinct().Count() >= 3);
        Assert.Contains(await db.PointsEntries.Select(e => e.Kind).Distinct().ToListAsync(), k => k == PointsEntryKind.Expire);
        Assert.True(await db.Coupons.AnyAsync(c => c.Status == CouponStatus.Redeemed && c.RedeemedChannel != null), "coupons written off at the tills");
        Assert.True(await db.CatalogueRedemptions.AnyAsync(), "points redeemed for catalogue rewards");
        var referrals = await db.Referrals.ToListAsync();
        Assert.NotEmpty(referrals);
        Assert.Contains(referrals, r => r.FirstOrderAtUtc != null);
        Assert.True((await db.ReferralCampaigns.SingleAsync()).LinkUses >= referrals.Count);
    }

    [Fact]
    public async Task Demo_IsDeterministic_AndNeverAddsToAnInstallationWithMembers()
    {
        var first = await LoadAndSummariseAsync();
        var second = await LoadAndSummariseAsync();

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task TheDemo_NeedsItsSimulatedClock()
    {
        await using var host = new AppHost(clock: new ManualClock(Now));
        host.CreateBrowserlessClient().Dispose();

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Services.GetRequiredService<DemoData>().LoadAsync(5));
    }

    private static async Task<string> LoadAndSummariseAsync()
    {
        await using var host = new AppHost(clock: new DemoClock(new ManualClock(Now)));
        host.CreateBrowserlessClient().Dispose();
        var loader = host.Services.GetRequiredService<DemoData>();
        await loader.LoadAsync(25);
        Assert.Equal(0, await loader.LoadAsync(25));
        await using var db = await host.Services.CreateTestContextAsync();
        var rows = await db.Members.OrderBy(m => m.Phone).Select(m => $"{m.Phone}:{m.Name}:{m.PointsBalance}:{m.GrowthValue}:{m.TierCode}").ToListAsync();
        Assert.Equal(25, rows.Count);
        var referrals = await db.Referrals.OrderBy(r => r.RefereePhone).Select(r => $"{r.RefereePhone}:{r.ReferrerId}:{r.Status}").ToListAsync();
        return string.Join("\n", rows.Concat(referrals));
    }
}
