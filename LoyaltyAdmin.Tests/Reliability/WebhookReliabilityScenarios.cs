using System.Security.Claims;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Webhooks;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Features.Webhooks;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace LoyaltyAdmin.Tests.Reliability;

/// <summary>
/// Webhook delivery under load with the receiver down for ten (simulated) minutes, then up, on each provider: every
/// event arrives, none twice, in order per member. The dispatcher is driven by hand against a simulated clock.
/// </summary>
public abstract class WebhookReliabilityScenarios(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Members = 25;
    private protected static readonly DateTimeOffset Start = new(2026, 3, 1, 2, 0, 0, TimeSpan.Zero);

    internal static readonly StaffActor Owner = new("owner-id", AppHost.OwnerEmail,
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Owner)], "test")));

    private readonly ManualClock clock = new(Start);
    private protected AppHost host = null!;
    private protected TestReceiver receiver = null!;

    protected abstract Task<IDictionary<string, string?>> DatabaseSettingsAsync();

    public async Task InitializeAsync()
    {
        var settings = await DatabaseSettingsAsync();
        settings["Webhooks:Background"] = "false";
        settings["Webhooks:AllowPrivateNetworks"] = "true";
        host = new AppHost(settings: settings, clock: clock);
        host.CreateBrowserlessClient().Dispose();
        receiver = await TestReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await receiver.DisposeAsync();
        await host.DisposeAsync();
    }

    protected async Task ReceiverDownForTenMinutesDuringLoad_ThenUp_EveryEventArrivesOnceInOrderPerMember()
    {
        var saved = await host.Services.GetRequiredService<WebhookService>().CreateAsync(Owner, new WebhookEndpointModel { Url = receiver.Url });
        Assert.True(saved.Result.Succeeded);
        receiver.Secrets.Add(saved.Secret!);
        var members = await InsertMembersAsync(host.Services);
        var dispatcher = host.Services.GetRequiredService<WebhookDispatcher>();
        var down = true;
        receiver.Answer = _ => down ? 503 : 200;
        var random = new Random(21);

        // Ten minutes of purchases while the receiver answers 503, the dispatcher trying as its schedule says.
        for (var step = 0; step < 20; step++)
        {
            await PublishAsync(host.Services, members, random, 10);
            await dispatcher.RunOnceAsync();
            clock.Advance(TimeSpan.FromSeconds(30));
        }
        Assert.Empty(receiver.Requests);
        down = false;
        for (var step = 0; step < 5; step++)
        {
            await PublishAsync(host.Services, members, random, 10);
            await dispatcher.RunUntilIdleAsync();
            clock.Advance(TimeSpan.FromSeconds(30));
        }
        for (var step = 0; step < 120 && await OpenAsync(host.Services) > 0; step++)
        {
            await dispatcher.RunUntilIdleAsync();
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        await using var db = await host.Services.CreateTestContextAsync();
        var events = await db.OutboxEvents.AsNoTracking().Where(o => o.MemberId != null).OrderBy(o => o.Sequence).ToListAsync();
        output.WriteLine($"{events.Count} events, {receiver.Requests.Count} deliveries received, simulated time {clock.GetUtcNow() - Start}");
        Assert.Equal(0, receiver.BadSignatures);
        Assert.Equal(events.Select(e => $"evt_{e.Sequence}").Order(), receiver.Requests.Select(r => r.Id).Order()); // all, none twice
        foreach (var member in events.GroupBy(e => e.MemberId))
        {
            var sent = member.Select(e => $"evt_{e.Sequence}").ToList();
            Assert.Equal(sent, receiver.Requests.Select(r => r.Id).Where(sent.Contains).ToList());
        }
    }

    internal static async Task<List<long>> InsertMembersAsync(IServiceProvider services)
    {
        await using var db = await services.CreateTestContextAsync();
        var list = Enumerable.Range(0, Members).Select(i => new Member
        {
            Phone = $"1390000{i:D4}", Name = $"Member {i}", ReferralCode = $"RW{i:D5}", TierCode = "regular",
            JoinedAtUtc = Start.UtcDateTime, TierSince = DateOnly.FromDateTime(Start.UtcDateTime), JoinChannel = LoyaltyAdmin.Rules.Channel.MiniProgram,
        }).ToList();
        db.Members.AddRange(list);
        await db.SaveChangesAsync();
        return [.. list.Select(m => m.Id)];
    }

    /// <summary>Appends events to the outbox as committed purchases would.</summary>
    internal static async Task PublishAsync(IServiceProvider services, List<long> members, Random random, int count)
    {
        await using var db = await services.CreateTestContextAsync();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        for (var i = 0; i < count; i++)
            db.OutboxEvents.Add(BusinessEvents.Create(BusinessEvents.PointsEarned, members[random.Next(members.Count)], new { points = random.Next(1, 100) }, now, now));
        await db.SaveChangesAsync();
    }

    private static async Task<int> OpenAsync(IServiceProvider services)
    {
        await using var db = await services.CreateTestContextAsync();
        return await db.WebhookDeliveries.CountAsync(d => d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Queued);
    }
}

public sealed class SqliteWebhookReliabilityTests(ITestOutputHelper output) : WebhookReliabilityScenarios(output)
{
    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.SqliteAsync();

    [Fact]
    public Task ReceiverDownForTenMinutesDuringLoad_EveryEventArrivesOnceInOrder() => ReceiverDownForTenMinutesDuringLoad_ThenUp_EveryEventArrivesOnceInOrderPerMember();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlWebhookReliabilityTests(PostgresCluster cluster, ITestOutputHelper output) : WebhookReliabilityScenarios(output)
{
    protected override Task<IDictionary<string, string?>> DatabaseSettingsAsync() => ScenarioDatabases.PostgreSqlAsync(cluster, "webhooks");

    [PgFact]
    public Task ReceiverDownForTenMinutesDuringLoad_EveryEventArrivesOnceInOrder() => ReceiverDownForTenMinutesDuringLoad_ThenUp_EveryEventArrivesOnceInOrderPerMember();

    /// <summary>
    /// A slow transaction commits a lower sequence after the feed read a higher one. It drew its number in its first INSERT,
    /// so it had the outbox's write lock but no transaction id yet when the hole was seen: the feed keeps looking until that
    /// transaction has ended, and delivers the event.
    /// </summary>
    [PgFact]
    public async Task LowerSequenceCommittedAfterAHigherOneWasRead_IsStillDelivered()
    {
        var saved = await host.Services.GetRequiredService<WebhookService>().CreateAsync(Owner, new WebhookEndpointModel { Url = receiver.Url });
        receiver.Secrets.Add(saved.Secret!);
        var members = await InsertMembersAsync(host.Services);
        var dispatcher = host.Services.GetRequiredService<WebhookDispatcher>();
        long late;
        await using (var db = await host.Services.CreateTestContextAsync())
            late = await db.Database.SqlQueryRaw<long>("SELECT nextval(pg_get_serial_sequence('\"OutboxEvents\"', 'Sequence')) AS \"Value\"").SingleAsync();

        await using var slow = await host.Services.CreateTestContextAsync();
        await using var tx = await slow.Database.BeginTransactionAsync();
        await slow.Database.ExecuteSqlRawAsync("LOCK TABLE \"OutboxEvents\" IN ROW EXCLUSIVE MODE"); // as its INSERT holds it
        await PublishAsync(host.Services, members, new Random(3), 1); // late + 1, committed
        await dispatcher.RunOnceAsync();
        await slow.Database.SqlQueryRaw<long>("SELECT pg_current_xact_id()::text::bigint AS \"Value\"").SingleAsync(); // its id comes now
        await dispatcher.RunOnceAsync();
        var e = BusinessEvents.Create(BusinessEvents.PointsEarned, members[0], new { points = 5 }, Start.UtcDateTime, Start.UtcDateTime);
        e.Sequence = late;
        slow.OutboxEvents.Add(e);
        await slow.SaveChangesAsync();
        await tx.CommitAsync();
        await dispatcher.RunUntilIdleAsync();

        Assert.Equal([$"evt_{late}", $"evt_{late + 1}"], receiver.Requests.Select(r => r.Id).Order());
        await using var check = await host.Services.CreateTestContextAsync();
        Assert.Equal("", (await check.WebhookFeeds.SingleAsync()).Holes); // settled once found
    }

    /// <summary>
    /// Two app instances on one PostgreSQL database, both dispatching in the background: each delivery is attempted by one
    /// of them at a time (the receiver never sees the same message id twice at once, nor twice at all), in order per member.
    /// </summary>
    [PgFact]
    public async Task TwoInstances_EachDeliveryIsAttemptedByOneAtATime()
    {
        var settings = await ScenarioDatabases.PostgreSqlAsync(cluster, "webhooks2");
        settings["Webhooks:AllowPrivateNetworks"] = "true";
        // One key file for both, as docs/privacy.md requires: with its own, instance b could not read the endpoint's secret,
        // its attempts failed and were retried 10 s, 40 s, 160 s later, so events were still missing at the deadline.
        settings["DataProtection:KeyFile"] = Path.Combine(Path.GetTempPath(), "loyaltyadmin-tests", $"webhooks2-{Guid.NewGuid():N}.key");
        await using var a = new AppHost(settings: settings);
        a.CreateBrowserlessClient().Dispose();
        await using var b = new AppHost(settings: settings);
        b.CreateBrowserlessClient().Dispose();
        await using var receiver = await TestReceiver.StartAsync();
        receiver.Delay = TimeSpan.FromMilliseconds(20);
        var saved = await a.Services.GetRequiredService<WebhookService>().CreateAsync(Owner, new WebhookEndpointModel { Url = receiver.Url });
        receiver.Secrets.Add(saved.Secret!);
        var members = await InsertMembersAsync(a.Services);
        var random = new Random(7);

        for (var i = 0; i < 20; i++)
            await PublishAsync(i % 2 == 0 ? a.Services : b.Services, members, random, 15);
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (receiver.Requests.Count < 300 && DateTime.UtcNow < deadline)
            await Task.Delay(200);

        await using var db = await a.Services.CreateTestContextAsync();
        var events = await db.OutboxEvents.AsNoTracking().Where(o => o.MemberId != null).OrderBy(o => o.Sequence).ToListAsync();
        Assert.Equal(300, events.Count);
        Assert.Equal(0, receiver.Overlaps);
        Assert.Equal(events.Select(e => $"evt_{e.Sequence}").Order(), receiver.Requests.Select(r => r.Id).Order());
        foreach (var member in events.GroupBy(e => e.MemberId))
        {
            var sent = member.Select(e => $"evt_{e.Sequence}").ToList();
            Assert.Equal(sent, receiver.Requests.Select(r => r.Id).Where(sent.Contains).ToList());
        }
        // Outcomes are recorded in batches just after the answers: wait for the last, then every delivery took one attempt.
        while (await db.WebhookDeliveries.CountAsync(d => d.Status == WebhookDeliveryStatus.Succeeded) < 300 && DateTime.UtcNow < deadline)
            await Task.Delay(100);
        var attempts = await db.WebhookDeliveries.AsNoTracking().Select(d => d.Attempts).ToListAsync();
        Assert.All(attempts, n => Assert.Equal(1, n));
    }
}
