using System.Globalization;
using ClosedXML.Excel;
using LoyaltyAdmin.Features.Imports;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using static LoyaltyAdmin.Tests.Features.Imports.ImportFiles;

namespace LoyaltyAdmin.Tests.Features.Imports;

public sealed class MemberImportTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();

    private MemberImportService Import => f.Get<MemberImportService>();

    public async Task InitializeAsync()
    {
        await f.ManagerStoreAsync(); // store S001
        await f.UseProgrammeAsync(LoyaltyAdmin.Rules.ProgrammeTemplates.TeaShop); // regular, silver, gold
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task DryRun_ListsEveryBadRowWithItsReason_AndWritesNothing()
    {
        var preview = await Import.PreviewAsync(MembersFixture.Owner, ImportFiles.Members(
            Member(1),
            Member(1).Replace("Member 1", "Twin"),                                   // row 3: same phone as row 2
            Member(2).Replace(",S001,", ",S999,"),                                   // row 4
            Member(3).Replace(",gold,", ",platinum,"),                                // row 5
            Member(4).Replace("2021-03-15", "15/03/2021"),                           // row 6
            Member(5, lots: "500@2025-01-31"),                                       // row 7: expired on 2026-03-10
            Member(6).Replace("13800000006", "12345"),                               // row 8
            Member(7, referredBy: "13900000000"),                                    // row 9: referrer nowhere
            Member(8).Replace("2027-03-31", "2026-01-31")), "members.csv");          // row 10: tier already ended

        Assert.False(preview.IsValid);
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10], preview.Problems.Select(p => p.RowNumber));
        Assert.Contains("row 2", Reasons(preview, 3));
        Assert.Contains("No store \"S999\"", Reasons(preview, 4));
        Assert.Contains("No tier \"platinum\"", Reasons(preview, 5));
        Assert.Contains("not a date", Reasons(preview, 6));
        Assert.Contains("already expired", Reasons(preview, 7));
        Assert.Contains("not a phone number", Reasons(preview, 8));
        Assert.Contains("13900000000", Reasons(preview, 9));
        Assert.Contains("already ended", Reasons(preview, 10));
        var outcome = await Import.ApplyAsync(MembersFixture.Owner, preview);
        Assert.False(outcome.Succeeded);
        await using var db = f.NewContext();
        Assert.Equal(0, await db.Members.CountAsync());
    }

    [Fact]
    public async Task Apply_WritesEachMemberAsGiven_WithOpeningLotsOfTheMigrationKind_AndOneAuditRow()
    {
        var preview = await Import.PreviewAsync(MembersFixture.Owner, ImportFiles.Members(Member(1), Member(2, lots: "80", referredBy: "13800000001")), "members.csv");
        Assert.True(preview.IsValid, string.Join(" | ", preview.Problems.SelectMany(p => p.Reasons)));

        var progress = new List<ImportProgress>();
        var outcome = await Import.ApplyAsync(MembersFixture.Owner, preview, new SyncProgress(progress.Add));

        Assert.Equal((2, 0, 700L), (outcome.Imported, outcome.Skipped, outcome.Points));
        Assert.Equal(new ImportProgress(2, 2), progress.Last());
        await using var db = f.NewContext();
        var first = await db.Members.SingleAsync(m => m.Phone == "13800000001");
        Assert.Equal(("Member 1", new DateOnly(1990, 5, 20), "gold", new DateOnly(2027, 3, 31), 3280.50m, 3280L, 620L),
            (first.Name, first.Birthday, first.TierCode, first.TierValidUntil, first.LifetimeSpend, first.GrowthValue, first.PointsBalance));
        var zone = (await f.Get<LoyaltyAdmin.Features.Settings.MerchantClock>().GetAsync()).TimeZone;
        Assert.Equal(new DateOnly(2021, 3, 15), DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(first.JoinedAtUtc, zone)));
        Assert.Equal(1, first.HomeStoreId);
        Assert.All(await f.EntriesAsync(first.Id), e => Assert.Equal(PointsEntryKind.Migration, e.Kind));
        Assert.Equal([new DateOnly(2027, 6, 30), new DateOnly(2027, 12, 31)], (await f.LotsAsync(first.Id)).Select(l => l.ExpiresOn!.Value));
        await f.AssertLedgerConsistentAsync(first.Id);
        var history = await db.TierHistory.SingleAsync(h => h.MemberId == first.Id);
        Assert.Equal("Imported from the previous system", f.ReasonOf(history));

        var second = await db.Members.SingleAsync(m => m.Phone == "13800000002");
        Assert.Equal(first.Id, second.ReferredByMemberId);
        Assert.Null((await f.LotsAsync(second.Id)).Single().ExpiresOn);
        Assert.NotEqual(first.ReferralCode, second.ReferralCode);

        var audit = await db.AuditLog.SingleAsync(a => a.Action == "members.imported");
        Assert.Contains("\"Imported\":2", audit.After);
        Assert.Contains("\"Points\":700", audit.After);
    }

    [Fact]
    public async Task TheSameFileImportedAgain_ChangesNothing_AndCountsTheSkippedMembers()
    {
        await Import.ApplyAsync(MembersFixture.Owner, await Import.PreviewAsync(MembersFixture.Owner, ImportFiles.Members(Member(1), Member(2)), "members.csv"));
        await using var db = f.NewContext();
        var before = (await db.Members.CountAsync(), await db.PointsEntries.CountAsync(), await db.PointLots.CountAsync(), await db.TierHistory.CountAsync());

        var again = await Import.PreviewAsync(MembersFixture.Owner, ImportFiles.Members(Member(1), Member(2)), "members.csv");
        Assert.True(again.IsValid);
        Assert.Equal((0, 2), (again.Rows.Count, again.Skipped));
        var outcome = await Import.ApplyAsync(MembersFixture.Owner, again);

        Assert.Equal((0, 2), (outcome.Imported, outcome.Skipped));
        Assert.Equal(before, (await db.Members.CountAsync(), await db.PointsEntries.CountAsync(), await db.PointLots.CountAsync(), await db.TierHistory.CountAsync()));
    }

    [Fact]
    public async Task AReferralCodeTakenAfterTheDryRun_RefusesTheWholeFile()
    {
        var preview = await Import.PreviewAsync(MembersFixture.Owner, ImportFiles.Members(Member(1), Member(2).Replace(",,", ",R0000099,")), "members.csv");
        Assert.True(preview.IsValid);
        await f.AddMemberAsync("13900000099"); // its code is R0000099

        var outcome = await Import.ApplyAsync(MembersFixture.Owner, preview);

        Assert.False(outcome.Succeeded);
        await using var db = f.NewContext();
        Assert.Equal(1, await db.Members.CountAsync());
        Assert.Equal(0, await db.PointsEntries.CountAsync());
    }

    [Fact]
    public async Task OpeningPoints_AreExplainedInTheReadersLanguage()
    {
        await Import.ApplyAsync(MembersFixture.Owner, await Import.PreviewAsync(MembersFixture.Owner, ImportFiles.Members(Member(1, lots: "500@2027-06-30")), "members.csv"));
        await using var db = f.NewContext();
        var entry = await db.PointsEntries.SingleAsync();
        var l = f.Get<IStringLocalizer<MembersText>>();

        Assert.Equal("Opening balance brought from the previous system, valid until 2027-06-30", In("en", () => LedgerExplanation.Render(entry.ExplanationData, null, l)));
        Assert.Equal("从原系统迁移的期初积分，有效期至 2027-06-30", In("zh-Hans", () => LedgerExplanation.Render(entry.ExplanationData, null, l)));
    }

    [Fact]
    public async Task TheTemplate_SpeaksTheViewersLanguage_AndItsExampleRowPassesTheDryRun()
    {
        var english = In("en", () => Import.Template());
        var chinese = In("zh-Hans", () => Import.Template());

        using (var book = new XLWorkbook(new MemoryStream(chinese)))
        {
            Assert.Equal("手机号", book.Worksheet(1).Cell(1, 1).GetString());
            Assert.Equal("期初积分", book.Worksheet(1).Cell(1, 10).GetString());
        }
        using (var book = new XLWorkbook(new MemoryStream(english)))
            Assert.Equal("Phone", book.Worksheet(1).Cell(1, 1).GetString());
        // A Chinese template filled in and uploaded by someone reading English is read all the same.
        var preview = await In("en", () => Import.PreviewAsync(MembersFixture.Owner, new MemoryStream(chinese), "模板.xlsx"));
        Assert.True(preview.IsValid, preview.FileError + string.Join(" | ", preview.Problems.SelectMany(p => p.Reasons)));
        Assert.Equal(620, preview.Rows.Single().Lots.Sum(l => l.Points));
    }

    [Fact]
    public async Task OnlyTheOwner_MayImport()
    {
        await Assert.ThrowsAnyAsync<Exception>(() => Import.PreviewAsync(MembersFixture.Manager, ImportFiles.Members(Member(1)), "members.csv"));
        await Assert.ThrowsAnyAsync<Exception>(() => Import.PreviewAsync(MembersFixture.Analyst, ImportFiles.Members(Member(1)), "members.csv"));
    }

    internal static T In<T>(string culture, Func<T> read)
    {
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return read();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    /// <summary>Reports at once, on the writer's thread (Progress&lt;T&gt; would post them later).</summary>
    internal sealed class SyncProgress(Action<ImportProgress> report) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => report(value);
    }
}
