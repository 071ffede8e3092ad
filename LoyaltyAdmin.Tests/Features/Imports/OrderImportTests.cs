using LoyaltyAdmin.Features.Imports;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Imports.ImportFiles;

namespace LoyaltyAdmin.Tests.Features.Imports;

public sealed class OrderImportTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();

    private OrderImportService Import => f.Get<OrderImportService>();

    public async Task InitializeAsync()
    {
        await f.ManagerStoreAsync(); // store S001
        await f.UseProgrammeAsync(LoyaltyAdmin.Rules.ProgrammeTemplates.TeaShop);
        var members = f.Get<MemberImportService>();
        // Member 1 without a lifetime spend of its own; member 2 with the old system's total.
        var preview = await members.PreviewAsync(MembersFixture.Owner, ImportFiles.Members(Member(1).Replace("3280.50", ""), Member(2)), "members.csv");
        Assert.True((await members.ApplyAsync(MembersFixture.Owner, preview)).Succeeded);
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task DryRun_ListsEveryBadRowWithItsReason_AndWritesNothing()
    {
        var preview = await Import.PreviewAsync(MembersFixture.Owner, Orders(
            "13800000001,A-1,86.50,2025-11-02 14:35,Store,S001",
            "13900000000,A-2,10,2025-11-02 14:35,Store,S001",      // row 3: no such member
            "13800000001,A-1,12,2025-11-03 10:00,Store,S001",      // row 4: same order twice
            "13800000001,A-3,12,2025-11-03 10:00,Store,S404",      // row 5
            "13800000001,A-4,12,2027-01-01 10:00,Store,S001",      // row 6: in the future
            "13800000001,A-5,-3,2025-11-03 10:00,Store,S001",      // row 7
            "13800000001,A-6,12,2025-11-03 10:00,Fax,S001"),       // row 8
            "orders.csv");

        Assert.Equal([3, 4, 5, 6, 7, 8], preview.Problems.Select(p => p.RowNumber));
        string Why(int row) => string.Join("; ", preview.Problems.Single(p => p.RowNumber == row).Reasons);
        Assert.Contains("No member with phone 13900000000", Why(3));
        Assert.Contains("row 2", Why(4));
        Assert.Contains("No store \"S404\"", Why(5));
        Assert.Contains("in the future", Why(6));
        Assert.Contains("not an amount", Why(7));
        Assert.Contains("No channel \"Fax\"", Why(8));
        Assert.False((await Import.ApplyAsync(MembersFixture.Owner, preview)).Succeeded);
        await using var db = f.NewContext();
        Assert.Equal(0, await db.MemberOrders.CountAsync());
    }

    [Fact]
    public async Task Apply_CountsSpendActiveDaysAndMonths_WithoutAwardingPoints()
    {
        await using var db = f.NewContext();
        var entriesBefore = await db.PointsEntries.CountAsync();
        var preview = await Import.PreviewAsync(MembersFixture.Owner, Orders(
            "13800000001,A-1,86.50,2025-11-02 14:35,Store,S001",
            "13800000001,A-2,13.50,2025-11-02 18:00,Mini program,S001",
            "13800000001,A-3,50,2025-12-24 09:00,门店,S001",
            "13800000002,B-1,100,2025-12-01 12:00,,S001"), "orders.csv");
        Assert.True(preview.IsValid, string.Join(" | ", preview.Problems.SelectMany(p => p.Reasons)));

        var outcome = await Import.ApplyAsync(MembersFixture.Owner, preview);

        Assert.Equal((4, 0), (outcome.Imported, outcome.Skipped));
        Assert.Equal(entriesBefore, await db.PointsEntries.CountAsync());
        Assert.All(await db.MemberOrders.ToListAsync(), o => Assert.Equal((0L, 0L, (DateOnly?)null), (o.Points, o.Growth, o.PendingUntil)));
        var first = await db.Members.AsNoTracking().SingleAsync(m => m.Phone == "13800000001");
        Assert.Equal((150m, 2, new DateOnly(2025, 12, 24)), (first.LifetimeSpend, first.ActiveDays, first.LastActiveDay!.Value));
        var second = await db.Members.AsNoTracking().SingleAsync(m => m.Phone == "13800000002");
        Assert.Equal(3280.50m, second.LifetimeSpend); // the old system's total already held this order
        var months = await db.MemberMonths.AsNoTracking().Where(m => m.MemberId == first.Id).OrderBy(m => m.Month).ToListAsync();
        Assert.Equal([(202511, 2, 10000L), (202512, 1, 5000L)], months.Select(m => (m.Month, m.Purchases, m.SpendCents)));
        Assert.Single(await db.AuditLog.Where(a => a.Action == "orders.imported").ToListAsync());
    }

    [Fact]
    public async Task TheSameOrdersImportedAgain_ChangeNothing()
    {
        string[] rows = ["13800000001,A-1,86.50,2025-11-02 14:35,Store,S001", "13800000001,A-3,50,2025-12-24 09:00,Store,S001"];
        await Import.ApplyAsync(MembersFixture.Owner, await Import.PreviewAsync(MembersFixture.Owner, Orders(rows), "orders.csv"));
        await using var db = f.NewContext();
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Phone == "13800000001");

        var again = await Import.PreviewAsync(MembersFixture.Owner, Orders(rows), "orders.csv");
        Assert.Equal((true, 0, 2), (again.IsValid, again.Rows.Count, again.Skipped));
        var outcome = await Import.ApplyAsync(MembersFixture.Owner, again);

        Assert.Equal((0, 2), (outcome.Imported, outcome.Skipped));
        Assert.Equal(2, await db.MemberOrders.CountAsync());
        var after = await db.Members.AsNoTracking().SingleAsync(m => m.Phone == "13800000001");
        Assert.Equal((member.LifetimeSpend, member.ActiveDays, member.Version), (after.LifetimeSpend, after.ActiveDays, after.Version));
        Assert.Equal(2, (await db.MemberMonths.Where(m => m.MemberId == member.Id).ToListAsync()).Sum(m => m.Purchases));
    }
}
