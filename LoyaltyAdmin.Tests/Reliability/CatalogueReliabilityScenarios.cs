using System.Security.Claims;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace LoyaltyAdmin.Tests.Reliability;

/// <summary>
/// The catalogue's promises under concurrency, on each provider: item stock is never oversold and a balance is
/// never overdrawn, because the stock claim and the points debit commit together under the member's lock.
/// </summary>
public abstract class CatalogueReliabilityScenarios(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly StaffActor Owner = new("owner-id", AppHost.OwnerEmail,
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Owner)], "test")));

    private AppHost host = null!;

    protected abstract string Provider { get; }

    protected abstract Task<IDictionary<string, string?>> DatabaseSettingsAsync();

    private RedemptionService Redemptions => host.Services.GetRequiredService<RedemptionService>();

    public async Task InitializeAsync()
    {
        host = new AppHost(settings: await DatabaseSettingsAsync());
        host.CreateBrowserlessClient().Dispose();
        await host.Services.GetRequiredService<ProgrammeStore>().GetCurrentAsync();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>Ten bags, forty members asking at once: exactly ten get one, the thirty others keep their points.</summary>
    protected async Task StockOfTen_FortyConcurrentRedemptions_ExactlyTenSucceed()
    {
        var item = await InsertItemAsync("BAG-10", points: 300, stock: 10);
        var members = new List<long>();
        for (var i = 0; i < 40; i++)
            members.Add(await InsertMemberWithPointsAsync(500));
        var stopwatch = Stopwatch.StartNew();

        var outcomes = await Task.WhenAll(members.Select(m => Task.Run(() => Redemptions.RedeemAsync(Request(m, "BAG-10", $"stock-{m}")))));

        stopwatch.Stop();
        output.WriteLine($"{Provider}: 40 concurrent redemptions of a stock of 10 in {stopwatch.ElapsedMilliseconds} ms: " +
                         string.Join(", ", outcomes.GroupBy(o => o.Error).Select(g => $"{g.Key} {g.Count()}")));
        Assert.Equal(10, outcomes.Count(o => o.Succeeded));
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Equal(RedeemError.OutOfStock, o.Error));
        await using var db = await CreateContextAsync();
        Assert.Equal(10, await db.CatalogueItems.Where(i => i.Id == item).Select(i => i.Redeemed).SingleAsync());
        Assert.Equal(10, await db.CatalogueRedemptions.CountAsync(r => r.ItemId == item));
        var balances = await db.Members.Where(m => members.Contains(m.Id)).Select(m => m.PointsBalance).ToListAsync();
        Assert.Equal(10, balances.Count(b => b == 200));
        Assert.Equal(30, balances.Count(b => b == 500));
        Assert.Equal(10, await db.PointsEntries.CountAsync(e => members.Contains(e.MemberId) && e.Kind == PointsEntryKind.Redeem));
    }

    /// <summary>1,000 points, ten redemptions of a 300-point item at once: three succeed, 100 points remain.</summary>
    protected async Task ThousandPoints_TenConcurrentRedemptionsOfThreeHundred_ExactlyThreeSucceed()
    {
        var item = await InsertItemAsync("MUG-300", points: 300, stock: null);
        var memberId = await InsertMemberWithPointsAsync(1000);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => Redemptions.RedeemAsync(Request(memberId, "MUG-300", $"overdraw-{memberId}-{i}")))));

        output.WriteLine($"{Provider}: " + string.Join(", ", outcomes.GroupBy(o => o.Error).Select(g => $"{g.Key} {g.Count()}")));
        Assert.Equal(3, outcomes.Count(o => o.Succeeded));
        Assert.All(outcomes.Where(o => !o.Succeeded), o => Assert.Equal(RedeemError.InsufficientPoints, o.Error));
        await using var db = await CreateContextAsync();
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId);
        var entries = await db.PointsEntries.AsNoTracking().Where(e => e.MemberId == memberId).ToListAsync();
        var lots = await db.PointLots.AsNoTracking().Where(l => l.MemberId == memberId).ToListAsync();
        Assert.Equal(100, member.PointsBalance);
        Assert.Equal(entries.Sum(e => e.Points), member.PointsBalance);
        Assert.Equal(lots.Sum(l => l.Remaining), member.PointsBalance);
        Assert.Equal(3, entries.Count(e => e.Kind == PointsEntryKind.Redeem));
        Assert.Equal(3, await db.CatalogueItems.Where(i => i.Id == item).Select(i => i.Redeemed).SingleAsync());
        Assert.Equal(3, await db.CatalogueRedemptions.CountAsync(r => r.MemberId == memberId));
    }

    /// <summary>A limit of 2 per member, ten redemptions by one member at once, then the same request id ten times at once.</summary>
    protected async Task PerMemberLimitAndRequestId_HoldUnderConcurrency()
    {
        var item = await InsertItemAsync("CUP-LIMIT", points: 100, stock: null, perMember: 2);
        var memberId = await InsertMemberWithPointsAsync(5000);

        var limited = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => Redemptions.RedeemAsync(Request(memberId, "CUP-LIMIT", $"limit-{memberId}-{i}")))));
        var winner = Array.FindIndex(limited, o => o.Succeeded);
        var replayed = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Redemptions.RedeemAsync(Request(memberId, "CUP-LIMIT", $"limit-{memberId}-{winner}")))));

        output.WriteLine($"{Provider}: limit 2, ten at once: " + string.Join(", ", limited.GroupBy(o => o.Error).Select(g => $"{g.Key} {g.Count()}")));
        Assert.Equal(2, limited.Count(o => o.Succeeded));
        Assert.All(limited.Where(o => !o.Succeeded), o => Assert.Equal(RedeemError.LimitReached, o.Error));
        Assert.All(replayed, o => Assert.Equal((true, limited[winner].Redemption!.Id, limited[winner].Balance), (o.Duplicate, o.Redemption!.Id, o.Balance)));
        await using var db = await CreateContextAsync();
        Assert.Equal(2, await db.CatalogueRedemptions.CountAsync(r => r.MemberId == memberId));
        Assert.Equal(2, await db.CatalogueItems.Where(i => i.Id == item).Select(i => i.Redeemed).SingleAsync());
        Assert.Equal(4800, await db.Members.Where(m => m.Id == memberId).Select(m => m.PointsBalance).SingleAsync());
    }

    private static RedeemRequest Request(long memberId, string code, string requestId) =>
        new(memberId, code, requestId, Channel.MiniProgram, null, StaffActor.System("api:test"));

    private Task<LoyaltyDbContext> CreateContextAsync() => host.Services.CreateTestContextAsync();

    private async Task<long> InsertItemAsync(string code, long points, int? stock, int? perMember = null)
    {
        await using var db = await CreateContextAsync();
        var item = new CatalogueItem
        {
            Code = code, Name = code, Kind = CatalogueItemKind.Goods, Points = points, Stock = stock, PerMemberLimit = perMember, IsActive = true, Version = 1,
        };
        db.CatalogueItems.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    }

    private async Task<long> InsertMemberWithPointsAsync(long points)
    {
        long id;
        await using (var db = await CreateContextAsync())
        {
            var suffix = Random.Shared.Next(10_000_000, 99_999_999);
            var member = new Member
            {
                Phone = $"137{suffix}", Name = "Han Meimei", JoinedAtUtc = DateTime.UtcNow.AddDays(-30), JoinChannel = Channel.Store,
                ReferralCode = $"HM{suffix}", TierCode = "regular", TierSince = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30)),
            };
            db.Members.Add(member);
            await db.SaveChangesAsync();
            id = member.Id;
        }
        var adjusted = await host.Services.GetRequiredService<PointsLedgerService>()
            .AdjustAsync(Owner, new AdjustPointsModel { MemberId = id, Points = points, Reason = AdjustmentReason.Goodwill });
        Assert.Equal(AdjustOutcome.Applied, adjusted.Outcome);
        return id;
    }
}

public sealed class SqliteCatalogueReliabilityTests(ITestOutputHelper output) : CatalogueReliabilityScenarios(output)
{
    protected override string Provider => "SQLite";

    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.SqliteAsync();

    [Fact]
    public Task StockOfTen_FortyMembersAtOnce_ExactlyTenRedeem() => StockOfTen_FortyConcurrentRedemptions_ExactlyTenSucceed();

    [Fact]
    public Task ThousandPoints_TenRedemptionsOfThreeHundredAtOnce_ExactlyThreeSucceed() => ThousandPoints_TenConcurrentRedemptionsOfThreeHundred_ExactlyThreeSucceed();

    [Fact]
    public Task LimitOfTwo_TenAtOnce_ExactlyTwo_AndARepeatedRequestIdRedeemsOnce() => PerMemberLimitAndRequestId_HoldUnderConcurrency();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlCatalogueReliabilityTests(PostgresCluster cluster, ITestOutputHelper output) : CatalogueReliabilityScenarios(output)
{
    protected override string Provider => "PostgreSQL";

    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.PostgreSqlAsync(cluster, "catalogue");

    [PgFact]
    public Task StockOfTen_FortyMembersAtOnce_ExactlyTenRedeem() => StockOfTen_FortyConcurrentRedemptions_ExactlyTenSucceed();

    [PgFact]
    public Task ThousandPoints_TenRedemptionsOfThreeHundredAtOnce_ExactlyThreeSucceed() => ThousandPoints_TenConcurrentRedemptionsOfThreeHundred_ExactlyThreeSucceed();

    [PgFact]
    public Task LimitOfTwo_TenAtOnce_ExactlyTwo_AndARepeatedRequestIdRedeemsOnce() => PerMemberLimitAndRequestId_HoldUnderConcurrency();
}
