using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Reports;

public sealed class RollupTests : IAsyncLifetime
{
    private ReportsData data = default!;

    public async Task InitializeAsync() => data = await ReportsData.CreateAsync();

    public async Task DisposeAsync() => await data.DisposeAsync();

    [Fact]
    public async Task LiveRollups_EqualARecomputationFromTheLedger_RowByRow()
    {
        var (liveMonths, liveTotals) = await SnapshotAsync();
        Assert.NotEmpty(liveMonths);

        await data.F.Get<RollupRebuild>().RebuildAsync();

        var (rebuiltMonths, rebuiltTotals) = await SnapshotAsync();
        Assert.Equal(liveMonths, rebuiltMonths);
        Assert.Equal(liveTotals, rebuiltTotals);
    }

    [Fact]
    public async Task MemberMonths_HoldPurchasesSpendAndChannels_InMerchantMonths()
    {
        var (months, _) = await SnapshotAsync();

        // B's ¥30 at 23:40 on Jan 31 in Shanghai is January; C's ¥40 at 00:45 on Feb 1 is February.
        Assert.Contains($"{ReportsData.Jan}:{data.B}:{ReportsData.Jan}:1:3000:{ChannelBits.Of(Channel.Store)}", months);
        Assert.Contains($"{ReportsData.Feb}:{data.C}:{ReportsData.Feb}:2:10000:{ChannelBits.Of(Channel.MiniProgram)}", months);
        Assert.Contains($"{ReportsData.Jan}:{data.A}:{ReportsData.Jan}:2:15000:{ChannelBits.Of(Channel.MiniProgram) | ChannelBits.Of(Channel.Store)}", months);
    }

    [Fact]
    public async Task AnOperationThatFails_AddsNothingToTheRollups()
    {
        var before = await SnapshotAsync();

        var result = await data.F.Ledger.RedeemAsync(data.D, 10_000, "too-much");

        Assert.NotEqual(LoyaltyAdmin.Features.Members.LedgerError.None, result.Error);
        var after = await SnapshotAsync();
        Assert.Equal(before.Months, after.Months);
        Assert.Equal(before.Totals, after.Totals);
    }

    private async Task<(List<string> Months, List<string> Totals)> SnapshotAsync()
    {
        await using var db = data.F.NewContext();
        var months = await db.MemberMonths.AsNoTracking().OrderBy(m => m.Month).ThenBy(m => m.MemberId)
            .Select(m => m.Month + ":" + m.MemberId + ":" + m.JoinMonth + ":" + m.Purchases + ":" + m.SpendCents + ":" + m.Channels).ToListAsync();
        var totals = (await db.MonthlyTotals.AsNoTracking().ToListAsync())
            .Select(t => $"{t.Month}:{t.Measure}:{t.Key}:{t.StoreId}:{t.Shard}:{t.Amount}:{t.Count}").Order(StringComparer.Ordinal).ToList();
        return (months, totals);
    }
}
