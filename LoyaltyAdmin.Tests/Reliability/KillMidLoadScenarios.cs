using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace LoyaltyAdmin.Tests.Reliability;

/// <summary>
/// Tills post purchases from many clients and the app process is killed mid-load (SIGKILL: no shutdown, as in a power
/// cut). The app restarts on the same database and the tills re-send every purchase that got no answer, as a till does.
/// Then every balance equals its ledger and the awards expected for the purchases sent, each purchase is processed once,
/// and the outbox holds exactly one event for each committed change: none missing, none doubled.
/// </summary>
public abstract class KillMidLoadScenarios(ITestOutputHelper output)
{
    private const int Members = 60;
    private const int Purchases = 2_400;
    private const int Clients = 16;
    private const int KillAfterAnswers = 500;
    private static readonly DateTimeOffset At = DateTimeOffset.UtcNow.AddMinutes(-5);
    private const string Key = "kill-mid-load-0123456789abcdef0123456789abcdef";

    protected abstract Task<Dictionary<string, string>> SettingsAsync();

    protected abstract LoyaltyDbContext OpenDatabase(LiveApp app, IReadOnlyDictionary<string, string> settings);

    protected async Task KilledMidLoad_LosesAndDoublesNothing_OnceTheUnansweredAreResent()
    {
        var settings = await SettingsAsync();
        settings["Bootstrap:ApiKey"] = Key;
        settings["Bootstrap:StoreCode"] = "HQ";
        settings["Api:PermitsPerMinute"] = "100000000";
        var first = await LiveApp.StartAsync(settings: settings);
        var database = first.Database;
        try
        {
            var phones = Enumerable.Range(0, Members).Select(i => (13_900_000_000L + i).ToString(CultureInfo.InvariantCulture)).ToArray();
            using (var http = first.ApiClient(Key))
                foreach (var (phone, i) in phones.Select((p, i) => (p, i)))
                    (await http.PostAsJsonAsync("/api/v1/members", new { requestId = "reg-" + i, phone, name = "Member " + i, channel = "store" })).EnsureSuccessStatusCode();
            Dictionary<string, long> opening;
            await using (var db = OpenDatabase(first, settings))
                opening = await db.Members.ToDictionaryAsync(m => m.Phone, m => m.PointsBalance);

            var random = new Random(20261207);
            var plan = Enumerable.Range(0, Purchases)
                .Select(i => (EventId: "kill-" + i, Phone: phones[random.Next(Members)], Amount: random.Next(100, 30_000) / 100m)).ToArray();
            var answered = new bool[Purchases];
            var answers = 0;
            var next = -1;
            using (var http = first.ApiClient(Key))
            {
                var killed = new TaskCompletionSource();
                var load = Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
                {
                    int i;
                    while (!killed.Task.IsCompleted && (i = Interlocked.Increment(ref next)) < Purchases)
                    {
                        try
                        {
                            using var response = await http.PostAsJsonAsync("/api/v1/events", Body(plan[i]));
                            answered[i] = response.IsSuccessStatusCode;
                            if (Interlocked.Increment(ref answers) == KillAfterAnswers)
                                killed.TrySetResult();
                        }
                        catch (HttpRequestException)
                        {
                            return; // the app is gone: this purchase stays unanswered
                        }
                    }
                })));
                await Task.WhenAny(killed.Task, load);
                await first.KillAsync();
                await load;
            }
            var unanswered = Enumerable.Range(0, Purchases).Where(i => !answered[i]).ToList();
            output.WriteLine($"Killed after {answers} answers; {unanswered.Count} of {Purchases} purchases unanswered (in flight or never sent).");
            Assert.True(answers < Purchases, "The load finished before the kill: the scenario needs more purchases.");

            await using var restarted = await LiveApp.StartAsync(settings: settings, database: database);
            await using (var db = OpenDatabase(restarted, settings))
                output.WriteLine($"After the restart {await db.ProcessedEvents.CountAsync(e => e.Type == "Purchase")} purchases were committed ({answers} answered).");
            using (var http = restarted.ApiClient(Key))
            {
                // Re-send what got no answer, and a few that did: a till retrying after its own time-out.
                foreach (var i in unanswered.Concat(Enumerable.Range(0, 40)))
                {
                    using var response = await http.PostAsJsonAsync("/api/v1/events", Body(plan[i]));
                    Assert.True(response.IsSuccessStatusCode, $"Re-sent {plan[i].EventId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }

            await using var check = OpenDatabase(restarted, settings);
            var members = await check.Members.Select(m => new { m.Id, m.Phone, m.PointsBalance }).ToListAsync();
            var ledger = await check.PointsEntries.GroupBy(e => e.MemberId).Select(g => new { g.Key, Sum = g.Sum(e => e.Points) }).ToDictionaryAsync(g => g.Key, g => g.Sum);
            foreach (var m in members)
            {
                var expected = opening[m.Phone] + plan.Where(p => p.Phone == m.Phone).Sum(p => (long)Math.Floor(p.Amount)); // 1 point per ¥1
                Assert.Equal((expected, expected), (m.PointsBalance, ledger.GetValueOrDefault(m.Id)));
            }
            Assert.Equal(Purchases, await check.ProcessedEvents.CountAsync(e => e.Type == "Purchase"));
            var earns = await check.PointsEntries.Where(e => e.Kind == PointsEntryKind.Earn).Select(e => e.OrderId).ToListAsync();
            Assert.Equal(Purchases, earns.Count);
            Assert.Equal(Purchases, earns.Distinct().Count());

            var earned = (await check.OutboxEvents.Where(e => e.Type == BusinessEvents.PointsEarned).Select(e => e.Payload).ToListAsync())
                .Select(p => JsonDocument.Parse(p).RootElement.GetProperty("orderId").GetString()).ToList();
            Assert.Equal(earns.Order(), earned.Order()); // one event per committed award: none missing, none doubled
            Assert.Equal(Members, await check.OutboxEvents.CountAsync(e => e.Type == BusinessEvents.MemberRegistered));
            Assert.Equal(Members, await check.TierHistory.CountAsync(t => t.Change == TierChangeKind.Initial));
        }
        finally
        {
            await first.DisposeAsync();
            database.Dispose();
        }
    }

    private static object Body((string EventId, string Phone, decimal Amount) p) => new
    {
        eventId = p.EventId, type = "purchase", phone = p.Phone, occurredAt = At, channel = "store",
        orderId = "o-" + p.EventId, amount = p.Amount,
    };
}

public sealed class SqliteKillMidLoadTests(ITestOutputHelper output) : KillMidLoadScenarios(output)
{
    protected override Task<Dictionary<string, string>> SettingsAsync() => Task.FromResult(new Dictionary<string, string>());

    protected override LoyaltyDbContext OpenDatabase(LiveApp app, IReadOnlyDictionary<string, string> settings) => app.Database.CreateContext();

    [Fact]
    public Task KilledMidLoad_OnSqlite_LosesAndDoublesNothing() => KilledMidLoad_LosesAndDoublesNothing_OnceTheUnansweredAreResent();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlKillMidLoadTests(PostgresCluster cluster, ITestOutputHelper output) : KillMidLoadScenarios(output)
{
    protected override async Task<Dictionary<string, string>> SettingsAsync() => new()
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:PostgreSql"] = await cluster.CreateDatabaseAsync("killload"),
    };

    protected override LoyaltyDbContext OpenDatabase(LiveApp app, IReadOnlyDictionary<string, string> settings) =>
        new PostgreSqlLoyaltyDbContext(new DbContextOptionsBuilder<PostgreSqlLoyaltyDbContext>().UseNpgsql(settings["ConnectionStrings:PostgreSql"]).Options);

    [PgFact]
    public Task KilledMidLoad_OnPostgreSql_LosesAndDoublesNothing() => KilledMidLoad_LosesAndDoublesNothing_OnceTheUnansweredAreResent();
}
