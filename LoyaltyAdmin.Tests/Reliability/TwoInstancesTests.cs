using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
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
    /// Two in-process hosts (each with its own ledger, caches and connection pool) with the same bootstrap API key,
    /// as two nodes behind a load balancer: every purchase goes over HTTP to both at once (a client retrying against
    /// the other node), some to one only. Each event must be counted once.
    /// </summary>
    [PgFact]
    public async Task EventsPostedToBothInstances_AreCountedOnce()
    {
        var settings = await PostgreSqlSettingsAsync("events");
        await using var a = StartHost(settings);
        await using var b = StartHost(settings);
        using var clientA = ApiClient(a);
        using var clientB = ApiClient(b);
        using var registered = await clientA.PostAsJsonAsync("/api/v1/members", new { requestId = "reg-1", phone = Phone, name = "Han Meimei", channel = "mini_program" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        const int events = 60;
        var stopwatch = Stopwatch.StartNew();

        var calls = Enumerable.Range(0, events).SelectMany(i =>
        {
            var body = new { eventId = $"evt-{i}", type = "purchase", phone = Phone, occurredAt = DateTimeOffset.UtcNow, channel = "store", orderId = $"O-{i}", amount = 10 + i };
            var targets = i % 3 == 0 ? [i % 2 == 0 ? clientA : clientB] : new[] { clientA, clientB };
            return targets.Select(client => Task.Run(async () =>
            {
                using var response = await client.PostAsJsonAsync("/api/v1/events", body);
                var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                return (response.StatusCode, Duplicate: json.TryGetProperty("duplicate", out var d) && d.GetBoolean());
            }));
        }).ToList();
        var results = await Task.WhenAll(calls);

        stopwatch.Stop();
        var retried = Pipeline(a).Retried + Pipeline(b).Retried;
        output.WriteLine($"PostgreSQL, two instances over HTTP: {results.Length} calls for {events} events, {results.Count(r => r.Duplicate)} answered as duplicates, " +
                         $"{retried} conflicts retried, {stopwatch.ElapsedMilliseconds} ms");
        Assert.All(results, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var expected = Enumerable.Range(0, events).Sum(i => 10L + i); // Minimal programme: 1 point per yuan
        await using var db = PostgreSqlContext(settings);
        Assert.Equal(1, await db.ApiKeys.CountAsync()); // both nodes bootstrapped the same key once
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Phone == Phone);
        Assert.Equal(expected, member.PointsBalance);
        Assert.Equal(expected, await db.PointsEntries.Where(e => e.MemberId == member.Id && e.Kind == PointsEntryKind.Earn && e.OrderId != null).SumAsync(e => e.Points));
        Assert.Equal(events, await db.MemberOrders.CountAsync(o => o.MemberId == member.Id));
        Assert.Equal(member.PointsBalance, await db.PointsEntries.Where(e => e.MemberId == member.Id).SumAsync(e => e.Points));
        Assert.Equal(results.Length - events, results.Count(r => r.Duplicate));
    }

    /// <summary>
    /// The daily jobs started on both instances at the same moment (the lease lets one in), and the day's work
    /// also forced on both at once (as if a lease had expired mid-run): birthday points, expiry and the tier
    /// review each happen once.
    /// </summary>
    [PgFact]
    public async Task JobsRunOnBothInstances_DoEachThingOnce()
    {
        var settings = await PostgreSqlSettingsAsync("jobs");
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 10, 2, 0, 0, TimeSpan.Zero)); // 10:00 in Shanghai
        await using var a = StartHost(settings, clock);
        await using var b = StartHost(settings, clock);
        await a.Services.GetRequiredService<ProgrammeStore>().SaveVersionAsync(ProgrammeTemplates.TeaShop, clock.GetUtcNow().UtcDateTime.AddYears(-2));
        var today = new DateOnly(2026, 3, 10);
        var birthdayId = await InsertMemberAsync(settings, "13900000001", birthday: new DateOnly(1990, 3, 10));
        var expiringId = await InsertMemberAsync(settings, "13900000002");
        var lapsingId = await InsertMemberAsync(settings, "13900000003", tier: "gold", tierValidUntil: today.AddDays(-1));
        // 13 months ago: under the tea shop's 12-month expiry these points lapsed last month.
        await Ledger(a).ApplyActivityAsync(expiringId, "old-purchase", new Activity
        {
            Type = ActivityType.Purchase, OccurredAt = clock.GetUtcNow().AddMonths(-13), Channel = Channel.Store, OrderId = "OLD-1", Amount = 80,
        });

        await Task.WhenAll(
            Jobs(a).RunDueAsync("instance-a"), Jobs(b).RunDueAsync("instance-b"),
            Jobs(a).RunDayAsync(today), Jobs(b).RunDayAsync(today));

        await using var db = PostgreSqlContext(settings);
        var birthdayEntries = await db.PointsEntries.Where(e => e.MemberId == birthdayId && e.RuleId == "birthday").ToListAsync();
        Assert.Equal(100, Assert.Single(birthdayEntries).Points);
        var expired = await db.PointsEntries.Where(e => e.MemberId == expiringId && e.Kind == PointsEntryKind.Expire).ToListAsync();
        Assert.Equal(-80, Assert.Single(expired).Points);
        Assert.Equal(0, (await db.Members.AsNoTracking().SingleAsync(m => m.Id == expiringId)).PointsBalance);
        var review = await db.TierHistory.Where(t => t.MemberId == lapsingId).ToListAsync();
        Assert.Single(review);
        Assert.NotEqual("gold", (await db.Members.AsNoTracking().SingleAsync(m => m.Id == lapsingId)).TierCode);
        Assert.Equal(today, await db.JobLeases.Where(l => l.Name == MemberJobs.LeaseName).Select(l => l.LastCompletedDay).SingleAsync());
    }

    private const string Phone = "13912345678";
    private const string BootstrapKey = "two-instances-bootstrap-key-0123456789abcdef";

    private static AppHost StartHost(IReadOnlyDictionary<string, string> settings, TimeProvider? clock = null)
    {
        var hostSettings = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        hostSettings["Bootstrap:ApiKey"] = BootstrapKey;
        hostSettings["Bootstrap:StoreCode"] = "HQ";
        var host = new AppHost(settings: hostSettings, clock: clock);
        host.CreateBrowserlessClient().Dispose();
        return host;
    }

    private static HttpClient ApiClient(AppHost host)
    {
        var client = host.CreateBrowserlessClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", BootstrapKey);
        return client;
    }

    private static PointsLedgerService Ledger(AppHost host) => host.Services.GetRequiredService<PointsLedgerService>();

    private static LoyaltyAdmin.Data.WritePipeline Pipeline(AppHost host) => host.Services.GetRequiredService<LoyaltyAdmin.Data.WritePipeline>();

    private static MemberJobs Jobs(AppHost host) => host.Services.GetRequiredService<MemberJobs>();

    private async Task<IReadOnlyDictionary<string, string>> PostgreSqlSettingsAsync(string name) => new Dictionary<string, string>
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:PostgreSql"] = await cluster.CreateDatabaseAsync(name),
        // Instances on one database share the key file that encrypts its key ring (docs/privacy.md).
        ["DataProtection:KeyFile"] = Path.Combine(Path.GetTempPath(), "loyaltyadmin-tests", $"{name}-{Guid.NewGuid():N}.key"),
    };

    private static PostgreSqlLoyaltyDbContext PostgreSqlContext(IReadOnlyDictionary<string, string> settings) =>
        new(new DbContextOptionsBuilder<PostgreSqlLoyaltyDbContext>().UseNpgsql(settings["ConnectionStrings:PostgreSql"]).Options);

    private static async Task<long> InsertMemberAsync(IReadOnlyDictionary<string, string> settings, string phone, DateOnly? birthday = null,
        string tier = "regular", DateOnly? tierValidUntil = null)
    {
        await using var db = PostgreSqlContext(settings);
        var member = new Member
        {
            Phone = phone, Name = "Han Meimei", Birthday = birthday, JoinedAtUtc = new DateTime(2024, 1, 5, 4, 0, 0, DateTimeKind.Utc), JoinChannel = Channel.MiniProgram,
            ReferralCode = "R" + phone[^7..], TierCode = tier, TierSince = new DateOnly(2024, 1, 5), TierValidUntil = tierValidUntil,
        };
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return member.Id;
    }
}
