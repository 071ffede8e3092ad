using Stopwatch = System.Diagnostics.Stopwatch;
using System.Security.Claims;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LoyaltyAdmin.Tests.Reliability;

/// <summary>
/// The ledger's promises under concurrency, run unchanged on each provider (the concrete classes below):
/// SQLite admits one writer at a time, PostgreSQL runs the writers really at once under READ COMMITTED.
/// </summary>
public abstract class LedgerReliabilityScenarios(ITestOutputHelper output) : IAsyncLifetime
{
    private const int MixedOperations = 240;
    private const int Replays = 50;
    private const int OpeningBalance = 300; // a tenth of what the 120 debits ask for together

    private static readonly StaffActor Owner = new("owner-id", AppHost.OwnerEmail,
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Owner)], "test")));

    private AppHost host = null!;

    protected abstract string Provider { get; }

    /// <summary>Settings that point the app at this provider's fresh database.</summary>
    protected abstract Task<IDictionary<string, string?>> DatabaseSettingsAsync();

    private PointsLedgerService Ledger => host.Services.GetRequiredService<PointsLedgerService>();

    private LoyaltyAdmin.Data.WritePipeline Pipeline => host.Services.GetRequiredService<LoyaltyAdmin.Data.WritePipeline>();

    public async Task InitializeAsync()
    {
        host = new AppHost(settings: await DatabaseSettingsAsync());
        host.CreateBrowserlessClient().Dispose(); // starts the host: migrations, Owner, first programme version
        await host.Services.GetRequiredService<ProgrammeStore>().GetCurrentAsync();
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    /// <summary>
    /// Adjustments up and down, purchases and redemptions on one member, all at once, from a small balance that the
    /// debits soon use up, so that later ones may be refused. Afterwards the ledger must explain the balance exactly.
    /// </summary>
    protected async Task ConcurrentMixedOperations_KeepTheBalanceExact()
    {
        var memberId = await InsertMemberAsync();
        // A debit may be refused on what is committed while the credits racing it are still in flight (a refusal is
        // answered at once), so the opening balance is what guarantees some debits apply.
        var opening = await Ledger.AdjustAsync(Owner, new AdjustPointsModel { MemberId = memberId, Points = OpeningBalance, Reason = AdjustmentReason.Correction });
        Assert.Equal(AdjustOutcome.Applied, opening.Outcome);
        var retriedBefore = Pipeline.Retried;
        var stopwatch = Stopwatch.StartNew();

        var operations = Enumerable.Range(0, MixedOperations).Select(i => Task.Run(() => RunAsync(memberId, i))).ToList();
        var outcomes = (await Task.WhenAll(operations)).Prepend(new Outcome(PointsEntryKind.Adjust, true, OpeningBalance, null, null)).ToList();

        stopwatch.Stop();
        var retried = Pipeline.Retried - retriedBefore;
        await using var db = await CreateContextAsync();
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId);
        var entries = await db.PointsEntries.AsNoTracking().Where(e => e.MemberId == memberId).ToListAsync();
        var lots = await db.PointLots.AsNoTracking().Where(l => l.MemberId == memberId).ToListAsync();
        var applied = outcomes.Where(o => o.Applied).ToList();
        var refused = outcomes.Where(o => !o.Applied).ToList();
        output.WriteLine($"{Provider}: {MixedOperations} concurrent operations after an opening {OpeningBalance} ({applied.Count} applied, {refused.Count} refused as overdrawing), " +
                         $"{retried} conflicts retried, {stopwatch.ElapsedMilliseconds} ms, final balance {member.PointsBalance}");

        Assert.Equal(entries.Sum(e => e.Points), member.PointsBalance);
        Assert.Equal(applied.Sum(o => o.Points), member.PointsBalance);
        Assert.Equal(lots.Sum(l => l.Remaining), member.PointsBalance);
        Assert.All(entries, e => Assert.True(e.BalanceAfter >= 0, $"entry {e.Id} left the balance at {e.BalanceAfter}"));
        Assert.All(lots, l => Assert.InRange(l.Remaining, 0, l.Points));
        Assert.Equal(applied.Count, entries.Count); // one entry per applied call (the Minimal programme has one earning rule)
        Assert.Equal(applied.Count(o => o.Kind == PointsEntryKind.Adjust), entries.Count(e => e.Kind == PointsEntryKind.Adjust));
        Assert.Equal(applied.Count(o => o.Kind == PointsEntryKind.Earn), entries.Count(e => e.Kind == PointsEntryKind.Earn));
        Assert.Equal(applied.Count(o => o.Kind == PointsEntryKind.Redeem), entries.Count(e => e.Kind == PointsEntryKind.Redeem));
        Assert.All(applied.Where(o => o.EventId is not null), o => Assert.Single(entries, e => e.EventId == o.EventId));
        // Only debits are ever refused; a refused redemption saw fewer points than it asked for.
        Assert.All(refused, o => Assert.True(o.Points < 0, $"{o.Kind} of {o.Points} refused"));
        Assert.All(refused.Where(o => o.Kind == PointsEntryKind.Redeem), o => Assert.True(o.AvailableThen < -o.Points, $"redemption of {-o.Points} refused with {o.AvailableThen} available"));
        Assert.Contains(applied, o => o.Points < 0);
        Assert.Equal(member.Version, applied.Count);
    }

    /// <summary>The same event id posted 50 times at once (a client retrying): one award, 49 answers of it.</summary>
    protected async Task SameEventReplayedConcurrently_AwardsOnce()
    {
        var memberId = await InsertMemberAsync();
        var retriedBefore = Pipeline.Retried;
        var activity = Purchase(88m, "ORDER-REPLAY");
        var stopwatch = Stopwatch.StartNew();

        var results = await Task.WhenAll(Enumerable.Range(0, Replays)
            .Select(_ => Task.Run(() => Ledger.ApplyActivityAsync(memberId, "evt-replay", activity))));

        stopwatch.Stop();
        output.WriteLine($"{Provider}: {Replays} concurrent replays of one event, {Pipeline.Retried - retriedBefore} conflicts retried, {stopwatch.ElapsedMilliseconds} ms");
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error.ToString()));
        Assert.Single(results, r => !r.Duplicate);
        Assert.All(results, r => Assert.Equal(88, r.Points));
        await using var db = await CreateContextAsync();
        Assert.Equal(88, await db.Members.Where(m => m.Id == memberId).Select(m => m.PointsBalance).SingleAsync());
        Assert.Single(await db.PointsEntries.Where(e => e.MemberId == memberId).ToListAsync());
        Assert.Single(await db.MemberOrders.Where(o => o.MemberId == memberId).ToListAsync());
        Assert.Equal(1, await db.ProcessedEvents.CountAsync(e => e.EventId == "evt-replay"));
    }

    private async Task<Outcome> RunAsync(long memberId, int i)
    {
        var amount = 10 + i % 37;
        switch (i % 4)
        {
            case 0:
            case 1:
                var points = i % 4 == 0 ? amount : -amount;
                var adjusted = await Ledger.AdjustAsync(Owner, new AdjustPointsModel { MemberId = memberId, Points = points, Reason = AdjustmentReason.Correction });
                return adjusted.Outcome switch
                {
                    AdjustOutcome.Applied => new Outcome(PointsEntryKind.Adjust, true, points, null, null),
                    AdjustOutcome.Invalid => new Outcome(PointsEntryKind.Adjust, false, points, null, null),
                    _ => throw new InvalidOperationException($"adjustment {i}: {adjusted.Outcome}"),
                };
            case 2:
                var eventId = $"evt-{i}";
                var earned = await Ledger.ApplyActivityAsync(memberId, eventId, Purchase(amount, $"ORDER-{i}"));
                Assert.True(earned.Succeeded, $"purchase {i}: {earned.Error}");
                return new Outcome(PointsEntryKind.Earn, true, earned.Points, eventId, null);
            default:
                var requestId = $"redeem-{i}";
                var redeemed = await Ledger.RedeemAsync(memberId, amount, requestId);
                if (redeemed.Succeeded)
                    return new Outcome(PointsEntryKind.Redeem, true, -amount, requestId, null);
                Assert.Equal(LedgerError.InsufficientPoints, redeemed.Error);
                return new Outcome(PointsEntryKind.Redeem, false, -amount, requestId, redeemed.Available);
        }
    }

    private static Activity Purchase(decimal amount, string orderId) =>
        new() { Type = ActivityType.Purchase, OccurredAt = DateTimeOffset.UtcNow, Channel = Channel.Store, OrderId = orderId, Amount = amount };

    private Task<LoyaltyDbContext> CreateContextAsync() => host.Services.CreateTestContextAsync();

    private async Task<long> InsertMemberAsync()
    {
        await using var db = await CreateContextAsync();
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

    private sealed record Outcome(PointsEntryKind Kind, bool Applied, long Points, string? EventId, long? AvailableThen);
}

public sealed class SqliteLedgerReliabilityTests(ITestOutputHelper output) : LedgerReliabilityScenarios(output)
{
    protected override string Provider => "SQLite";

    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.SqliteAsync();

    [Fact]
    public Task ConcurrentMixedOperationsOnOneMember_KeepTheBalanceExact() => ConcurrentMixedOperations_KeepTheBalanceExact();

    [Fact]
    public Task SameEventPostedFiftyTimesAtOnce_AwardsOnce() => SameEventReplayedConcurrently_AwardsOnce();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlLedgerReliabilityTests(PostgresCluster cluster, ITestOutputHelper output) : LedgerReliabilityScenarios(output)
{
    protected override string Provider => "PostgreSQL";

    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.PostgreSqlAsync(cluster, "reliability");

    [PgFact]
    public Task ConcurrentMixedOperationsOnOneMember_KeepTheBalanceExact() => ConcurrentMixedOperations_KeepTheBalanceExact();

    [PgFact]
    public Task SameEventPostedFiftyTimesAtOnce_AwardsOnce() => SameEventReplayedConcurrently_AwardsOnce();
}
