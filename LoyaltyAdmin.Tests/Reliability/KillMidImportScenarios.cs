using ClosedXML.Excel;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace LoyaltyAdmin.Tests.Reliability;

/// <summary>
/// An owner applies a large bulk adjustment in the browser and the app process is killed while the batch is being
/// written (no shutdown, as in a power cut). After a restart the batch is either wholly there or not at all — here
/// not at all, since it never committed — every balance is still the sum of its ledger, and the same file applies
/// cleanly afterwards. Run on each provider by the concrete classes below.
/// </summary>
public abstract class KillMidImportScenarios(ITestOutputHelper output)
{
    private const int Rows = 1_500;
    private const int PointsPerRow = 10;

    /// <summary>Configuration for the app instances (empty: a temp SQLite file).</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> SettingsAsync();

    protected abstract LoyaltyDbContext OpenDatabase(LiveApp app, IReadOnlyDictionary<string, string> settings);

    protected async Task KilledMidImport_WritesNothing_AndTheFileAppliesAfterRestart()
    {
        var settings = await SettingsAsync();
        var first = await LiveApp.StartAsync(settings: settings);
        TempDatabase database = first.Database;
        try
        {
            await InsertMembersAsync(first, settings);
            var file = Path.Combine(database.Folder, "points-gift.xlsx");
            WriteSheet(file);

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await BrowserFixture.LaunchAsync(playwright);
            var page = await BrowserFixture.NewPageAsync(browser);
            await page.SignInAsOwnerAsync(first);
            await page.OpenAsync(first, "/members/bulk");
            await page.ChooseFileAsync(file);
            try
            {
                await page.GetByTestId("bulk-apply").WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
            }
            catch (TimeoutException)
            {
                throw new Xunit.Sdk.XunitException("The preview never offered Apply. App errors:\n" + string.Join("\n", first.ErrorsSince(0)) +
                                                   "\nPage: " + await page.Locator("body").InnerTextAsync());
            }
            var mark = first.OutputLineCount;
            await page.GetByTestId("bulk-apply").ClickAsync();
            await first.WaitForOutputAsync(new System.Text.RegularExpressions.Regex("Applying bulk adjustment points-gift.xlsx"), TimeSpan.FromSeconds(30));
            await Task.Delay(300); // into the batch: 1,500 rows, each with its lock, lots and audit, take seconds
            var finishedBeforeKill = first.Output.Contains("Bulk adjustment points-gift.xlsx", StringComparison.Ordinal);
            await first.KillAsync();
            Assert.False(finishedBeforeKill, "The batch finished before the kill: the scenario needs a larger file.");
            output.WriteLine($"Killed the app 0.3 s into applying {Rows} rows ({first.OutputLineCount - mark} log lines since the click).");

            await using var restarted = await LiveApp.StartAsync(settings: settings, database: database);
            await using (var db = OpenDatabase(restarted, settings))
            {
                Assert.Equal(0, await db.AdjustmentBatches.CountAsync());
                Assert.Equal(0, await db.PointsEntries.CountAsync());
                Assert.Equal(0, await db.Members.SumAsync(m => m.PointsBalance));
                Assert.Equal(0, await db.PointLots.CountAsync());
            }

            // The restarted app takes the same file and applies all of it.
            var again = await BrowserFixture.NewPageAsync(browser);
            await again.SignInAsOwnerAsync(restarted);
            await again.OpenAsync(restarted, "/members/bulk");
            await again.ChooseFileAsync(file);
            await again.GetByTestId("bulk-apply").ClickAsync(new LocatorClickOptions { Timeout = 120_000 });
            await restarted.WaitForOutputAsync(new System.Text.RegularExpressions.Regex("Bulk adjustment points-gift.xlsx: applied"), TimeSpan.FromMinutes(3));
            await using (var db = OpenDatabase(restarted, settings))
            {
                Assert.Equal(1, await db.AdjustmentBatches.CountAsync());
                Assert.Equal(Rows, await db.PointsEntries.CountAsync(e => e.Kind == PointsEntryKind.Adjust));
                Assert.Equal((long)Rows * PointsPerRow, await db.Members.SumAsync(m => m.PointsBalance));
                Assert.Equal(0, await db.Members.CountAsync(m => m.PointsBalance != PointsPerRow));
            }
        }
        finally
        {
            await first.DisposeAsync();
            database.Dispose();
        }
    }

    private async Task InsertMembersAsync(LiveApp app, IReadOnlyDictionary<string, string> settings)
    {
        await using var db = OpenDatabase(app, settings);
        var joined = DateTime.UtcNow.AddDays(-30);
        db.Members.AddRange(Enumerable.Range(0, Rows).Select(i => new Member
        {
            Phone = Phone(i), Name = $"Member {i}", JoinedAtUtc = joined, JoinChannel = Channel.Store, ReferralCode = $"K{i:D7}",
            TierCode = "regular", TierSince = DateOnly.FromDateTime(joined),
        }));
        await db.SaveChangesAsync();
    }

    private static void WriteSheet(string path)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Adjustments");
        string[] header = ["Phone", "Points", "Reason", "Note"];
        for (var c = 0; c < header.Length; c++)
            sheet.Cell(1, c + 1).Value = header[c];
        for (var i = 0; i < Rows; i++)
        {
            sheet.Cell(i + 2, 1).Value = Phone(i);
            sheet.Cell(i + 2, 2).Value = PointsPerRow;
            sheet.Cell(i + 2, 3).Value = nameof(AdjustmentReason.Goodwill);
            sheet.Cell(i + 2, 4).Value = "Anniversary gift";
        }
        workbook.SaveAs(path);
    }

    private static string Phone(int i) => $"139{i:D8}";
}

[Collection(BrowserCollection.Name)]
public sealed class SqliteKillMidImportTests(ITestOutputHelper output) : KillMidImportScenarios(output)
{
    protected override Task<IReadOnlyDictionary<string, string>> SettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>());

    protected override LoyaltyDbContext OpenDatabase(LiveApp app, IReadOnlyDictionary<string, string> settings) => app.Database.CreateContext();

    [E2EFact]
    public Task KilledMidImport_OnSqlite_WritesNothing_AndTheFileAppliesAfterRestart() => KilledMidImport_WritesNothing_AndTheFileAppliesAfterRestart();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlKillMidImportTests(PostgresCluster cluster, ITestOutputHelper output) : KillMidImportScenarios(output)
{
    protected override async Task<IReadOnlyDictionary<string, string>> SettingsAsync() => new Dictionary<string, string>
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:PostgreSql"] = await cluster.CreateDatabaseAsync("killimport"),
    };

    protected override LoyaltyDbContext OpenDatabase(LiveApp app, IReadOnlyDictionary<string, string> settings) =>
        new PostgreSqlLoyaltyDbContext(new DbContextOptionsBuilder<PostgreSqlLoyaltyDbContext>().UseNpgsql(settings["ConnectionStrings:PostgreSql"]).Options);

    [PgE2EFact]
    public Task KilledMidImport_OnPostgreSql_WritesNothing_AndTheFileAppliesAfterRestart() => KilledMidImport_WritesNothing_AndTheFileAppliesAfterRestart();
}
