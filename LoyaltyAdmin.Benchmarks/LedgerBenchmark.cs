using System.Diagnostics;
using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Localization;
using LoyaltyAdmin.Rules;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>
/// ledger [--members N] [--events N]: the ledger's own cost per purchase, without HTTP: registers members through the
/// members feature on a temp SQLite file, then applies purchases one after another through PointsLedgerService.
/// Prints the mean, p50 and p99, the process CPU and the bytes allocated per purchase.
/// </summary>
public static class LedgerBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var members = BenchmarkArgs.Number(args, "--members", 1_000);
        var events = BenchmarkArgs.Number(args, "--events", 5_000);
        var folder = Path.Combine(Path.GetTempPath(), "loyaltyadmin-ledger-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(folder, "ledger.db")}",
            }).Build();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddLoyaltyData(configuration, folder);
            services.AddLoyaltyIdentity();
            services.AddLoyaltyLocalization();
            services.AddLoyaltyFeatures();
            await using var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync();

            var memberService = provider.GetRequiredService<MemberService>();
            for (var i = 0; i < members; i++)
            {
                var phone = (13_900_000_000L + i).ToString(CultureInfo.InvariantCulture);
                var saved = await memberService.SaveProfileAsync(StaffActor.System("bench"), new MemberProfileModel { Phone = phone, Name = "M" + i });
                if (!saved.Succeeded)
                    throw new InvalidOperationException(string.Join("; ", saved.Errors.Values));
            }
            long[] ids;
            await using (var db = await provider.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync())
                ids = await db.Members.Select(m => m.Id).ToArrayAsync();
            var ledger = provider.GetRequiredService<PointsLedgerService>();
            var random = new Random(11);
            var now = DateTimeOffset.UtcNow;
            var times = new double[events];
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var gcs = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < events; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await ledger.ApplyActivityAsync(ids[random.Next(members)], "bench-" + i, new LoyaltyAdmin.Rules.Activity
                {
                    Type = ActivityType.Purchase, Amount = random.Next(100, 50_000) / 100m, OrderId = "o-" + i, OccurredAt = now.AddSeconds(-random.Next(3600)),
                    Channel = Channel.Store,
                });
                if (!result.Succeeded)
                    throw new InvalidOperationException(result.Error.ToString());
                times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
            var elapsed = clock.Elapsed;
            var cpuPerEvent = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / events;
            Array.Sort(times);
            Console.WriteLine($"allocated {(GC.GetTotalAllocatedBytes(true) - allocated) / events / 1024.0:F0} KB/purchase; GCs {GC.CollectionCount(0) - gcs.Item1}/{GC.CollectionCount(1) - gcs.Item2}/{GC.CollectionCount(2) - gcs.Item3}; server GC {System.Runtime.GCSettings.IsServerGC}");
            Console.WriteLine($"{events:N0} purchases on {members:N0} members, one after another: {events / elapsed.TotalSeconds:N0}/s, mean {times.Average():F2} ms, " +
                $"p50 {times[events / 2]:F2} ms, p99 {times[events * 99 / 100]:F2} ms, CPU {cpuPerEvent:F2} ms/purchase");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
