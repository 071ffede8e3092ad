using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Demo;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Demo;

public sealed class DemoDataTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Demo_FillsStoresMembersAndAYearOfActivity_WithBalancesThatMatchTheLedger()
    {
        await using var host = new AppHost(clock: new ManualClock(Now));
        host.CreateBrowserlessClient().Dispose();
        var demo = host.Services.GetRequiredService<DemoData>();

        var added = await demo.LoadAsync(60);

        Assert.Equal(60, added);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        Assert.Equal(3, await db.Stores.CountAsync());
        Assert.True(await db.PointsEntries.CountAsync() > 60, "every member registered, and many bought something");
        var balances = await db.Members.Select(m => new { m.Id, m.PointsBalance, m.JoinedAtUtc }).ToListAsync();
        var sums = await db.PointsEntries.GroupBy(e => e.MemberId).Select(g => new { g.Key, Sum = g.Sum(e => e.Points) }).ToDictionaryAsync(g => g.Key, g => g.Sum);
        Assert.All(balances, m => Assert.Equal(m.PointsBalance, sums.GetValueOrDefault(m.Id)));
        Assert.All(balances, m => Assert.InRange(m.JoinedAtUtc, Now.AddMonths(-12).UtcDateTime, Now.UtcDateTime));
        Assert.Contains(await db.Members.Select(m => m.TierCode).Distinct().ToListAsync(), t => t != "regular");
        // The new-member pack: a mini-program, an app and an in-store coupon for everyone who registered.
        var packs = await db.Coupons.Where(c => c.Source == LoyaltyAdmin.Features.Coupons.CouponSource.Registration)
            .GroupBy(c => c.MemberId).Select(g => g.Count()).ToListAsync();
        Assert.Equal(Enumerable.Repeat(3, 60), packs);
    }

    [Fact]
    public async Task Demo_IsDeterministic_AndNeverAddsToAnInstallationWithMembers()
    {
        var first = await LoadAndSummariseAsync();
        var second = await LoadAndSummariseAsync();

        Assert.Equal(first, second);
    }

    private static async Task<string> LoadAndSummariseAsync()
    {
        await using var host = new AppHost(clock: new ManualClock(Now));
        host.CreateBrowserlessClient().Dispose();
        var demo = host.Services.GetRequiredService<DemoData>();
        await demo.LoadAsync(25);
        Assert.Equal(0, await demo.LoadAsync(25));
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        var rows = await db.Members.OrderBy(m => m.Phone).Select(m => $"{m.Phone}:{m.Name}:{m.PointsBalance}:{m.GrowthValue}:{m.TierCode}").ToListAsync();
        Assert.Equal(25, rows.Count);
        return string.Join("\n", rows);
    }
}
