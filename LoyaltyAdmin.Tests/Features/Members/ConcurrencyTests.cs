using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Members;

public sealed class ConcurrencyTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task TwoHundredConcurrentEarnsRedemptionsAndAdjustments_OnOneMember_LoseNothing_AndNeverGoBelowZero()
    {
        var id = await f.AddStoreMemberAsync();
        var now = f.Clock.GetUtcNow();
        await f.Ledger.AdjustAsync(Owner, new AdjustPointsModel { MemberId = id, Points = 50, Reason = AdjustmentReason.Goodwill });

        var operations = Enumerable.Range(0, 240).Select(i => (i % 4) switch
        {
            0 => (Func<Task<long>>)(async () => (await f.Ledger.ApplyActivityAsync(id, $"evt-{i}", Purchase(10m + i % 7, $"A{i}", now))).Points),
            1 => async () => (await f.Ledger.RedeemAsync(id, 25, $"redeem-{i}")).Succeeded ? -25 : 0,
            2 => async () => (await f.Ledger.AdjustAsync(Manager, new AdjustPointsModel { MemberId = id, Points = 3, Reason = AdjustmentReason.Correction })).Outcome == AdjustOutcome.Applied ? 3 : 0,
            _ => async () => (await f.Ledger.AdjustAsync(Manager, new AdjustPointsModel { MemberId = id, Points = -7, Reason = AdjustmentReason.Correction })).Outcome == AdjustOutcome.Applied ? -7 : 0,
        }).ToList();

        var changes = await Task.WhenAll(operations.Select(op => Task.Run(op)));

        var member = await f.MemberAsync(id);
        Assert.Equal(50 + changes.Sum(), member.PointsBalance);
        await f.AssertLedgerConsistentAsync(id);
        await using var db = f.NewContext();
        Assert.Equal(60, await db.ProcessedEvents.CountAsync(e => e.Type == "Purchase"));
        // Every successful operation wrote one entry and bumped the version once: none overwrote another.
        Assert.Equal(await db.PointsEntries.CountAsync(e => e.MemberId == id), member.Version);
    }

    [Fact]
    public async Task PurchasesDecidedWhileTheWriterIsBusy_CommitInOneGroup_AndTheOvertakenOneIsDecidedAgain()
    {
        var id = await f.AddStoreMemberAsync();
        var now = f.Clock.GetUtcNow();
        await f.Ledger.ApplyActivityAsync(id, "queued-0", Purchase(10m, "Q0", now)); // the programme and settings read and cached
        var pipeline = f.Get<LoyaltyAdmin.Data.WritePipeline>();
        var before = pipeline.Committed;
        var retriedBefore = pipeline.Retried;
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource();
        var busy = pipeline.RunAsync(async scope =>
        {
            // Written through the context, so it runs inside the writer (not decided ahead), and keeps it busy there.
            scope.Db.Stores.Add(new LoyaltyAdmin.Features.Settings.Store { Code = "BUSY", Name = "Busy" });
            await scope.SaveAsync(default);
            running.TrySetResult();
            await release.Task;
            return 0;
        });
        await running.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var first = f.Ledger.ApplyActivityAsync(id, "queued-1", Purchase(30m, "Q1", now));
        var second = f.Ledger.ApplyActivityAsync(id, "queued-2", Purchase(45m, "Q2", now));
        await Task.Delay(300);
        release.SetResult();
        await busy;

        var results = await Task.WhenAll(first, second);

        Assert.All(results, r => Assert.True(r.Succeeded && !r.Duplicate, r.Error.ToString()));
        Assert.Equal(85, (await f.MemberAsync(id)).PointsBalance);
        Assert.Equal([40L, 85L], results.Select(r => r.Balance).Order());
        // Both were decided on the same balance while the writer was busy: the first one's replay commits, the second's is
        // refused by the member's version (overtaken), decided again on what the first committed, and commits after it.
        Assert.Equal(1, pipeline.Retried - retriedBefore);
        Assert.Equal((before.Batches + 3, before.Writes + 3), pipeline.Committed);
        await f.AssertLedgerConsistentAsync(id);
    }
}
