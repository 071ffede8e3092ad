using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Tiers;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Localization;
using LoyaltyAdmin.Rules;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>
/// tiers [--members N]: the save dialog's tier dry run on a temp SQLite file of N members (default 1,000,000) with real
/// figures (lifetime spend, growth, active days, referrals, and one order in the rolling window for every third member),
/// after lowering Silver's entry and raising Gold's retention of the tea-shop programme. Prints the time it takes, twice
/// (cold, then with the file in the page cache), and how many members would move.
/// </summary>
public static class TierDryRunBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var members = BenchmarkArgs.Number(args, "--members", 1_000_000);
        var folder = Path.Combine(Path.GetTempPath(), "loyaltyadmin-tiers-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "tiers.db");
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Sqlite"] = $"Data Source={file}",
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
            var store = provider.GetRequiredService<ProgrammeStore>();
            await store.SaveVersionAsync(ProgrammeTemplates.TeaShop, DateTime.UtcNow.AddMinutes(-1));

            var seeding = Stopwatch.StartNew();
            await SeedAsync(DataServiceCollectionExtensions.SqliteConnectionString($"Data Source={file}", folder), members);
            Console.WriteLine($"seeded {members:N0} members in {seeding.Elapsed.TotalSeconds:F0} s");

            var owner = StaffActor.From(new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Name, "bench"), new Claim(ClaimTypes.Role, Roles.Owner)], "bench")));
            var draft = ProgrammeTemplates.TeaShop with
            {
                Tiers = [.. ProgrammeTemplates.TeaShop.Tiers.Select(t => t.Code switch
                {
                    "silver" => t with { Entry = [TierCondition.Spend(150m), TierCondition.ActiveDays(10)] },
                    "gold" => t with { Retention = [TierCondition.Spend(800m, SpendWindow.Rolling)] },
                    _ => t,
                })],
            };
            var dryRuns = provider.GetRequiredService<TierDryRunService>();
            foreach (var pass in new[] { "cold", "warm" })
            {
                var run = await dryRuns.RunAsync(owner, draft) ?? throw new InvalidOperationException("The draft changes no tier condition.");
                Console.WriteLine($"dry run ({pass}) over {run.Members:N0} members: {run.Took.TotalSeconds:F2} s; {run.MoveUp:N0} up, {run.MoveDown:N0} down");
            }
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    // Test data written straight to the file in large transactions (not a ledger write: the dry run only reads).
    private static async Task SeedAsync(string connection, int members)
    {
        var options = new DbContextOptionsBuilder<SqliteLoyaltyDbContext>().UseSqlite(connection).Options;
        var random = new Random(7);
        var now = DateTime.UtcNow;
        const int Batch = 20_000;
        for (var start = 0; start < members; start += Batch)
        {
            await using var db = new SqliteLoyaltyDbContext(options);
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            var batch = new List<Member>(Batch);
            for (var i = start; i < Math.Min(members, start + Batch); i++)
            {
                var spend = random.Next(0, 300_000) / 100m;
                batch.Add(new Member
                {
                    Phone = (13_900_000_000L + i).ToString(CultureInfo.InvariantCulture), Name = "M" + i, ReferralCode = "B" + i.ToString("D9", CultureInfo.InvariantCulture),
                    JoinedAtUtc = now.AddDays(-400), TierSince = DateOnly.FromDateTime(now.AddDays(-100)), TierValidUntil = DateOnly.FromDateTime(now.AddDays(265)),
                    TierCode = spend >= 1000m ? "gold" : spend >= 200m ? "silver" : "regular", LifetimeSpend = spend, GrowthValue = (long)spend,
                    ActiveDays = random.Next(0, 30), SuccessfulReferrals = random.Next(0, 4),
                });
            }
            db.Members.AddRange(batch);
            await db.SaveChangesAsync();
            db.MemberOrders.AddRange(batch.Where(m => m.Id % 3 == 0).Select(m => new MemberOrder
            {
                MemberId = m.Id, OrderId = "B-" + m.Id.ToString(CultureInfo.InvariantCulture), Amount = Math.Min(m.LifetimeSpend, random.Next(300, 900)),
                OccurredAtUtc = now.AddDays(-random.Next(1, 300)), Channel = Channel.Store,
            }));
            await db.SaveChangesAsync();
        }
    }
}
