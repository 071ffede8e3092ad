using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Data;

/// <summary>
/// The write pipeline on SQLite is a group commit: writes queued together share one transaction, each in its own
/// savepoint. A first write that waits on a gate holds the writer, so the writes queued meanwhile form the next group.
/// </summary>
public sealed class WritePipelineTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();

    private WritePipeline Queue => f.Get<WritePipeline>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task AWriteThatFails_IsRolledBackAlone_AndTheOthersInItsGroupCommitTogether()
    {
        var (holder, release) = await HoldTheWriterAsync();
        var before = Queue.Committed;

        var first = Queue.RunAsync(scope => AddStoreAsync(scope, "A"));
        var failing = Queue.RunAsync<int>(async scope =>
        {
            await AddStoreAsync(scope, "B");
            throw new InvalidOperationException("refused after saving");
        });
        var third = Queue.RunAsync(scope => AddStoreAsync(scope, "C"));
        release.SetResult();
        await holder;

        Assert.Equal("A", await first);
        Assert.Equal("C", await third);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        Assert.Equal("refused after saving", error.Message);
        Assert.Equal(["A", "C", "HOLD"], await StoreCodesAsync());
        // The holder's group, then one group for A and C: two commits for three writes.
        Assert.Equal((before.Batches + 2, before.Writes + 3), Queue.Committed);
    }

    [Fact]
    public async Task AWriteThatRefuses_IsAnsweredWithItsResult_AndLeavesNothing_NorItsEvents()
    {
        var (holder, release) = await HoldTheWriterAsync();
        var refused = Queue.RunAsync(async scope =>
        {
            await AddStoreAsync(scope, "R");
            await scope.PublishAsync(BusinessEvents.MemberProfileChanged, null, new { note = "refused" }, scope.NowUtc);
            scope.Refuse();
            return "no";
        });
        var kept = Queue.RunAsync(async scope =>
        {
            await scope.PublishAsync(BusinessEvents.MemberProfileChanged, null, new { note = "kept" }, scope.NowUtc);
            return await AddStoreAsync(scope, "K");
        });
        release.SetResult();
        await holder;

        Assert.Equal("no", await refused);
        Assert.Equal("K", await kept);
        Assert.Equal(["HOLD", "K"], await StoreCodesAsync());
        await using var db = f.NewContext();
        Assert.Equal(["{\"note\":\"kept\"}"], await db.OutboxEvents.Select(e => e.Payload).ToListAsync());
    }

    [Fact]
    public async Task AWrite_IsAnsweredOnlyAfterItsGroupCommits()
    {
        var (holder, release) = await HoldTheWriterAsync();
        var saved = Queue.RunAsync(scope => AddStoreAsync(scope, "A"));
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var later = Queue.RunAsync(async scope =>
        {
            var code = await AddStoreAsync(scope, "B");
            running.TrySetResult();
            await finish.Task;
            return code;
        });
        release.SetResult();
        await holder;
        await running.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // A has run and saved in the open group, but nothing is committed or answered yet.
        Assert.False(saved.IsCompleted);
        Assert.Equal(["HOLD"], await StoreCodesAsync());

        finish.SetResult();
        Assert.Equal("A", await saved);
        Assert.Equal("B", await later);
        Assert.Equal(["A", "B", "HOLD"], await StoreCodesAsync());
    }

    /// <summary>A write that keeps the writer busy until released; it adds the store HOLD.</summary>
    private async Task<(Task<string> Holder, TaskCompletionSource Release)> HoldTheWriterAsync()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = Queue.RunAsync(async scope =>
        {
            // A write through the context is never decided ahead: this one runs, and waits, inside the writer.
            await AddStoreAsync(scope, "HOLD");
            started.TrySetResult();
            await release.Task;
            return "HOLD";
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (holder, release);
    }

    private static async Task<string> AddStoreAsync(WriteScope scope, string code)
    {
        scope.Db.Stores.Add(new Store { Code = code, Name = "Queued " + code, CreatedAtUtc = scope.NowUtc });
        await scope.SaveAsync(CancellationToken.None);
        return code;
    }

    private async Task<List<string>> StoreCodesAsync()
    {
        await using var db = f.NewContext();
        return await db.Stores.Where(s => s.Name.StartsWith("Queued ")).OrderBy(s => s.Code).Select(s => s.Code).ToListAsync();
    }
}
