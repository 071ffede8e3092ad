using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Imports;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Localization;
using LoyaltyAdmin.Rules;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>
/// import [--members N] [--orders N]: the member migration import of a generated CSV of N members (default 100,000; every
/// member with one or two opening lots, every tenth referred by the one before) on a temp SQLite file, through the app's own
/// services and write pipeline: the dry run, the apply, then the same file again (all skipped). With --orders, then N orders
/// of those members. Prints each step's time; the target is under 60 s for 100,000 members.
/// </summary>
public static class ImportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var members = BenchmarkArgs.Number(args, "--members", 100_000);
        var orders = BenchmarkArgs.Number(args, "--orders", 0);
        var folder = Path.Combine(Path.GetTempPath(), "loyaltyadmin-import-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var file = Path.Combine(folder, "import.db");
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
            await provider.GetRequiredService<ProgrammeStore>().SaveVersionAsync(ProgrammeTemplates.TeaShop, DateTime.UtcNow.AddMinutes(-1));
            await using (var db = await provider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync())
            {
                for (var s = 1; s <= 3; s++)
                    db.Stores.Add(new Store { Code = $"S00{s}", Name = $"Store {s}", CreatedAtUtc = DateTime.UtcNow });
                await db.SaveChangesAsync();
            }
            var owner = StaffActor.From(new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.NameIdentifier, "bench"), new Claim(ClaimTypes.Name, "bench"), new Claim(ClaimTypes.Role, Roles.Owner)], "bench")));

            var import = provider.GetRequiredService<MemberImportService>();
            var csv = MembersCsv(members);
            Console.WriteLine($"member file: {members:N0} rows, {csv.Length / 1024.0 / 1024.0:F1} MB");
            var total = Stopwatch.StartNew();
            var step = Stopwatch.StartNew();
            var preview = await import.PreviewAsync(owner, new MemoryStream(csv), "members.csv");
            Console.WriteLine($"dry run: {step.Elapsed.TotalSeconds:F1} s ({preview.Rows.Count:N0} to import, {preview.Problems.Count:N0} bad rows)");
            if (!preview.IsValid)
                return 1;
            step.Restart();
            var outcome = await import.ApplyAsync(owner, preview);
            Console.WriteLine($"apply: {step.Elapsed.TotalSeconds:F1} s ({outcome.Imported:N0} members, {outcome.Points:N0} opening points) {outcome.Error}");
            Console.WriteLine($"member import, dry run + apply: {total.Elapsed.TotalSeconds:F1} s for {members:N0} rows (target < 60 s for 100,000)");
            step.Restart();
            var again = await import.PreviewAsync(owner, new MemoryStream(csv), "members.csv");
            var repeat = await import.ApplyAsync(owner, again);
            Console.WriteLine($"same file again: {step.Elapsed.TotalSeconds:F1} s ({repeat.Imported:N0} imported, {repeat.Skipped:N0} skipped)");

            if (orders > 0)
            {
                var orderImport = provider.GetRequiredService<OrderImportService>();
                step.Restart();
                var orderPreview = await orderImport.PreviewAsync(owner, new MemoryStream(OrdersCsv(orders, members)), "orders.csv");
                var dryRun = step.Elapsed.TotalSeconds;
                step.Restart();
                var written = await orderImport.ApplyAsync(owner, orderPreview);
                Console.WriteLine($"order import: dry run {dryRun:F1} s, apply {step.Elapsed.TotalSeconds:F1} s ({written.Imported:N0} orders) {written.Error}");
            }
            return outcome.Succeeded ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Phone(int i) => (13_600_000_000L + i).ToString(CultureInfo.InvariantCulture);

    private static byte[] MembersCsv(int count)
    {
        string[] tiers = ["regular", "silver", "gold", "diamond"];
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var csv = new StringBuilder("Phone,Name,Birthday,Joined on,Home store,Tier,Tier valid until,Lifetime spend,Growth value,Opening points,Referral code,Referred by (phone)\n");
        for (var i = 0; i < count; i++)
        {
            var lots = i % 2 == 0 ? $"{100 + i % 900}@{today.AddDays(30 + i % 700):yyyy-MM-dd}"
                : $"{50 + i % 400}@{today.AddDays(10 + i % 300):yyyy-MM-dd}; {20 + i % 100}@{today.AddDays(400 + i % 300):yyyy-MM-dd}";
            csv.Append(CultureInfo.InvariantCulture,
                $"{Phone(i)},Member {i},{1960 + i % 45}-{1 + i % 12:D2}-{1 + i % 28:D2},{2018 + i % 7}-{1 + i % 12:D2}-{1 + i % 28:D2},S00{1 + i % 3},{tiers[i % 4]},")
                .Append(CultureInfo.InvariantCulture, $"{today.AddDays(30 + i % 365):yyyy-MM-dd},{i % 20_000}.50,{i % 20_000},\"{lots}\",,")
                .Append(i % 10 == 9 ? Phone(i - 1) : "").Append('\n');
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    private static byte[] OrdersCsv(int count, int members)
    {
        var start = DateTime.UtcNow.Date.AddDays(-700);
        var csv = new StringBuilder("Phone,Order id,Amount,Occurred at,Channel,Store\n");
        for (var i = 0; i < count; i++)
            csv.Append(CultureInfo.InvariantCulture,
                $"{Phone(i % members)},H-{i},{10 + i % 300}.00,{start.AddMinutes(i * 7L % (690 * 24 * 60)):yyyy-MM-dd HH:mm},Store,S00{1 + i % 3}\n");
        return Encoding.UTF8.GetBytes(csv.ToString());
    }
}
