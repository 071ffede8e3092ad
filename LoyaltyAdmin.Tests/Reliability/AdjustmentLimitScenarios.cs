using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Reliability;

/// <summary>
/// A StoreManager's adjustments sent all at once, run unchanged on each provider: the per-member day limit (500) and the
/// operator's daily total (2,000) hold exactly, on PostgreSQL too, where the writers really run at the same time.
/// </summary>
public abstract class AdjustmentLimitScenarios : IAsyncLifetime
{
    private const int AtOnce = 10;

    private AppHost host = null!;
    private int store;

    protected abstract Task<IDictionary<string, string?>> DatabaseSettingsAsync();

    private PointsLedgerService Ledger => host.Services.GetRequiredService<PointsLedgerService>();

    public async Task InitializeAsync()
    {
        host = new AppHost(settings: await DatabaseSettingsAsync());
        host.CreateBrowserlessClient().Dispose();
        await host.Services.GetRequiredService<ProgrammeStore>().GetCurrentAsync();
        await using var db = await CreateContextAsync();
        var s = new Store { Code = "S001", Name = "Store S001", CreatedAtUtc = DateTime.UtcNow };
        db.Stores.Add(s);
        await db.SaveChangesAsync();
        store = s.Id;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    protected async Task TenAdjustmentsOfTheLimitOnOneMemberAtOnce_ApplyOnce()
    {
        var manager = await ManagerAsync("limit-member@test.local");
        var member = (await MembersAsync(1))[0];

        var results = await Task.WhenAll(Enumerable.Range(0, AtOnce).Select(_ => Task.Run(() => Ledger.AdjustAsync(manager, Adjust(member, 500)))));

        Assert.Single(results, r => r.Outcome == AdjustOutcome.Applied);
        Assert.Equal(AtOnce - 1, results.Count(r => r.Hold == AdjustmentHold.MemberDayLimit));
        await using var db = await CreateContextAsync();
        Assert.Equal(500, await db.Members.Where(m => m.Id == member).Select(m => m.PointsBalance).SingleAsync());
    }

    protected async Task TenAdjustmentsOnTenMembersAtOnce_StopAtTheOperatorsDailyTotal()
    {
        var manager = await ManagerAsync("limit-total@test.local");
        var members = await MembersAsync(AtOnce);

        var results = await Task.WhenAll(members.Select(id => Task.Run(() => Ledger.AdjustAsync(manager, Adjust(id, 400)))));

        Assert.Equal(5, results.Count(r => r.Outcome == AdjustOutcome.Applied)); // 5 × 400 = the default 2,000
        Assert.Equal(5, results.Count(r => r.Hold == AdjustmentHold.OperatorDayTotal));
    }

    private static AdjustPointsModel Adjust(long memberId, long points) => new() { MemberId = memberId, Points = points, Reason = AdjustmentReason.Goodwill };

    /// <summary>A StoreManager of the store as signing in makes them: their row exists, so it can be locked.</summary>
    private async Task<StaffActor> ManagerAsync(string email)
    {
        await host.CreateUserAsync(email, Roles.StoreManager, store);
        await using var scope = host.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email);
        return StaffActor.From(await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user!));
    }

    private async Task<List<long>> MembersAsync(int count)
    {
        await using var db = await CreateContextAsync();
        var members = Enumerable.Range(0, count).Select(_ => Random.Shared.Next(10_000_000, 99_999_999)).Distinct().Select(suffix => new Member
        {
            Phone = $"139{suffix}", Name = "Li Lei", JoinedAtUtc = DateTime.UtcNow, JoinChannel = Channel.Store, HomeStoreId = store,
            ReferralCode = $"LM{suffix}", TierCode = "regular", TierSince = DateOnly.FromDateTime(DateTime.UtcNow),
        }).ToList();
        db.Members.AddRange(members);
        await db.SaveChangesAsync();
        return [.. members.Select(m => m.Id)];
    }

    private Task<LoyaltyDbContext> CreateContextAsync() => host.Services.CreateTestContextAsync();
}

public sealed class SqliteAdjustmentLimitTests : AdjustmentLimitScenarios
{
    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.SqliteAsync();

    [Fact]
    public Task TenAdjustmentsOfTheLimit_OnOneMemberAtOnce_ApplyOnce() => TenAdjustmentsOfTheLimitOnOneMemberAtOnce_ApplyOnce();

    [Fact]
    public Task TenAdjustments_OnTenMembersAtOnce_StopAtTheOperatorsDailyTotal() => TenAdjustmentsOnTenMembersAtOnce_StopAtTheOperatorsDailyTotal();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlAdjustmentLimitTests(PostgresCluster cluster) : AdjustmentLimitScenarios
{
    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.PostgreSqlAsync(cluster, "adjustment_limits");

    [PgFact]
    public Task TenAdjustmentsOfTheLimit_OnOneMemberAtOnce_ApplyOnce() => TenAdjustmentsOfTheLimitOnOneMemberAtOnce_ApplyOnce();

    [PgFact]
    public Task TenAdjustments_OnTenMembersAtOnce_StopAtTheOperatorsDailyTotal() => TenAdjustmentsOnTenMembersAtOnce_StopAtTheOperatorsDailyTotal();
}
