using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>
/// Starts the built app on a temp SQLite file on 127.0.0.1 with a bootstrap key, registers members and posts
/// purchases from concurrent clients (a share of them re-sent duplicates), then checks the ledger in the file:
/// no 5xx, every balance equals its ledger and the expected awards, nothing awarded twice. Prints events/s and
/// latency, and the same write pattern done with raw ADO.NET on SQLite as the baseline.
/// </summary>
public static partial class ApiLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var members = BenchmarkArgs.Number(args, "--members", 10_000);
        var events = BenchmarkArgs.Number(args, "--events", 100_000);
        var clients = BenchmarkArgs.Number(args, "--clients", 64);
        const double DuplicateShare = 0.05;

        var folder = Path.Combine(Path.GetTempPath(), "loyaltyadmin-load", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var dbPath = Path.Combine(folder, "load.db");
        var key = "load-" + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
        using var app = StartApp(dbPath, key);
        try
        {
            var baseUri = await WaitForAddressAsync(app, BenchmarkArgs.Text(args, "--app-log"));
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = baseUri, Timeout = TimeSpan.FromMinutes(2),
            };
            http.DefaultRequestHeaders.Add("X-Api-Key", key);
            await WaitHealthyAsync(http);
            Console.WriteLine($"App at {baseUri} on {dbPath}; {members:N0} members, {events:N0} purchase posts ({DuplicateShare:P0} re-sent), {clients} clients.");

            // Registration
            var phones = Enumerable.Range(0, members).Select(i => (13_000_000_000L + i).ToString(CultureInfo.InvariantCulture)).ToArray();
            var registration = await RunAsync(members, clients, async i =>
                await http.PostAsJsonAsync("/api/v1/members", new { requestId = "load-reg-" + i, phone = phones[i], name = "Member " + i, channel = "store" }));
            Console.WriteLine($"Registered {members:N0} members: {registration.PerSecond:N0}/s, p50 {registration.P50:F1} ms, p99 {registration.P99:F1} ms, failures {registration.Failures}");

            // Purchases: unique events, with duplicates of earlier events mixed in after their originals.
            var random = new Random(20261123);
            var now = DateTimeOffset.UtcNow;
            var unique = events - (int)(events * DuplicateShare);
            var plan = new List<Purchase>(events);
            for (var i = 0; i < unique; i++)
                plan.Add(new Purchase("load-e-" + i, random.Next(members), random.Next(100, 50_000) / 100m, now.AddSeconds(-random.Next(3600))));
            for (var d = unique; d < events; d++)
            {
                var original = random.Next(unique);
                plan.Insert(Math.Min(plan.Count, original + 1 + random.Next(2_000)), plan[original]);
            }
            // Bodies are serialised before the clock starts, as a load tool sends prepared requests: the clients share the
            // machine's two cores with the app, so what they spend is taken from it.
            var bodies = plan.Select(p => JsonSerializer.SerializeToUtf8Bytes(new
            {
                eventId = p.EventId, type = "purchase", phone = phones[p.Member], occurredAt = p.At, channel = "store", orderId = "o-" + p.EventId, amount = p.Amount,
            })).ToArray();
            app.Refresh();
            var appCpuBefore = app.TotalProcessorTime;
            var clientCpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var purchases = await RunAsync(events, clients, i =>
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

            var expected = new long[members];
            foreach (var p in plan.DistinctBy(p => p.EventId))
                expected[p.Member] += (long)Math.Floor(p.Amount); // the default programme: 1 point per currency unit, rounded down
            var problems = Verify(dbPath, phones, expected, unique);
            problems += registration.ServerErrors + purchases.ServerErrors;
            if (registration.ServerErrors + purchases.ServerErrors > 0)
                Console.WriteLine($"  FAIL: {registration.ServerErrors + purchases.ServerErrors} responses were 5xx");

            var (raw, rawCpu) = await RawBaselineAsync(Path.Combine(folder, "raw.db"), members, plan, clients);
            Console.WriteLine($"Raw ADO.NET baseline (same writes per event, same clients): {raw:N0} events/s, CPU {rawCpu:F2} ms/event");
            Console.WriteLine($"API / raw = {purchases.PerSecond / raw:P0}   (targets: ≥ 1,500 events/s and ≥ 40% of raw)");
            Console.WriteLine(problems == 0 ? "Checks passed: no 5xx, balances equal ledgers and expected awards, no duplicate award." : $"{problems} check(s) FAILED");
            return problems == 0 ? 0 : 1;
        }
        finally
        {
            if (!app.HasExited)
                app.Kill(entireProcessTree: true);
            await app.WaitForExitAsync();
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private sealed record Purchase(string EventId, int Member, decimal Amount, DateTimeOffset At);

    private sealed record LoadResult(double PerSecond, double P50, double P99, int Failures, int ServerErrors, Dictionary<int, int> Statuses);

    private static async Task<LoadResult> RunAsync(int count, int clients, Func<int, Task<HttpResponseMessage>> send)
    {
        var latencies = new double[count];
        var statuses = new int[600];
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = await send(i);
                    status = (int)response.StatusCode;
                    if (status >= 400)
                        Console.Error.WriteLine($"  {status}: {await response.Content.ReadAsStringAsync()}");
                }
                catch (HttpRequestException)
                {
                    status = 599;
                }
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Interlocked.Increment(ref statuses[status]);
            }
        })));
        clock.Stop();
        Array.Sort(latencies);
        var byStatus = statuses.Select((n, s) => (n, s)).Where(x => x.n > 0).ToDictionary(x => x.s, x => x.n);
        return new LoadResult(count / clock.Elapsed.TotalSeconds, latencies[count / 2], latencies[(int)(count * 0.99)],
            byStatus.Where(s => s.Key >= 300).Sum(s => s.Value), byStatus.Where(s => s.Key >= 500).Sum(s => s.Value), byStatus);
    }

    private static int Verify(string dbPath, string[] phones, long[] expected, int uniqueEvents)
    {
        var problems = 0;
        using var db = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly");
        db.Open();
        var balances = new Dictionary<string, (long Balance, long Ledger)>();
        using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = """
                SELECT m.Phone, m.PointsBalance, COALESCE((SELECT SUM(e.Points) FROM PointsEntries e WHERE e.MemberId = m.Id), 0)
                FROM Members m
                """;
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
                balances[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }
        var wrong = 0;
        for (var i = 0; i < phones.Length; i++)
        {
            if (!balances.TryGetValue(phones[i], out var b) || b.Balance != b.Ledger || b.Balance != expected[i])
            {
                if (wrong++ < 5)
                    Console.WriteLine($"  FAIL: member {phones[i]} balance {b.Balance}, ledger {b.Ledger}, expected {expected[i]}");
            }
        }
        if (wrong > 0)
        {
            Console.WriteLine($"  FAIL: {wrong} member(s) with a wrong balance");
            problems++;
        }
        var duplicates = Scalar(db, "SELECT COUNT(*) FROM (SELECT EventId, RuleId FROM PointsEntries WHERE Kind = 'Earn' GROUP BY EventId, RuleId HAVING COUNT(*) > 1)");
        var processed = Scalar(db, "SELECT COUNT(*) FROM ProcessedEvents WHERE Type = 'Purchase'");
        var orders = Scalar(db, "SELECT COUNT(*) FROM MemberOrders");
        Console.WriteLine($"  ledger: {processed:N0} purchases processed (expected {uniqueEvents:N0}), {orders:N0} orders, {duplicates} duplicate awards, {wrong} wrong balances");
        if (duplicates > 0 || processed != uniqueEvents || orders != uniqueEvents)
            problems++;
        return problems;
    }

    private static long Scalar(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>
    /// Per event, in one IMMEDIATE transaction: look up the event id, read the member, insert the entry, its lot, the
    /// order and the processed-event row, update the member. What the ledger does, minus the rules engine, EF and HTTP.
    /// </summary>
    private static async Task<(double PerSecond, double CpuMsPerEvent)> RawBaselineAsync(string path, int members, List<Purchase> plan, int clients)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30, Pooling = true }.ToString();
        await using (var setup = new SqliteConnection(cs))
        {
            await setup.OpenAsync();
            await using var cmd = setup.CreateCommand();
            cmd.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE Members (Id INTEGER PRIMARY KEY, Phone TEXT NOT NULL UNIQUE, Balance INTEGER NOT NULL, Version INTEGER NOT NULL);
                CREATE TABLE Entries (Id INTEGER PRIMARY KEY, MemberId INTEGER NOT NULL, Points INTEGER NOT NULL, BalanceAfter INTEGER NOT NULL, EventId TEXT, OrderId TEXT, OccurredAt TEXT NOT NULL);
                CREATE INDEX IX_Entries_Member ON Entries (MemberId, Id);
                CREATE TABLE Lots (Id INTEGER PRIMARY KEY, MemberId INTEGER NOT NULL, EntryId INTEGER NOT NULL, Points INTEGER NOT NULL, Remaining INTEGER NOT NULL, EarnedOn TEXT NOT NULL);
                CREATE INDEX IX_Lots_Member ON Lots (MemberId);
                CREATE TABLE Orders (Id INTEGER PRIMARY KEY, MemberId INTEGER NOT NULL, OrderId TEXT NOT NULL, Amount TEXT NOT NULL, Points INTEGER NOT NULL);
                CREATE UNIQUE INDEX IX_Orders ON Orders (MemberId, OrderId);
                CREATE TABLE Processed (Id INTEGER PRIMARY KEY, EventId TEXT NOT NULL UNIQUE, MemberId INTEGER NOT NULL, Points INTEGER NOT NULL, BalanceAfter INTEGER NOT NULL);
                """;
            await cmd.ExecuteNonQueryAsync();
            await using var tx = setup.BeginTransaction();
            await using var insert = setup.CreateCommand();
            insert.CommandText = "INSERT INTO Members (Id, Phone, Balance, Version) VALUES ($id, $phone, 0, 0)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var phone = insert.Parameters.Add("$phone", SqliteType.Text);
            for (var i = 0; i < members; i++)
            {
                id.Value = i + 1;
                phone.Value = (13_000_000_000L + i).ToString(CultureInfo.InvariantCulture);
                await insert.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }

        var next = -1;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        // The same one-writer gate the API uses on SQLite, so both sides queue in memory instead of sleeping on SQLITE_BUSY.
        using var gate = new SemaphoreSlim(1, 1);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < plan.Count)
            {
                var p = plan[i];
                await using var db = new SqliteConnection(cs);
                await db.OpenAsync();
                await gate.WaitAsync();
                try
                {
                    await RawEventAsync(db, p);
                }
                finally
                {
                    gate.Release();
                }
            }
        })));
        clock.Stop();
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / plan.Count;
        return (plan.Count / clock.Elapsed.TotalSeconds, cpu);
    }

    private static async Task RawEventAsync(SqliteConnection db, Purchase p)
    {
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(); // IMMEDIATE, like the ledger's
        if (await ScalarAsync(db, tx, "SELECT COUNT(*) FROM Processed WHERE EventId = $e", ("$e", p.EventId)) > 0)
        {
            await tx.CommitAsync();
            return;
        }
        var memberId = p.Member + 1;
        var balance = await ScalarAsync(db, tx, "SELECT Balance FROM Members WHERE Id = $m", ("$m", memberId));
        var points = (long)Math.Floor(p.Amount);
        var entryId = await ScalarAsync(db, tx,
            "INSERT INTO Entries (MemberId, Points, BalanceAfter, EventId, OrderId, OccurredAt) VALUES ($m, $p, $b, $e, $o, $t) RETURNING Id",
            ("$m", memberId), ("$p", points), ("$b", balance + points), ("$e", p.EventId), ("$o", "o-" + p.EventId), ("$t", p.At.UtcDateTime.ToString("O")));
        await ScalarAsync(db, tx, "INSERT INTO Lots (MemberId, EntryId, Points, Remaining, EarnedOn) VALUES ($m, $x, $p, $p, $d) RETURNING Id",
            ("$m", memberId), ("$x", entryId), ("$p", points), ("$d", p.At.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        await ScalarAsync(db, tx, "INSERT INTO Orders (MemberId, OrderId, Amount, Points) VALUES ($m, $o, $a, $p) RETURNING Id",
            ("$m", memberId), ("$o", "o-" + p.EventId), ("$a", p.Amount.ToString(CultureInfo.InvariantCulture)), ("$p", points));
        await ScalarAsync(db, tx, "UPDATE Members SET Balance = Balance + $p, Version = Version + 1 WHERE Id = $m RETURNING Version", ("$m", memberId), ("$p", points));
        await ScalarAsync(db, tx, "INSERT INTO Processed (EventId, MemberId, Points, BalanceAfter) VALUES ($e, $m, $p, $b) RETURNING Id",
            ("$e", p.EventId), ("$m", memberId), ("$p", points), ("$b", balance + points));
        await tx.CommitAsync();
    }

    private static async Task<long> ScalarAsync(SqliteConnection db, SqliteTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private static Process StartApp(string dbPath, string key)
    {
        // The app's own build output (bin/<Configuration>/<tfm> of LoyaltyAdmin), which has its runtime config and static assets.
        var here = Path.GetDirectoryName(typeof(ApiLoad).Assembly.Location)!;
        var tfm = new DirectoryInfo(here);
        var configuration = tfm.Parent!;
        var repo = configuration.Parent!.Parent!.Parent!;
        var dll = Path.Combine(repo.FullName, "LoyaltyAdmin", "bin", configuration.Name, tfm.Name, "LoyaltyAdmin.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"Build the app first: {dll} does not exist.");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__Sqlite"] = $"Data Source={dbPath}";
        start.Environment["Bootstrap__ApiKey"] = key;
        start.Environment["Bootstrap__StoreCode"] = "LOAD";
        start.Environment["Bootstrap__OwnerEmail"] = "owner@load.local";
        start.Environment["Bootstrap__OwnerPassword"] = "Load-Kettle-123";
        start.Environment["Api__PermitsPerMinute"] = "100000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return Process.Start(start) ?? throw new InvalidOperationException("The app did not start.");
    }

    private static async Task<Uri> WaitForAddressAsync(Process app, string? logPath)
    {
        var errors = app.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (await app.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (RunningAt().Match(line) is { Success: true } m)
            {
                _ = DrainAsync(app.StandardOutput, logPath);
                return new Uri(m.Groups[1].Value);
            }
        }
        throw new InvalidOperationException("The app exited before listening: " + await errors);
    }

    private static async Task DrainAsync(StreamReader reader, string? logPath)
    {
        await using var log = logPath is null ? null : new StreamWriter(logPath);
        while (await reader.ReadLineAsync() is { } line)
        {
            if (log is not null)
                await log.WriteLineAsync(line);
        }
    }

    private static async Task WaitHealthyAsync(HttpClient http)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                if ((await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("The app did not become healthy.");
    }

    [GeneratedRegex(@"(http://[^/\s]+)/Account/Login")]
    private static partial Regex RunningAt();
}
