using ClosedXML.Excel;
using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Members;

public sealed class BulkAdjustmentTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private BulkAdjustmentService Bulk => f.Get<BulkAdjustmentService>();

    private static MemoryStream Sheet(params object[][] rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Adjustments");
        var all = new[] { new object[] { "Phone", "Points", "Reason", "Note" } }.Concat(rows).ToArray();
        for (var r = 0; r < all.Length; r++)
            for (var c = 0; c < all[r].Length; c++)
                sheet.Cell(r + 1, c + 1).Value = all[r][c] switch { int i => i, string s => s, var o => o.ToString() };
        var stream = new MemoryStream();
        workbook.SaveAs(stream);
        stream.Position = 0;
        return stream;
    }

    [Fact]
    public async Task AFileWithOneBadRow_IsRejected_WithEveryBadRowAndItsReason_AndAppliesNothing()
    {
        var a = await f.AddMemberAsync("13800000001");
        await f.AddMemberAsync("13800000002");

        var preview = await Bulk.PreviewAsync(Owner, Sheet(
            ["13800000001", 100, "Goodwill", "a"],
            ["13800000002", -5, "Correction", "more than they have"],
            ["13899999999", 10, "Goodwill", ""],
            ["13800000001", 20, "Nonsense", ""]), "june.xlsx");
        var applied = await Bulk.ApplyAsync(Owner, preview);

        Assert.False(preview.IsValid);
        Assert.Equal([3, 4, 5], preview.BadRows.Select(r => r.RowNumber));
        Assert.All(preview.BadRows, r => Assert.False(string.IsNullOrEmpty(r.Error)));
        Assert.False(applied.Succeeded);
        Assert.Empty(await f.EntriesAsync(a));
    }

    [Fact]
    public async Task NotesAndPhones_WithControlOrBidiCharacters_AreBadRows_WhileEmojiAndChineseAreWelcome()
    {
        var a = await f.AddMemberAsync("13800000001");

        var preview = await Bulk.PreviewAsync(Owner, Sheet(
            ["13800000001", 10, "Goodwill", "生日快乐 🎂"],
            ["13800000001", 10, "Goodwill", "ok\u001b[2J"],
            ["13800000001", 10, "Goodwill", "refund \u202Egpj.exe"],
            ["1380000\t0001", 10, "Goodwill", ""]), "notes.xlsx");

        Assert.False(preview.IsValid);
        Assert.Equal([3, 4, 5], preview.BadRows.Select(r => r.RowNumber));
        Assert.Contains("control characters", preview.BadRows.ElementAt(0).Error);
        Assert.Contains("U+202E", preview.BadRows.ElementAt(1).Error);
        Assert.False((await Bulk.ApplyAsync(Owner, preview)).Succeeded);
        Assert.Empty(await f.EntriesAsync(a));
    }

    [Fact]
    public async Task AGoodFile_IsAppliedWhole_AndCanBeUndoneAsABatch_WithReversingEntries()
    {
        var a = await f.AddMemberAsync("13800000001");
        var b = await f.AddMemberAsync("13800000002");

        var preview = await Bulk.PreviewAsync(Owner, Sheet(
            ["138 0000 0001", 100, "goodwill", ""],
            ["13800000002", 50, "Offline purchase", "till down"],
            ["13800000001", -30, "Correction", ""]), "june.xlsx");
        var applied = await Bulk.ApplyAsync(Owner, preview);

        Assert.True(preview.IsValid);
        Assert.True(applied.Succeeded);
        Assert.Equal((70L, 50L), ((await f.MemberAsync(a)).PointsBalance, (await f.MemberAsync(b)).PointsBalance));
        var batch = Assert.Single(await Bulk.GetBatchesAsync(Owner));

        var undone = await Bulk.UndoAsync(Owner, batch.Id);
        var twice = await Bulk.UndoAsync(Owner, batch.Id);

        Assert.True(undone.Succeeded);
        Assert.False(twice.Succeeded);
        Assert.Equal((0L, 0L), ((await f.MemberAsync(a)).PointsBalance, (await f.MemberAsync(b)).PointsBalance));
        Assert.Equal(2, (await f.EntriesAsync(a)).Count(e => e.Kind == PointsEntryKind.Reverse));
        Assert.All((await f.EntriesAsync(a)).Where(e => e.Kind == PointsEntryKind.Reverse), e => Assert.NotNull(e.ReversesEntryId));
        await f.AssertLedgerConsistentAsync(a);
        await f.AssertLedgerConsistentAsync(b);
    }

    [Fact]
    public async Task AFileThatIsNotAWorkbook_OrHasTheWrongHeader_SaysSo()
    {
        var garbage = await Bulk.PreviewAsync(Owner, new MemoryStream("hello"u8.ToArray()), "x.xlsx");
        using var wrong = new XLWorkbook();
        wrong.AddWorksheet("S").Cell(1, 1).Value = "Mobile";
        var stream = new MemoryStream();
        wrong.SaveAs(stream);
        stream.Position = 0;
        var header = await Bulk.PreviewAsync(Owner, stream, "y.xlsx");

        Assert.NotNull(garbage.FileError);
        Assert.NotNull(header.FileError);
    }

    [Fact]
    public void Template_IsAWorkbookTheImportAccepts()
    {
        using var workbook = new XLWorkbook(new MemoryStream(BulkAdjustmentService.Template()));
        Assert.Equal("Phone", workbook.Worksheet(1).Cell(1, 1).GetString());
    }

    [Fact]
    public async Task StoreManager_CannotBulkAdjust() =>
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Bulk.PreviewAsync(Manager, Sheet(["13800000001", 1, "Goodwill", ""]), "x.xlsx"));
}
