using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LoyaltyAdmin.Data;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>
/// load [--members N] [--events N] [--clients N] [--provider Sqlite|PostgreSql] [--outbox on|off] [--app-log FILE]:
/// starts the built app on 127.0.0.1 with a bootstrap key, on a temp SQLite file or a private PostgreSQL cluster, registers
/// members and posts purchases from concurrent clients (a share of them re-sent duplicates), then checks the ledger in the
/// database: no 5xx, every balance equals its ledger and the expected awards, nothing awarded twice. Prints events/s and
/// latency, and the same write pattern done by hand on the same database engine as the baseline.
/// </summary>
public static class ApiLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var members = BenchmarkArgs.Number(args, "--members", 10_000);
        var events = BenchmarkArgs.Number(args, "--events", 100_000);
        var clients = BenchmarkArgs.Number(args, "--clients", 64);
        var provider = DatabaseProviders.Parse(BenchmarkArgs.Text(args, "--provider"));
        var outboxOption = (BenchmarkArgs.Text(args, "--outbox") ?? "on").ToLowerInvariant();
        if (outboxOption is not ("on" or "off") || provider == DatabaseProvider.SqlServer)
        {
            Console.Error.WriteLine("Options: --provider Sqlite|PostgreSql, --outbox on|off.");
            return 2;
        }
        var outbox = outboxOption == "on";

        var folder = Path.Combine(Path.GetTempPath(), "loyaltyadmin-load", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var key = "load-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        try
        {
            await using var store = await LoadStore.CreateAsync(provider, folder);
            var environment = new Dictionary<string, string>(store.AppEnvironment) { ["Outbox__Enabled"] = outbox ? "true" : "false" };
            using var app = LoadApp.Start(environment, key);
            try
            {
                return await RunAsync(app, store, args, members, events, clients, outbox, key);
            }
            finally
            {
                await LoadApp.StopAsync(app);
            }
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<int> RunAsync(Process app, LoadStore store, string[] args, int members, int events, int clients, bool outbox, string key)
    {
        var baseUri = await LoadApp.WaitForAddressAsync(app, BenchmarkArgs.Text(args, "--app-log"));
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(2),
        };
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        await LoadApp.WaitHealthyAsync(http);
        Console.WriteLine($"App at {baseUri} on {store.Description}; outbox {(outbox ? "on" : "off")}.");
        Console.WriteLine($"{members:N0} members, {events:N0} purchase posts ({LoadClients.DuplicateShare:P0} re-sent), {clients} clients.");

        var phones = LoadClients.Phones(members);
        var registration = await LoadClients.RunAsync(members, clients, async i =>
            await http.PostAsJsonAsync("/api/v1/members", new { requestId = "load-reg-" + i, phone = phones[i], name = "Member " + i, channel = "store" }));
        Console.WriteLine($"Registered {members:N0} members: {registration.PerSecond:N0}/s, p50 {registration.P50:F1} ms, p99 {registration.P99:F1} ms, " +
            $"failures {registration.Failures}   (target: ≥ 1,000/s, {(registration.PerSecond >= 1_000 ? "met" : "not met")})");

        var plan = LoadClients.Plan(members, events, out var unique);
        // Bodies are serialised before the clock starts, as a load tool sends prepared requests: the clients share the
        // machine's two cores with the app, so what they spend is taken from it.
        var bodies = plan.Select(p => JsonSerializer.SerializeToUtf8Bytes(new
        {
            eventId = p.EventId, type = "purchase", phone = phones[p.Member], occurredAt = p.At, channel = "store", orderId = "o-" + p.EventId, amount = p.Amount,
        })).ToArray();
        app.Refresh();
        var appCpuBefore = app.TotalProcessorTime;
        var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var purchases = await LoadClients.RunAsync(events, clients, i =>
        {
            var content = new ByteArrayContent(bodies[i]);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return http.PostAsync("/api/v1/events", content);
        });
        app.Refresh();
        var appCpu = (app.TotalProcessorTime - appCpuBefore).TotalMilliseconds / events;
        var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - clientCpuBefore).TotalMilliseconds / events;
        Console.WriteLine($"Posted {events:N0} purchases: {purchases.PerSecond:N0} events/s, p50 {purchases.P50:F1} ms, p99 {purchases.P99:F1} ms, " +
            $"CPU per event: app {appCpu:F2} ms, load clients {clientCpu:F2} ms");
        Console.WriteLine($"  statuses: {string.Join(", ", purchases.Statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value:N0}"))}");

        var expected = LoadClients.ExpectedAwards(members, plan);
        int problems;
        await using (var db = await store.OpenForChecksAsync())
            problems = await LoadVerify.RunAsync(db, phones, expected, unique, outbox);
        var serverErrors = registration.ServerErrors + purchases.ServerErrors;
        if (serverErrors > 0)
        {
            Console.WriteLine($"  FAIL: {serverErrors} responses were 5xx");
            problems++;
        }

        var (raw, rawCpu) = await store.RawBaselineAsync(members, plan, clients);
        var ratio = purchases.PerSecond / raw;
        Console.WriteLine($"{store.BaselineName}: {raw:N0} events/s, CPU {rawCpu:F2} ms/event");
        Console.WriteLine($"API / raw = {ratio:P0}, {purchases.PerSecond:N0} events/s, p99 {purchases.P99:F1} ms   " +
            $"({store.Targets}: {(store.TargetsMet(purchases, ratio) ? "met" : "not met")})");
        Console.WriteLine(problems == 0
            ? $"Checks passed: no 5xx, balances equal ledgers and expected awards, no duplicate award, {(outbox ? "one outbox event per award" : "no outbox event")}."
            : $"{problems} check(s) FAILED");
        return problems == 0 ? 0 : 1;
    }
}
