using System.Security.Claims;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Coupons;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace LoyaltyAdmin.Tests.Reliability;

/// <summary>
/// The coupon issuer's promises under concurrency, run unchanged on SQLite and PostgreSQL (the concrete classes below):
/// stock is never oversold and a per-member limit holds when many issues race.
/// </summary>
public abstract class CouponReliabilityScenarios(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly StaffActor Owner = new("owner-id", AppHost.OwnerEmail,
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Owner)], "test")));

    private AppHost host = null!;

    protected abstract string Provider { get; }

    protected abstract Task<IDictionary<string, string?>> DatabaseSettingsAsync();

    private CouponIssueService Issuing => host.Services.GetRequiredService<CouponIssueService>();
    private IDbContextFactory<LoyaltyDbContext> Factory => new TestContextFactory(host.Services);

    /// <summary>The test's own contexts on the app's database (seeding members directly, checking what the app wrote).</summary>
    private sealed class TestContextFactory(IServiceProvider services) : IDbContextFactory<LoyaltyDbContext>
    {
        public LoyaltyDbContext CreateDbContext() => services.CreateTestContextAsync().GetAwaiter().GetResult();

        public Task<LoyaltyDbContext> CreateDbContextAsync(CancellationToken ct = default) => services.CreateTestContextAsync();
    }

    public async Task InitializeAsync()
    {
        host = new AppHost(settings: await DatabaseSettingsAsync());
        host.CreateBrowserlessClient().Dispose(); // starts the host: migrations, Owner, first programme version
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>Stock 100, 300 claims at once from 60 members (5 each): exactly 100 coupons, and Issued = 100.</summary>
    protected async Task ConcurrentClaims_NeverOversellTheStock()
    {
        var template = await CouponSeed.TemplateAsync(Factory, "Launch ¥10", stock: 100);
        var members = new List<long>();
        for (var i = 0; i < 60; i++)
            members.Add(await InsertMemberAsync());
        var stopwatch = Stopwatch.StartNew();

        var results = await Task.WhenAll(Enumerable.Range(0, 300).Select(i => Task.Run(() =>
            Issuing.IssueAsync(Owner, members[i % members.Count], new IssueTarget(template, null), $"claim-{i}"))));

        stopwatch.Stop();
        await using var db = await Factory.CreateDbContextAsync();
        var issued = await db.CouponTemplates.Where(t => t.Id == template).Select(t => t.Issued).SingleAsync();
        var coupons = await db.Coupons.CountAsync(c => c.TemplateId == template);
        output.WriteLine($"{Provider}: 300 concurrent claims on a stock of 100: {results.Count(r => r.Succeeded)} issued, " +
                         $"{results.Count(r => r.Status == CouponIssueStatus.OutOfStock)} out of stock, {stopwatch.ElapsedMilliseconds} ms");

        Assert.Equal(100, results.Count(r => r.Succeeded));
        Assert.Equal(200, results.Count(r => r.Status == CouponIssueStatus.OutOfStock));
        Assert.Equal((100, 100), (issued, coupons));
        Assert.Equal(100, await db.Coupons.Where(c => c.TemplateId == template).Select(c => c.Code).Distinct().CountAsync());
    }

    /// <summary>A limit of 2 per member, 20 issues to one member at once: exactly 2 coupons.</summary>
    protected async Task ConcurrentIssuesToOneMember_KeepThePerMemberLimit()
    {
        var template = await CouponSeed.TemplateAsync(Factory, "Two per member", perMember: 2);
        var member = await InsertMemberAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            Issuing.IssueAsync(Owner, member, new IssueTarget(template, null), $"limit-{i}"))));

        await using var db = await Factory.CreateDbContextAsync();
        Assert.Equal(2, results.Count(r => r.Succeeded));
        Assert.Equal(18, results.Count(r => r.Status == CouponIssueStatus.MemberLimitReached));
        Assert.Equal(2, await db.Coupons.CountAsync(c => c.TemplateId == template && c.MemberId == member));
    }

    private async Task<long> InsertMemberAsync()
    {
        await using var db = await Factory.CreateDbContextAsync();
        var suffix = Random.Shared.Next(10_000_000, 99_999_999);
        var member = new Member
        {
            Phone = $"139{suffix}", Name = "Li Lei", JoinedAtUtc = DateTime.UtcNow.AddDays(-30), JoinChannel = Channel.Store,
            ReferralCode = $"LI{suffix}", TierCode = "regular", TierSince = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-30)),
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return member.Id;
    }
}

public sealed class SqliteCouponReliabilityTests(ITestOutputHelper output) : CouponReliabilityScenarios(output)
{
    protected override string Provider => "SQLite";

    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.SqliteAsync();

    [Fact]
    public Task ThreeHundredClaimsOnAStockOfOneHundred_IssueExactlyOneHundred() => ConcurrentClaims_NeverOversellTheStock();

    [Fact]
    public Task TwentyIssuesToOneMemberAtOnce_KeepALimitOfTwo() => ConcurrentIssuesToOneMember_KeepThePerMemberLimit();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlCouponReliabilityTests(PostgresCluster cluster, ITestOutputHelper output) : CouponReliabilityScenarios(output)
{
    protected override string Provider => "PostgreSQL";

    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.PostgreSqlAsync(cluster, "coupons");

    [PgFact]
    public Task ThreeHundredClaimsOnAStockOfOneHundred_IssueExactlyOneHundred() => ConcurrentClaims_NeverOversellTheStock();

    [PgFact]
    public Task TwentyIssuesToOneMemberAtOnce_KeepALimitOfTwo() => ConcurrentIssuesToOneMember_KeepThePerMemberLimit();
}
