using System.Security.Claims;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Reports;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LoyaltyAdmin.Tests.Reliability;

/// <summary>
/// The report rollups under concurrent ledger writers, run unchanged on each provider: purchases on several members,
/// over several months and channels, many of them arriving after later ones (late events), some lifting members to
/// Silver, plus redemptions, all at once. Afterwards the live rollups must equal a rebuild from the ledger, row by row.
/// </summary>
public abstract class RollupReliabilityScenarios(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Members = 6;
    private const int Operations = 150;

    private static readonly StaffActor Owner = new("owner-id", AppHost.OwnerEmail,
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Owner)], "test")));

    private static readonly DateTimeOffset Start = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    private readonly ManualClock clock = new(Start);
    private AppHost host = null!;

    protected abstract string Provider { get; }

    protected abstract Task<IDictionary<string, string?>> DatabaseSettingsAsync();

    public async Task InitializeAsync()
    {
        host = new AppHost(settings: await DatabaseSettingsAsync(), clock: clock);
        host.CreateBrowserlessClient().Dispose();
        var teaShop = ProgrammeTemplates.TeaShop;
        await host.Services.GetRequiredService<ProgrammeStore>().SaveVersionAsync(ProgrammeTemplates.Minimal with
        {
            Tiers = [teaShop.Tiers[0], teaShop.Tiers[1] with { PointsMultiplier = 1m }],
            QualificationWindowMonths = 12,
        }, Start.UtcDateTime.AddYears(-1));
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    protected async Task ConcurrentPurchasesAndLateEvents_KeepTheRollupsEqualToARebuild()
    {
        var memberService = host.Services.GetRequiredService<MemberService>();
        var ids = new List<long>();
        for (var i = 0; i < Members; i++)
        {
            var profile = new MemberProfileModel { Phone = $"1370000000{i}", Name = $"Member {i}" };
            Assert.True((await memberService.SaveProfileAsync(Owner, profile)).Succeeded);
            ids.Add(profile.Id);
        }
        var ledger = host.Services.GetRequiredService<PointsLedgerService>();
        // First, on March 1, big purchases of that day lift every member to Silver; then, on June 20, the rest arrive
        // at once: purchases from mid-February to June in no particular order, so months start before or after the upgrade.
        await Task.WhenAll(ids.Select(member => Task.Run(async () =>
        {
            var lifted = await ledger.ApplyActivityAsync(member, $"lift-{member}", new Activity
            {
                Type = ActivityType.Purchase, OccurredAt = Start, Channel = Channel.Store, OrderId = $"lift-{member}", Amount = 300,
            });
            Assert.True(lifted.Succeeded, lifted.Error.ToString());
        })));
        clock.Set(Start.AddDays(111));
        await Task.WhenAll(Enumerable.Range(0, Operations).Select(i => Task.Run(async () =>
        {
            var member = ids[i % Members];
            if (i % 10 == 9)
            {
                var redeemed = await ledger.RedeemAsync(member, 5, $"redeem-{i}");
                Assert.True(redeemed.Succeeded || redeemed.Error == LedgerError.InsufficientPoints, redeemed.Error.ToString());
                return;
            }
            var activity = new Activity
            {
                Type = ActivityType.Purchase, OccurredAt = Start.AddDays(i * 37 % 125 - 15), Channel = (Channel)(i % 3),
                OrderId = $"order-{i}", Amount = 5 + i * 13 % 70,
            };
            var result = await ledger.ApplyActivityAsync(member, $"evt-{i}", activity);
            Assert.True(result.Succeeded, $"purchase {i}: {result.Error}");
        })));

        RollupSnapshot live;
        await using (var db = await CreateContextAsync())
        {
            live = await RollupSnapshot.TakeAsync(db);
            Assert.Equal(["regular", "silver"], await db.MemberMonths.Select(m => m.TierCode).Distinct().OrderBy(t => t).ToListAsync());
        }
        output.WriteLine($"{Provider}: {live.Months.Count} member-months, {live.Activity.Count} activity rows, {host.Services.GetRequiredService<LoyaltyAdmin.Data.WritePipeline>().Retried} conflicts retried");
        Assert.NotEmpty(live.Activity);

        await host.Services.GetRequiredService<RollupRebuild>().RebuildAsync();

        await using (var db = await CreateContextAsync())
            live.AssertEqual(await RollupSnapshot.TakeAsync(db));
    }

    private Task<LoyaltyDbContext> CreateContextAsync() => host.Services.CreateTestContextAsync();
}

public sealed class SqliteRollupReliabilityTests(ITestOutputHelper output) : RollupReliabilityScenarios(output)
{
    protected override string Provider => "SQLite";

    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.SqliteAsync();

    [Fact]
    public Task ConcurrentPurchasesAndLateEvents_LeaveRollupsEqualToARebuild() => ConcurrentPurchasesAndLateEvents_KeepTheRollupsEqualToARebuild();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlRollupReliabilityTests(PostgresCluster cluster, ITestOutputHelper output) : RollupReliabilityScenarios(output)
{
    protected override string Provider => "PostgreSQL";

    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.PostgreSqlAsync(cluster, "rollups");

    [PgFact]
    public Task ConcurrentPurchasesAndLateEvents_LeaveRollupsEqualToARebuild() => ConcurrentPurchasesAndLateEvents_KeepTheRollupsEqualToARebuild();
}
