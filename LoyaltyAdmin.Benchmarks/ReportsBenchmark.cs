using System.Diagnostics;
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
            var written = ReportsData.Generate(file, members, entries, Now);
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
            var baseline = ReportsRawSql.Run(file, year);
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

    private sealed class FixedClock(DateTime utc) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(utc, TimeSpan.Zero);
    }
}
