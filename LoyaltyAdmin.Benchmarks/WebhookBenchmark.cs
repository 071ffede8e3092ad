using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Webhooks;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Localization;
using LoyaltyAdmin.Rules;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>
/// webhooks [--members N] [--backlog N] [--rate N] [--seconds N]: the dispatcher against a local receiver (Kestrel, answering
/// 204) on a temp SQLite file. First a backlog of outbox events is drained: deliveries per second. Then purchases are applied
/// at a steady rate through the ledger while the dispatcher runs in the background: from each purchase's commit to its
/// <c>points.earned</c> delivery arriving, p50 and p99.
/// </summary>
public static class WebhookBenchmark
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public static async Task<int> RunAsync(string[] args)
    {
        var members = BenchmarkArgs.Number(args, "--members", 200);
        var backlog = BenchmarkArgs.Number(args, "--backlog", 5_000);
        var rate = BenchmarkArgs.Number(args, "--rate", 100);
        var seconds = BenchmarkArgs.Number(args, "--seconds", 10);
        var folder = Path.Combine(Path.GetTempPath(), "loyaltyadmin-webhook-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var arrived = new ConcurrentDictionary<string, long>();
        await using var receiver = await StartReceiverAsync(arrived);
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(folder, "webhooks.db")}",
                ["Webhooks:AllowPrivateNetworks"] = "true",
            }).Build();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<IConfiguration>(configuration);
            services.AddSingleton<IHostEnvironment>(new HostingEnvironment { EnvironmentName = "Production", ApplicationName = "LoyaltyAdmin" });
            services.AddLoyaltyData(configuration, folder);
            services.AddLoyaltyIdentity();
            services.AddLoyaltyLocalization();
            services.AddLoyaltyFeatures();
            await using var provider = services.BuildServiceProvider();
            await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync();
            var memberService = provider.GetRequiredService<MemberService>();
            for (var i = 0; i < members; i++)
                await memberService.SaveProfileAsync(StaffActor.System("bench"), new MemberProfileModel { Phone = (13_900_000_000L + i).ToString(CultureInfo.InvariantCulture), Name = "M" + i });
            var factory = provider.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
            long[] ids;
            await using (var db = await factory.CreateDbContextAsync())
                ids = await db.Members.Select(m => m.Id).ToArrayAsync();
            await provider.GetRequiredService<WebhookService>().BootstrapAsync(receiver.Urls.First() + "/hook", Secret);

            // 1. A backlog drained as fast as the dispatcher goes.
            var random = new Random(5);
            // Appended directly, as committed writes would have (the app's contexts write the outbox only inside the pipeline).
            var connection = DataServiceCollectionExtensions.SqliteConnectionString(configuration["ConnectionStrings:Sqlite"]!, folder);
            await using (var db = new SqliteLoyaltyDbContext(new DbContextOptionsBuilder<SqliteLoyaltyDbContext>().UseSqlite(connection).Options))
            {
                var now = DateTime.UtcNow;
                for (var i = 0; i < backlog; i++)
                    db.OutboxEvents.Add(BusinessEvents.Create(BusinessEvents.PointsEarned, ids[random.Next(ids.Length)], new { points = i }, now, now));
                await db.SaveChangesAsync();
            }
            var hosted = ActivatorUtilities.CreateInstance<WebhookBackgroundService>(provider); // alone: the app's other hosted services need a web server
            var drain = Stopwatch.StartNew();
            await hosted.StartAsync(CancellationToken.None);
            while (arrived.Count < backlog && drain.Elapsed < TimeSpan.FromMinutes(2))
                await Task.Delay(20);
            var drained = arrived.Count;
            Console.WriteLine($"backlog: {drained:N0} of {backlog:N0} deliveries in {drain.Elapsed.TotalSeconds:F1} s: {drained / drain.Elapsed.TotalSeconds:N0} deliveries/s");

            // 2. Purchases at a steady rate; commit-to-delivery latency of their points.earned.
            arrived.Clear();
            var committed = new ConcurrentDictionary<string, long>();
            var ledger = provider.GetRequiredService<PointsLedgerService>();
            var total = rate * seconds;
            var start = Stopwatch.GetTimestamp();
            var purchases = Enumerable.Range(0, total).Select(async i =>
            {
                var due = TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.Zero)
                    await Task.Delay(due);
                var order = "o-" + i.ToString(CultureInfo.InvariantCulture);
                var result = await ledger.ApplyActivityAsync(ids[Random.Shared.Next(ids.Length)], "bench-" + i, new LoyaltyAdmin.Rules.Activity
                {
                    Type = ActivityType.Purchase, Amount = 10 + i % 500, OrderId = order, OccurredAt = DateTimeOffset.UtcNow, Channel = Channel.Store,
                });
                if (result.Succeeded)
                    committed[order] = Stopwatch.GetTimestamp();
            }).ToList();
            await Task.WhenAll(purchases);
            var wait = Stopwatch.StartNew();
            while (committed.Keys.Any(o => !arrived.ContainsKey(o)) && wait.Elapsed < TimeSpan.FromSeconds(60))
                await Task.Delay(50);
            var latencies = committed.Where(c => arrived.ContainsKey(c.Key))
                .Select(c => Stopwatch.GetElapsedTime(c.Value, arrived[c.Key]).TotalMilliseconds).Order().ToArray();
            Console.WriteLine($"{committed.Count:N0} purchases at {rate}/s for {seconds} s (achieved {committed.Count / Stopwatch.GetElapsedTime(start).TotalSeconds:N0}/s): " +
                $"{latencies.Length:N0} delivered; commit to delivery p50 {At(latencies, 0.5):F0} ms, p99 {At(latencies, 0.99):F0} ms, max {latencies.LastOrDefault():F0} ms");
            await hosted.StopAsync(CancellationToken.None);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double At(double[] sorted, double share) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * share))];

    /// <summary>Answers 204 at once; remembers when each message arrived, by the purchase's order id or the message id.</summary>
    private static async Task<WebApplication> StartReceiverAsync(ConcurrentDictionary<string, long> arrived)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            var at = Stopwatch.GetTimestamp();
            using var json = await JsonDocument.ParseAsync(request.Body);
            var key = json.RootElement.GetProperty("data").TryGetProperty("orderId", out var order) && order.ValueKind == JsonValueKind.String
                ? order.GetString()! : request.Headers["webhook-id"].ToString();
            arrived.TryAdd(key, at);
            return Results.NoContent();
        });
        await app.StartAsync();
        return app;
    }
}
