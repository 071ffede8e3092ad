using System.Net;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace LoyaltyAdmin.Tests.Reliability;

/// <summary>
/// Several app instances on one PostgreSQL database, as behind a load balancer: a login made on one is
/// honoured by the other, and events sent to both are counted once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoInstancesTests(PostgresCluster cluster, ITestOutputHelper output)
{
    [PgFact]
    public async Task ACookieIssuedByOneInstance_IsValidOnTheOther()
    {
        var settings = await PostgreSqlSettingsAsync("cookies");
        // Started together on an empty database, as after a fresh deployment: both migrate and bootstrap at once.
        var starting = new[] { LiveApp.StartAsync(settings: settings), LiveApp.StartAsync(settings: settings) };
        await using var a = await starting[0];
        await using var b = await starting[1];

        var cookies = new CookieContainer();
        using var clientA = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = a.BaseAddress };
        var signIn = await clientA.SignInAsync(AppHost.OwnerEmail, AppHost.OwnerPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookieHeader = cookies.GetCookieHeader(a.BaseAddress);
        Assert.Contains("LoyaltyAdmin.Auth=", cookieHeader);

        using var clientB = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = b.BaseAddress };
        using var anonymous = await clientB.GetAsync("/settings/stores");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/settings/stores");
        request.Headers.Add("Cookie", cookieHeader);
        using var signedIn = await clientB.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode); // the page is protected on B
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode); // and A's cookie opens it: one key ring for both
        await using var db = PostgreSqlContext(settings);
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync());
        Assert.Equal(1, await db.Users.CountAsync()); // one Owner, not one per instance
        Assert.Equal(1, await db.MerchantSettings.CountAsync());
        Assert.Equal(await db.Roles.Select(r => r.Name).Distinct().CountAsync(), await db.Roles.CountAsync());
        // A fresh PostgreSQL database makes EF log one failed read of the not yet created history table; nothing else.
        Assert.All(a.ErrorsSince(0).Concat(b.ErrorsSince(0)), e => Assert.Contains("__EFMigrationsHistory", e));
    }

    /// <summary>
    /// There is no HTTP events API on this branch yet, so each instance is an in-process host with its own
    /// ledger service, caches and connection pool, and events are posted to its service directly: every event
    /// goes to both instances at once (a client retrying against the other node), plus events to one only.
    /// </summary>
    [PgFact]
    public async Task EventsPostedToBothInstances_AreCountedOnce()
    {
        var settings = await PostgreSqlSettingsAsync("events");
        var hostSettings = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        await using var a = new AppHost(settings: hostSettings);
        a.CreateBrowserlessClient().Dispose();
        await using var b = new AppHost(settings: hostSettings);
        b.CreateBrowserlessClient().Dispose();
        var ledgerA = a.Services.GetRequiredService<PointsLedgerService>();
        var ledgerB = b.Services.GetRequiredService<PointsLedgerService>();
        var memberId = await InsertMemberAsync(settings);
        const int events = 60;
        var stopwatch = Stopwatch.StartNew();

        var calls = Enumerable.Range(0, events).SelectMany(i =>
        {
            var activity = new Activity { Type = ActivityType.Purchase, OccurredAt = DateTimeOffset.UtcNow, Channel = Channel.MiniProgram, OrderId = $"O-{i}", Amount = 10 + i };
            return i % 3 == 0
                ? [Task.Run(() => (i % 2 == 0 ? ledgerA : ledgerB).ApplyActivityAsync(memberId, $"evt-{i}", activity))]
                : new[] { Task.Run(() => ledgerA.ApplyActivityAsync(memberId, $"evt-{i}", activity)), Task.Run(() => ledgerB.ApplyActivityAsync(memberId, $"evt-{i}", activity)) };
        }).ToList();
        var results = await Task.WhenAll(calls);

        stopwatch.Stop();
        output.WriteLine($"PostgreSQL, two instances: {results.Length} calls for {events} events, {results.Count(r => r.Duplicate)} answered as duplicates, " +
                         $"{ledgerA.ConflictsRetried + ledgerB.ConflictsRetried} conflicts retried, {stopwatch.ElapsedMilliseconds} ms");
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error.ToString()));
        var expected = Enumerable.Range(0, events).Sum(i => 10L + i); // Minimal programme: 1 point per yuan
        await using var db = PostgreSqlContext(settings);
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId);
        Assert.Equal(expected, member.PointsBalance);
        Assert.Equal(expected, await db.PointsEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points));
        Assert.Equal(events, await db.PointsEntries.CountAsync(e => e.MemberId == memberId));
        Assert.Equal(events, await db.ProcessedEvents.CountAsync(e => e.MemberId == memberId));
        Assert.Equal(events, await db.MemberOrders.CountAsync(o => o.MemberId == memberId));
        Assert.Equal(results.Length - events, results.Count(r => r.Duplicate));
    }

    private async Task<IReadOnlyDictionary<string, string>> PostgreSqlSettingsAsync(string name) => new Dictionary<string, string>
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:PostgreSql"] = await cluster.CreateDatabaseAsync(name),
    };

    private static PostgreSqlLoyaltyDbContext PostgreSqlContext(IReadOnlyDictionary<string, string> settings) =>
        new(new DbContextOptionsBuilder<PostgreSqlLoyaltyDbContext>().UseNpgsql(settings["ConnectionStrings:PostgreSql"]).Options);

    private static async Task<long> InsertMemberAsync(IReadOnlyDictionary<string, string> settings)
    {
        await using var db = PostgreSqlContext(settings);
        var member = new Member
        {
            Phone = "13912345678", Name = "Han Meimei", JoinedAtUtc = DateTime.UtcNow.AddDays(-10), JoinChannel = Channel.MiniProgram,
            ReferralCode = "HAN00001", TierCode = "regular", TierSince = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-10)),
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return member.Id;
    }
}
