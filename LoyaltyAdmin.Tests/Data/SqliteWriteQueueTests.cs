using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Data;

/// <summary>
/// Group commit on SQLite: writes queued together share one transaction, each in its own savepoint. A first write
/// that waits on a gate holds the writer, so the writes queued meanwhile are known to form the next group.
/// </summary>
public sealed class SqliteWriteQueueTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();

    private SqliteWriteQueue Queue => f.Get<SqliteWriteQueue>();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task AWriteThatFails_IsRolledBackAlone_AndTheOthersInItsGroupCommitTogether()
    {
        var (holder, release) = await HoldTheWriterAsync();
        var before = Queue.Committed;

        var first = Queue.RunAsync(db => AddStoreAsync(db, "A"));
        var failing = Queue.RunAsync<int>(async db =>
        {
            await AddStoreAsync(db, "B");
            throw new InvalidOperationException("refused after saving");
        });
        var third = Queue.RunAsync(db => AddStoreAsync(db, "C"));
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
    public async Task AWrite_IsAnsweredOnlyAfterItsGroupCommits()
    {
        var (holder, release) = await HoldTheWriterAsync();
        var saved = Queue.RunAsync(db => AddStoreAsync(db, "A"));
        var running = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var later = Queue.RunAsync(async db =>
        {
            running.SetResult();
            await finish.Task;
            return await AddStoreAsync(db, "B");
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
        var holder = Queue.RunAsync(async db =>
        {
            started.SetResult();
            await release.Task;
            return await AddStoreAsync(db, "HOLD");
        });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (holder, release);
    }

    private async Task<string> AddStoreAsync(LoyaltyDbContext db, string code)
    {
        db.Stores.Add(new Store { Code = code, Name = "Queued " + code, CreatedAtUtc = f.Clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync();
        return code;
    }

    private async Task<List<string>> StoreCodesAsync()
    {
        await using var db = f.NewContext();
        return await db.Stores.Where(s => s.Name.StartsWith("Queued ")).OrderBy(s => s.Code).Select(s => s.Code).ToListAsync();
    }
}
