using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>
/// reports [--members N] [--entries N]: fills a temp SQLite file with members and a mixed ledger (purchases with their
/// orders and lots, FIFO redemptions, expiries, adjustments, tier upgrades), rebuilds the rollups, then times every
/// report (p50 of 5 after a warm-up), the monthly Excel pack, hand-written SQL over the raw ledger for the same figures
/// (the baseline), and what the rollups add to one ledger write.
/// </summary>
public static class ReportsBenchmark
{
    private static readonly DateTime Now = new(2026, 11, 15, 4, 0, 0, DateTimeKind.Utc);

    public static async Task<int> RunAsync(string[] args)
    {
        var members = BenchmarkArgs.Number(args, "--members", 200_000);
        var entries = BenchmarkArgs.Number(args, "--entries", 5_000_000);
        var folder = Path.Combine(Path.GetTempPath(), "loyaltyadmin-reports-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "reports.db");
        try
        {
            await using var services = Services(file);
            var dbFactory = services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
            await using (var db = await dbFactory.CreateDbContextAsync())
            {
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
                for (var s = 1; s <= 5; s++)
                    db.Stores.Add(new Store { Code = "S" + s, Name = "Store " + s, CreatedAtUtc = Now });
                await db.SaveChangesAsync();
            }

            var sw = Stopwatch.StartNew();
            var written = Generate(file, members, entries);
            Console.WriteLine($"Generated {members:N0} members, {written.Entries:N0} ledger entries, {written.Orders:N0} orders in {sw.Elapsed.TotalSeconds:F0} s.");
            sw.Restart();
            var (memberMonths, totals) = await services.GetRequiredService<RollupRebuild>().RebuildAsync(new Progress<string>(m => Console.WriteLine($"  {sw.Elapsed.TotalSeconds:F1} s: {m}")));
            Console.WriteLine($"Rebuilt rollups: {memberMonths:N0} member-months, {totals:N0} monthly totals in {sw.Elapsed.TotalSeconds:F0} s.");
            await using (var db = await dbFactory.CreateDbContextAsync())
                await db.Database.ExecuteSqlRawAsync("ANALYZE;");

            var reports = services.GetRequiredService<ReportService>();
            var analyst = StaffActor.From(new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Name, "bench@shop.test"), new Claim(ClaimTypes.Role, Roles.Analyst)], "bench")));
            var last = MonthKey.Add(MonthKey.Of(Now, MerchantClock.FindZone(null)), -1);
            var month = ReportFilter.Month(last);
            var year = new ReportFilter(MonthKey.Add(last, -11), last);
            Console.WriteLine($"Reports as an Analyst (p50 of 5), last month {MonthKey.Format(last)}, year {MonthKey.Format(year.FromMonth)}..{MonthKey.Format(last)}:");
            var rollup = new Dictionary<string, double>
            {
                ["dashboard (month)"] = await P50Async(() => reports.DashboardAsync(analyst, month)),
                ["retention (12 cohorts + MoM)"] = await P50Async(() => reports.RetentionAsync(analyst, year)),
                ["repurchase (12 months)"] = await P50Async(() => reports.RepurchaseAsync(analyst, year)),
                ["points (12 months + expiry)"] = await P50Async(() => reports.PointsAsync(analyst, year)),
                ["tiers (12 months)"] = await P50Async(() => reports.TiersAsync(analyst, year)),
                ["store filter: retention"] = await P50Async(() => reports.RetentionAsync(analyst, year with { StoreId = 2 })),
                ["channel filter: repurchase"] = await P50Async(() => reports.RepurchaseAsync(analyst, year with { Channel = Channel.App })),
            };
            var exporter = services.GetRequiredService<ReportExporter>();
            rollup["Excel monthly pack (month)"] = await P50Async(() => exporter.ExportAsync(analyst, new ExportRequest(null, month), Stream.Null), runs: 3);
            rollup["Excel monthly pack (12 months)"] = await P50Async(() => exporter.ExportAsync(analyst, new ExportRequest(null, year), Stream.Null), runs: 3);
            foreach (var (name, ms) in rollup)
                Console.WriteLine($"  {name,-32} {ms,8:F0} ms");

            Console.WriteLine("Baseline: hand-written SQL over the raw ledger for the same figures (one run each):");
            var baseline = RawSqlBaseline(file, year);
            foreach (var (name, ms) in baseline)
                Console.WriteLine($"  {name,-32} {ms,8:F0} ms  ({ms / rollup[name]:F0}× the rollup report)");

            await LedgerCostAsync(services, members);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static ServiceProvider Services(string file)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sqlite"] = $"Data Source={file}",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLocalization();
        services.AddLoyaltyData(configuration, Path.GetDirectoryName(file)!);
        services.AddSingleton<TimeProvider>(new FixedClock(Now));
        services.AddSingleton<MerchantClock>();
        services.AddMembers();
        services.AddReports();
        return services.BuildServiceProvider();
    }

    /// <summary>What the rollups add to one purchase: the ledger's own write timed whole, and the rollup step alone.</summary>
    private static async Task LedgerCostAsync(ServiceProvider services, int members)
    {
        var ledger = services.GetRequiredService<PointsLedgerService>();
        var dbFactory = services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        var random = new Random(7);
        var whole = new List<double>();
        for (var i = 0; i < 1_000; i++)
        {
            var sw = Stopwatch.StartNew();
            await ledger.ApplyActivityAsync(random.Next(1, members + 1), "bench-" + i,
                new LoyaltyAdmin.Rules.Activity { Type = ActivityType.Purchase, Amount = 88m, OrderId = "bench-" + i, OccurredAt = Now.AddMinutes(-i), Channel = Channel.App });
            whole.Add(sw.Elapsed.TotalMilliseconds);
        }
        var step = new List<double>();
        for (var i = 0; i < 1_000; i++)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await using var tx = await db.Database.BeginTransactionAsync();
            var memberId = (long)random.Next(1, members + 1);
            var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId);
            var sw = Stopwatch.StartNew();
            var deltas = new RollupDeltas(MerchantClock.FindZone(null));
            deltas.Purchase(member, Channel.App, 88m, Now);
            deltas.Points(member, PointsEntryKind.Earn, 88, Now);
            await deltas.WriteAsync(db, CancellationToken.None);
            step.Add(sw.Elapsed.TotalMilliseconds);
            await tx.RollbackAsync();
        }
        whole.Sort();
        step.Sort();
        Console.WriteLine($"Ledger purchase, whole operation: p50 {whole[whole.Count / 2]:F2} ms; of which the rollup step: p50 {step[step.Count / 2]:F3} ms, p99 {step[step.Count * 99 / 100]:F3} ms.");
    }

    private static Dictionary<string, double> RawSqlBaseline(string file, ReportFilter year)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        var zone = MerchantClock.FindZone(null);
        string Utc(int month) => MonthKey.StartUtc(month, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var (from, to, end) = (Utc(year.FromMonth), Utc(year.ToMonth), Utc(MonthKey.Add(year.ToMonth, 1)));
        var prev = Utc(MonthKey.Add(year.ToMonth, -1));
        // Shanghai has no daylight saving: +8 hours turns a UTC timestamp into its merchant month.
        const string LocalMonth = "strftime('%Y%m', {0}, '+8 hours')";
        string M(string column) => string.Format(CultureInfo.InvariantCulture, LocalMonth, column);
        var activity = $"SELECT {M("OccurredAtUtc")} AS m, COUNT(*) AS buyers, SUM(c >= 2) AS repeat FROM (SELECT MemberId, MIN(OccurredAtUtc) AS OccurredAtUtc, COUNT(*) AS c FROM MemberOrders WHERE OccurredAtUtc >= '{{0}}' AND OccurredAtUtc < '{{1}}' GROUP BY MemberId, {M("OccurredAtUtc")}) GROUP BY m";
        return new Dictionary<string, double>
        {
            ["dashboard (month)"] = Time(connection,
                string.Format(CultureInfo.InvariantCulture, activity, prev, end),
                $"SELECT COUNT(*) FROM Members WHERE JoinedAtUtc >= '{prev}' AND JoinedAtUtc < '{end}'",
                $"SELECT Kind, SUM(Points) FROM PointsEntries WHERE OccurredAtUtc >= '{prev}' AND OccurredAtUtc < '{end}' GROUP BY Kind",
                "SELECT SUM(Points) FROM PointsEntries",
                "SELECT TierCode, COUNT(*) FROM Members GROUP BY TierCode"),
            ["retention (12 cohorts + MoM)"] = Time(connection,
                $"SELECT {M("m.JoinedAtUtc")} AS jm, {M("o.OccurredAtUtc")} AS om, COUNT(DISTINCT o.MemberId) FROM MemberOrders o JOIN Members m ON m.Id = o.MemberId WHERE m.JoinedAtUtc >= '{from}' AND m.JoinedAtUtc < '{end}' AND o.OccurredAtUtc < '{end}' GROUP BY jm, om",
                $"SELECT {M("JoinedAtUtc")}, COUNT(*) FROM Members WHERE JoinedAtUtc >= '{from}' AND JoinedAtUtc < '{end}' GROUP BY 1",
                $"WITH a AS (SELECT DISTINCT MemberId, {M("OccurredAtUtc")} AS m FROM MemberOrders WHERE OccurredAtUtc >= '{Utc(MonthKey.Add(year.FromMonth, -1))}' AND OccurredAtUtc < '{end}') SELECT x.m, COUNT(*) FROM a x JOIN a y ON y.MemberId = x.MemberId AND y.m = CAST(strftime('%Y%m', date(substr(x.m, 1, 4) || '-' || substr(x.m, 5, 2) || '-01', '-1 month')) AS TEXT) GROUP BY x.m"),
            ["repurchase (12 months)"] = Time(connection,
                string.Format(CultureInfo.InvariantCulture, activity, from, end),
                $"SELECT m.TierCode, COUNT(*), SUM(c >= 2) FROM (SELECT MemberId, COUNT(*) AS c FROM MemberOrders WHERE OccurredAtUtc >= '{from}' AND OccurredAtUtc < '{end}' GROUP BY MemberId, {M("OccurredAtUtc")}) x JOIN Members m ON m.Id = x.MemberId GROUP BY m.TierCode",
                $"WITH o AS (SELECT MemberId, Channel, {M("OccurredAtUtc")} AS m FROM MemberOrders WHERE OccurredAtUtc >= '{from}' AND OccurredAtUtc < '{end}'), " +
                "mm AS (SELECT MemberId, m, COUNT(*) AS c FROM o GROUP BY MemberId, m), ch AS (SELECT DISTINCT MemberId, m, Channel FROM o) " +
                "SELECT ch.Channel, COUNT(*), SUM(mm.c >= 2) FROM ch JOIN mm ON mm.MemberId = ch.MemberId AND mm.m = ch.m GROUP BY ch.Channel"),
            ["points (12 months + expiry)"] = Time(connection,
                $"SELECT {M("OccurredAtUtc")}, Kind, SUM(Points) FROM PointsEntries WHERE OccurredAtUtc >= '{from}' AND OccurredAtUtc < '{end}' GROUP BY 1, 2",
                $"SELECT SUM(Points) FROM PointsEntries WHERE OccurredAtUtc < '{from}'",
                "SELECT substr(ExpiresOn, 1, 7), SUM(Remaining) FROM PointLots WHERE Remaining > 0 AND ExpiresOn >= '2026-11-01' AND ExpiresOn < '2027-11-01' GROUP BY 1"),
            ["tiers (12 months)"] = Time(connection,
                "SELECT TierCode, COUNT(*) FROM Members GROUP BY TierCode",
                $"SELECT {M("OccurredAtUtc")}, Change, COUNT(*) FROM TierHistory WHERE OccurredAtUtc >= '{from}' AND OccurredAtUtc < '{end}' AND Change <> 'Initial' GROUP BY 1, 2"),
        };
    }

    private static double Time(SqliteConnection connection, params string[] queries)
    {
        // One run: at full scale each takes seconds to minutes, and the page cache is warm from the rollup runs anyway.
        var sw = Stopwatch.StartNew();
        foreach (var sql in queries)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.CommandTimeout = 1800;
            using var reader = command.ExecuteReader();
            while (reader.Read()) { }
        }
        return sw.Elapsed.TotalMilliseconds;
    }

    private static async Task<double> P50Async(Func<Task> action, int runs = 5)
    {
        await action();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var sw = Stopwatch.StartNew();
            await action();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times[times.Count / 2];
    }

    private sealed record Lot(long EntryId, long Points, DateOnly EarnedOn)
    {
        public long Remaining { get; set; } = Points;
    }

    /// <summary>Raw prepared inserts in large transactions (millions of rows); balances and lots stay consistent per member.</summary>
    private static (long Entries, long Orders) Generate(string file, int members, int entries)
    {
        // A member's row goes in after its ledger (its balance is the sum); the set is complete when each batch commits.
        using var connection = new SqliteConnection($"Data Source={file};Foreign Keys=False");
        connection.Open();
        var random = new Random(20261115);
        var zone = MerchantClock.FindZone(null);
        var perMember = Math.Max(1, entries / members);
        long entryId = 0, orderId = 0, orders = 0;
        const int Batch = 5_000;
        for (var first = 1; first <= members; first += Batch)
        {
            using var tx = connection.BeginTransaction();
            var member = Prepare(connection, tx, "INSERT INTO Members (Id, Phone, Name, JoinedAtUtc, JoinChannel, HomeStoreId, ReferralCode, Status, TierCode, TierSince, PointsBalance, PendingPoints, GrowthValue, LifetimeSpend, ActiveDays, SuccessfulReferrals, StreakLength, LastActivityUtc, Version) VALUES ($id, $phone, $name, $joined, $channel, $store, $code, 'Active', $tier, $since, $balance, 0, 0, $spend, 1, 0, 0, $last, 1)");
            var entry = Prepare(connection, tx, "INSERT INTO PointsEntries (Id, MemberId, Kind, Source, Points, BalanceAfter, OccurredAtUtc, RecordedAtUtc, Shortfall, OrderId) VALUES ($id, $member, $kind, $source, $points, $after, $at, $at, 0, $order)");
            var order = Prepare(connection, tx, "INSERT INTO MemberOrders (Id, MemberId, OrderId, Amount, RefundedAmount, Points, Growth, OccurredAtUtc, Channel) VALUES ($id, $member, $order, $amount, '0.0', $points, 0, $at, $channel)");
            var lot = Prepare(connection, tx, "INSERT INTO PointLots (MemberId, EntryId, Points, Remaining, EarnedOn, ExpiresOn, AvailableFrom, IsPending, OrderId) VALUES ($member, $entry, $points, $remaining, $earned, $expires, $earned, 0, NULL)");
            var tier = Prepare(connection, tx, "INSERT INTO TierHistory (MemberId, FromTier, ToTier, Change, Reason, OccurredAtUtc) VALUES ($member, $from, $to, 'Upgrade', 'Spend', $at)");
            for (var id = first; id < Math.Min(members + 1, first + Batch); id++)
            {
                var joined = Now.AddMinutes(-random.Next(1, 24 * 30 * 24 * 60));
                var count = random.Next(perMember / 5, perMember * 9 / 5 + 1);
                var times = Enumerable.Range(0, count).Select(_ => joined.AddMinutes(random.NextDouble() * (Now - joined).TotalMinutes)).Order().ToArray();
                var lots = new List<Lot>();
                long balance = 0;
                decimal spend = 0;
                var tierCode = "regular";
                foreach (var at in times)
                {
                    var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(at, zone));
                    var roll = random.NextDouble();
                    var expiring = lots.Where(l => l.Remaining > 0 && l.EarnedOn.AddMonths(12) <= day).ToList();
                    if (roll < 0.05 && expiring.Count > 0)
                    {
                        var points = expiring.Sum(l => l.Remaining);
                        expiring.ForEach(l => l.Remaining = 0);
                        balance -= points;
                        Exec(entry, ++entryId, id, "Expire", "Job", -points, balance, Text(at), null);
                    }
                    else if (roll < 0.17 && balance > 0)
                    {
                        var points = Math.Min(balance, random.Next(50, 500));
                        Take(lots, points);
                        balance -= points;
                        Exec(entry, ++entryId, id, "Redeem", "Operator", -points, balance, Text(at), null);
                    }
                    else if (roll < 0.20)
                    {
                        var points = random.Next(1, 100);
                        balance += points;
                        Exec(entry, ++entryId, id, "Adjust", "Operator", points, balance, Text(at), null);
                        lots.Add(new Lot(entryId, points, day));
                    }
                    else
                    {
                        var amount = random.Next(1_000, 30_000) / 100m;
                        var points = (long)amount;
                        var orderCode = "O" + (++orderId).ToString(CultureInfo.InvariantCulture);
                        balance += points;
                        spend += amount;
                        Exec(entry, ++entryId, id, "Earn", "Order", points, balance, Text(at), orderCode);
                        Exec(order, orderId, id, orderCode, amount.ToString(CultureInfo.InvariantCulture), points, Text(at), ((Channel)random.Next(3)).ToString());
                        orders++;
                        lots.Add(new Lot(entryId, points, day));
                        var reached = spend >= 1000 ? "gold" : spend >= 200 ? "silver" : "regular";
                        if (reached != tierCode)
                        {
                            Exec(tier, id, tierCode, reached, Text(at));
                            tierCode = reached;
                        }
                    }
                }
                int? store = random.Next(10) == 0 ? null : random.Next(1, 6);
                Exec(member, id, (13_000_000_000L + id).ToString(CultureInfo.InvariantCulture), "Member " + id, Text(joined), ((Channel)random.Next(3)).ToString(),
                    store, "B" + id.ToString("X7", CultureInfo.InvariantCulture), tierCode, DateOnly.FromDateTime(joined).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    balance, spend.ToString(CultureInfo.InvariantCulture), Text(times.Length > 0 ? times[^1] : joined));
                foreach (var l in lots)
                    Exec(lot, id, l.EntryId, l.Points, l.Remaining, l.EarnedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        l.EarnedOn.AddMonths(12).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            tx.Commit();
            if (first % 50_000 == 1)
                Console.WriteLine($"  {Math.Min(members, first + Batch - 1):N0} members, {entryId:N0} entries");
        }
        return (entryId, orders);
    }

    private static void Take(List<Lot> lots, long points)
    {
        foreach (var l in lots.Where(l => l.Remaining > 0))
        {
            var take = Math.Min(l.Remaining, points);
            l.Remaining -= take;
            points -= take;
            if (points == 0)
                return;
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(sql, @"\$\w+"))
        {
            if (!command.Parameters.Contains(m.Value))
                command.Parameters.Add(new SqliteParameter(m.Value, null));
        }
        command.Prepare();
        return command;
    }

    private static void Exec(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    private static string Text(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private sealed class FixedClock(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
    }
}
