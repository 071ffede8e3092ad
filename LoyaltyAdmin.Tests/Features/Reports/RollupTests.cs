using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Features.Reports;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Reports.ReportsData;

namespace LoyaltyAdmin.Tests.Features.Reports;

public sealed class RollupTests : IAsyncLifetime
{
    private ReportsData data = default!;

    public async Task InitializeAsync() => data = await ReportsData.CreateAsync();

    public async Task DisposeAsync() => await data.DisposeAsync();

    [Fact]
    public async Task LiveRollups_EqualARecomputationFromTheLedger_RowByRow()
    {
        var live = await SnapshotAsync();
        Assert.NotEmpty(live.Months);
        Assert.NotEmpty(live.Activity);

        await data.F.Get<RollupRebuild>().RebuildAsync();

        live.AssertEqual(await SnapshotAsync());
    }

    [Fact]
    public async Task LateEvents_ForEarlierMonths_KeepTheRollupsEqualToARebuild_AndCountTheMonthInTheTierHeldAtItsBusinessTime()
    {
        // A's purchase of March 20 arrives in April: A now counts as retained from February into March.
        await BuyLateAsync(data.A, 12, "A-late", At(2026, 3, 20), processedAt: At(2026, 4, 5));
        // D's ¥2.50 of April 1 arrives on May 12, after D's ¥250 of April 29 (sent on May 3) lifted D to Silver: the upgrade
        // carries April 29, the purchase's own time, so D's April starts as Regular and D's May is Silver.
        await BuyLateAsync(data.D, 250, "D-apr", At(2026, 4, 29), processedAt: At(2026, 5, 3));
        await BuyLateAsync(data.D, 10, "D-may", At(2026, 5, 10), processedAt: At(2026, 5, 10, 3));
        var beforeLate = await data.Reports.RepurchaseAsync(Analyst, ReportFilter.Month(202605));
        Assert.Equal([("Silver", 1L, 0L)], beforeLate.ByTier.Select(r => (r.Label, r.Buyers, r.Repeat)));
        await BuyLateAsync(data.D, 5, "D-may-late", At(2026, 5, 2), processedAt: At(2026, 5, 12));
        await BuyLateAsync(data.D, 2.5m, "D-apr-late", At(2026, 4, 1), processedAt: At(2026, 5, 12, 1));

        var repurchase = await data.Reports.RepurchaseAsync(Analyst, ReportFilter.Month(202605));
        Assert.Equal([("Silver", 1L, 1L)], repurchase.ByTier.Select(r => (r.Label, r.Buyers, r.Repeat)));
        var april = await data.Reports.RepurchaseAsync(Analyst, ReportFilter.Month(202604));
        Assert.Contains(("Regular", 1L, 1L), april.ByTier.Select(r => (r.Label, r.Buyers, r.Repeat)));
        await using (var db = data.F.NewContext())
        {
            var upgrade = await db.TierHistory.SingleAsync(t => t.MemberId == data.D && t.Change == LoyaltyAdmin.Features.Members.TierChangeKind.Upgrade);
            Assert.Equal((At(2026, 4, 29).UtcDateTime, At(2026, 5, 3).UtcDateTime), (upgrade.OccurredAtUtc, upgrade.RecordedAtUtc));
        }
        var retention = await data.Reports.RetentionAsync(Analyst, ReportFilter.Month(Mar));
        Assert.Equal((3L, 3L, 3L), (retention.MonthOverMonth[0].Active, retention.MonthOverMonth[0].PreviousActive, retention.MonthOverMonth[0].Retained));

        var live = await SnapshotAsync();
        await data.F.Get<RollupRebuild>().RebuildAsync();
        live.AssertEqual(await SnapshotAsync());
    }

    [Fact]
    public async Task ConcurrentPurchases_OnManyMembersAndMonths_KeepTheRollupsEqualToARebuild()
    {
        var members = new[] { data.A, data.B, data.C, data.D };
        data.F.Clock.Now = At(2026, 4, 20);
        var queue = data.F.Get<LoyaltyAdmin.Data.WritePipeline>();
        var (batchesBefore, writesBefore) = queue.Committed;
        var purchases = Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            var at = At(2026, 1, 1).AddDays(i * 37 % 105);
            var result = await data.F.Ledger.ApplyActivityAsync(members[i % 4], "conc-" + i,
                LoyaltyAdmin.Tests.Features.Members.MembersFixture.Purchase(5 + i * 7 % 60, "conc-" + i, at, (Channel)(i % 3)));
            Assert.True(result.Succeeded, result.Error.ToString());
        }));
        await Task.WhenAll(purchases);

        // Written in groups, whose rollups are added up and written once per group.
        var (batches, writes) = queue.Committed;
        Assert.True(writes - writesBefore > batches - batchesBefore, $"{writes - writesBefore} writes in {batches - batchesBefore} groups");
        var live = await SnapshotAsync();
        await data.F.Get<RollupRebuild>().RebuildAsync();
        live.AssertEqual(await SnapshotAsync());
    }

    [Fact]
    public async Task MemberMonths_HoldPurchasesSpendChannelsStoreAndTier_InMerchantMonths()
    {
        await using var db = data.F.NewContext();
        var months = (await db.MemberMonths.AsNoTracking().ToListAsync())
            .Select(m => $"{m.Month}:{m.MemberId}:{m.JoinMonth}:{m.Purchases}:{m.SpendCents}:{m.Channels}:{m.StoreId}:{m.TierCode}").ToList();

        // B's ¥30 at 23:40 on Jan 31 in Shanghai is January; C's ¥40 at 00:45 on Feb 1 is February.
        Assert.Contains($"{Jan}:{data.B}:{Jan}:1:3000:{ChannelBits.Of(Channel.Store)}:{data.Store1}:regular", months);
        Assert.Contains($"{Feb}:{data.C}:{Feb}:2:10000:{ChannelBits.Of(Channel.MiniProgram)}:{data.Store2}:regular", months);
        Assert.Contains($"{Jan}:{data.A}:{Jan}:2:15000:{ChannelBits.Of(Channel.MiniProgram) | ChannelBits.Of(Channel.Store)}:{data.Store1}:regular", months);
        // B's ¥200 on Feb 14 lifted B to Silver: February was bought as Regular, March as Silver.
        Assert.Contains($"{Mar}:{data.B}:{Jan}:1:1000:{ChannelBits.Of(Channel.App)}:{data.Store1}:silver", months);
    }

    [Fact]
    public async Task AnOperationThatFails_AddsNothingToTheRollups()
    {
        var before = await SnapshotAsync();

        var result = await data.F.Ledger.RedeemAsync(data.D, 10_000, "too-much");

        Assert.NotEqual(LoyaltyAdmin.Features.Members.LedgerError.None, result.Error);
        var after = await SnapshotAsync();
        before.AssertEqual(after);
    }

    [Fact]
    public async Task RebuildFromTheConsole_RestoresFiguresLostFromTheRollups_AndIsOnRecord()
    {
        var live = await SnapshotAsync();
        await using (var db = data.F.NewContext())
        {
            await db.MonthlyActivity.ExecuteDeleteAsync();
            await db.MemberMonths.Where(m => m.MemberId == data.A).ExecuteDeleteAsync();
        }
        Assert.Equal(0, (await data.Reports.RetentionAsync(Analyst, new ReportFilter(Jan, Mar))).Cohorts[0].Cells[0].Active);
        var runner = data.F.Get<RollupRebuildRunner>();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => runner.StartAsync(Analyst));
        Assert.True(await runner.StartAsync(Owner));
        await runner.Completion;

        Assert.Equal(RebuildStatus.Done, runner.State.Status);
        Assert.Equal(100, runner.State.Progress);
        live.AssertEqual(await SnapshotAsync());
        Assert.Equal([1m, 1m, 0.5m], (await data.Reports.RetentionAsync(Analyst, new ReportFilter(Jan, Mar))).Cohorts[0].Cells.Select(c => c.Rate));
        await using var check = data.F.NewContext();
        Assert.Single(await check.AuditLog.Where(a => a.Action == "report.rollups-rebuilt" && a.UserName == Owner.Name).ToListAsync());
    }

    private async Task BuyLateAsync(long member, decimal amount, string order, DateTimeOffset at, DateTimeOffset processedAt)
    {
        data.F.Clock.Now = processedAt;
        var result = await data.F.Ledger.ApplyActivityAsync(member, "evt-" + order, LoyaltyAdmin.Tests.Features.Members.MembersFixture.Purchase(amount, order, at));
        Assert.True(result.Succeeded, result.Error.ToString());
    }

    private async Task<RollupSnapshot> SnapshotAsync()
    {
        await using var db = data.F.NewContext();
        return await RollupSnapshot.TakeAsync(db);
    }
}
