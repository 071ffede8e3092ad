using System.Security.Claims;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace LoyaltyAdmin.Tests.Reliability;

/// <summary>
/// A referral campaign's cap and milestone under concurrency, run unchanged on each provider: twenty friends register at
/// the same moment with one member's code, and the cap of five must hold exactly.
/// </summary>
public abstract class ReferralReliabilityScenarios(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Friends = 20;
    private const int Cap = 5;

    private static readonly StaffActor Owner = new("owner-id", AppHost.OwnerEmail,
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Owner)], "test")));

    private AppHost host = null!;

    protected abstract string Provider { get; }

    protected abstract Task<IDictionary<string, string?>> DatabaseSettingsAsync();

    public async Task InitializeAsync()
    {
        host = new AppHost(settings: await DatabaseSettingsAsync());
        host.CreateBrowserlessClient().Dispose();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    protected async Task TwentyFriendsAtOnce_WithACapOfFive_RewardExactlyFive()
    {
        var today = DateTime.UtcNow.Date;
        var saved = await host.Services.GetRequiredService<ReferralCampaignService>().SaveAsync(Owner, new ReferralCampaignModel
        {
            Name = "Invite up to five", StartDate = today.AddDays(-7), EndDate = today.AddDays(7), RefereePoints = 5, ReferrerPoints = 100,
            MilestoneCount = 3, MilestonePoints = 1000, CapPerReferrer = Cap,
        });
        Assert.True(saved.Succeeded);
        var members = host.Services.GetRequiredService<MemberService>();
        var inviter = new MemberProfileModel { Phone = "13800000001", Name = "Inviter" };
        Assert.True((await members.SaveProfileAsync(Owner, inviter)).Succeeded);
        string code;
        await using (var db = await CreateContextAsync())
            code = await db.Members.Where(m => m.Id == inviter.Id).Select(m => m.ReferralCode).SingleAsync();
        var stopwatch = Stopwatch.StartNew();

        var results = await Task.WhenAll(Enumerable.Range(0, Friends).Select(i => Task.Run(() =>
            members.SaveProfileAsync(Owner, new MemberProfileModel { Phone = $"139{i:D8}", Name = $"Friend {i}", ReferredByCode = code }))));

        stopwatch.Stop();
        await using var check = await CreateContextAsync();
        var referrals = await check.Referrals.AsNoTracking().Where(r => r.ReferrerId == inviter.Id).ToListAsync();
        var member = await check.Members.AsNoTracking().SingleAsync(m => m.Id == inviter.Id);
        var campaignPoints = await check.PointsEntries.Where(e => e.MemberId == inviter.Id && e.Source == PointsSource.Campaign).SumAsync(e => e.Points);
        output.WriteLine($"{Provider}: {Friends} friends registered at once in {stopwatch.ElapsedMilliseconds} ms; " +
                         $"{referrals.Count(r => r.Status == ReferralStatus.Qualified)} rewarded, {referrals.Count(r => r.RejectedReason == ReferralRejection.CapReached)} over the cap");

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(Friends, referrals.Count);
        Assert.Equal(Cap, referrals.Count(r => r.Status == ReferralStatus.Qualified));
        Assert.Equal(Friends - Cap, referrals.Count(r => r.RejectedReason == ReferralRejection.CapReached));
        Assert.Single(referrals, r => r.MilestoneRewarded);
        Assert.Equal(Cap * 100 + 1000, campaignPoints);
        Assert.Equal(Cap * 100 + 1000, member.PointsBalance);
        Assert.Equal(Cap, member.SuccessfulReferrals);
        Assert.Equal(0, await check.ReferralRewardTasks.CountAsync(t => t.DoneAtUtc == null));
    }

    private Task<LoyaltyDbContext> CreateContextAsync() => host.Services.CreateTestContextAsync();
}

public sealed class SqliteReferralReliabilityTests(ITestOutputHelper output) : ReferralReliabilityScenarios(output)
{
    protected override string Provider => "SQLite";

    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.SqliteAsync();

    [Fact]
    public Task TwentyFriendsRegisteringAtOnce_WithACapOfFive_RewardExactlyFive() => TwentyFriendsAtOnce_WithACapOfFive_RewardExactlyFive();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlReferralReliabilityTests(PostgresCluster cluster, ITestOutputHelper output) : ReferralReliabilityScenarios(output)
{
    protected override string Provider => "PostgreSQL";

    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.PostgreSqlAsync(cluster, "referrals");

    [PgFact]
    public Task TwentyFriendsRegisteringAtOnce_WithACapOfFive_RewardExactlyFive() => TwentyFriendsAtOnce_WithACapOfFive_RewardExactlyFive();
}
