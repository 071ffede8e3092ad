using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LoyaltyAdmin.Data;

/// <summary>
/// Group commit for SQLite, which has one writer and pays a WAL sync per commit. Writes queue here; one loop takes
/// what has queued (up to <see cref="MaxBatch"/>) and runs it in one transaction and one context, each write in its own
/// savepoint with an empty change tracker, in queue order, so a later write sees the earlier ones like any serial
/// order. A write that throws is rolled back to its savepoint alone; the others commit together. Callers are answered
/// only when their group has ended: a result after the commit, so a crash loses nothing that was acknowledged, and an
/// exception after the others' commit, so a retry reads what they wrote. On other providers <see cref="IsEnabled"/> is false and callers keep their own transactions.
/// </summary>
public sealed class SqliteWriteQueue(IDbContextFactory<LoyaltyDbContext> dbFactory, ILogger<SqliteWriteQueue> logger)
{
    public const int MaxBatch = 64;

    private readonly Channel<QueuedWrite> queue = Channel.CreateUnbounded<QueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock startLock = new();
    private Task? loop;
    private bool? enabled;
    private long batches;
    private long writes;

    // The running group's context and what its writes left for its end; only the loop touches them.
    private LoyaltyDbContext? groupDb;
    private readonly Dictionary<Type, IBeforeGroupCommit> groupSteps = [];
    private readonly Dictionary<string, System.Data.Common.DbCommand> groupCommands = [];

    /// <summary>Work a group's writes share and leave for its end, run once on the group's context just before it commits.</summary>
    public interface IBeforeGroupCommit
    {
        Task BeforeCommitAsync(LoyaltyDbContext db);
    }

    /// <summary>True on SQLite.</summary>
    public bool IsEnabled => enabled ??= IsSqlite();

    /// <summary>Transactions committed and writes in them since start-up (their ratio is the mean group size).</summary>
    public (long Batches, long Writes) Committed => (Interlocked.Read(ref batches), Interlocked.Read(ref writes));

    /// <summary>
    /// Runs <paramref name="work"/> (which saves its own changes) in the next group transaction and answers its result
    /// once that transaction has committed. Exceptions of <paramref name="work"/>, and of a failed commit, reach the caller.
    /// <paramref name="work"/> may run again after its group failed to commit, so it touches only the context it is given
    /// (and its <see cref="GroupCommand"/>s), and it leaves no handler on that context, which serves the next write of the group.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<LoyaltyDbContext, Task<T>> work, CancellationToken ct = default)
    {
        if (!IsEnabled)
            throw new InvalidOperationException("Group commit is for SQLite; other providers write in their own transactions.");
        var write = new QueuedWrite<T>(work, ct);
        EnsureStarted();
        await queue.Writer.WriteAsync(write, ct);
        return await write.Completion.Task.WaitAsync(ct);
    }

    /// <summary>
    /// The <typeparamref name="T"/> the writes of the running group share, made by <paramref name="create"/> for the first:
    /// work that costs per statement (the rollups) is added up over the group and written once, before the commit. Null
    /// when <paramref name="db"/> is not a queued write's context. A write adds to it only when nothing of it can fail any
    /// more, as a write rolled back to its savepoint must leave nothing there; a group that fails takes it along.
    /// </summary>
    public T? GroupShared<T>(LoyaltyDbContext db, Func<T> create) where T : class, IBeforeGroupCommit
    {
        if (groupDb is null || !ReferenceEquals(db, groupDb))
            return null;
        if (!groupSteps.TryGetValue(typeof(T), out var step))
            groupSteps[typeof(T)] = step = create();
        return (T)step;
    }

    /// <summary>
    /// A command with <paramref name="sql"/> on the running group's connection and transaction, kept for the group's
    /// other writes, so a statement every write runs is parsed once per group. <paramref name="db"/> is the queued write's context.
    /// </summary>
    public System.Data.Common.DbCommand GroupCommand(LoyaltyDbContext db, string sql)
    {
        if (groupDb is null || !ReferenceEquals(db, groupDb))
            throw new InvalidOperationException("Group commands are for the context of a queued write, while it runs.");
        if (!groupCommands.TryGetValue(sql, out var command))
            groupCommands[sql] = command = Command(db, sql);
        return command;
    }

    private void EnsureStarted()
    {
        if (loop is not null)
            return;
        lock (startLock)
            loop ??= Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        var batch = new List<QueuedWrite>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var write))
            {
                if (!write.Cancelled)
                    batch.Add(write);
            }
            if (batch.Count == 0)
                continue;
            try
            {
                await RunBatchAsync(batch);
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                // The group's transaction broke (a failed commit, a lost connection) and nothing of it committed: each
                // write still waiting runs again in a group of its own, so one bad write cannot take the others with it.
                logger.LogWarning(ex, "A group of {Count} SQLite writes did not commit; retrying them one by one", batch.Count);
                foreach (var write in batch.Where(w => !w.IsDone))
                    await RunAloneAsync(write);
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A SQLite write did not commit");
                batch[0].Fail(ex);
            }
        }
    }

    private async Task RunAloneAsync(QueuedWrite write)
    {
        try
        {
            await RunBatchAsync([write]);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "A SQLite write did not commit");
            write.Fail(ex);
        }
    }

    private async Task RunBatchAsync(List<QueuedWrite> batch)
    {
        // One context for the group, handed to each write with an empty change tracker: a context and a connection
        // open per group, not per write.
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        await using var tx = await db.Database.BeginTransactionAsync(); // IMMEDIATE: the write lock is taken now, not at the first write
        db.Database.AutoSavepointsEnabled = false; // each write already has its savepoint
        var staged = new List<QueuedWrite>(batch.Count);
        var failed = new List<(QueuedWrite Write, Exception Error)>();
        groupSteps.Clear();
        groupDb = db;
        try
        {
            // Prepared once per group and run per write: parsed and passed through EF each time, they cost more than they do.
            var savepoint = GroupCommand(db, "SAVEPOINT queued_write");
            var release = GroupCommand(db, "RELEASE queued_write");
            var rollback = GroupCommand(db, "ROLLBACK TO queued_write");
            foreach (var write in batch)
            {
                if (write.Cancelled)
                    continue;
                await savepoint.ExecuteNonQueryAsync();
                if (await RunOneAsync(write, db) is { } error)
                {
                    await rollback.ExecuteNonQueryAsync();
                    await release.ExecuteNonQueryAsync(); // ROLLBACK TO keeps the savepoint open
                    failed.Add((write, error));
                }
                else
                {
                    await release.ExecuteNonQueryAsync();
                    staged.Add(write);
                }
                db.ChangeTracker.Clear();
            }
            if (staged.Count > 0)
            {
                foreach (var step in groupSteps.Values)
                    await step.BeforeCommitAsync(db);
                await tx.CommitAsync();
                Interlocked.Increment(ref batches);
                Interlocked.Add(ref writes, staged.Count);
            }
        }
        finally
        {
            groupDb = null;
            groupSteps.Clear();
            foreach (var command in groupCommands.Values)
                await command.DisposeAsync();
            groupCommands.Clear();
            // Told after the group ends, so a caller that retries (say after a unique-key clash) reads what the others committed.
            foreach (var (write, error) in failed)
                write.Fail(error);
        }
        foreach (var write in staged)
            write.Complete();
    }

    private static System.Data.Common.DbCommand Command(LoyaltyDbContext db, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = sql;
        return command;
    }

    /// <summary>Null when the write succeeded and waits for the commit; otherwise what it threw.</summary>
    private static async Task<Exception?> RunOneAsync(QueuedWrite write, LoyaltyDbContext db)
    {
        try
        {
            await write.RunAsync(db);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private bool IsSqlite()
    {
        using var db = dbFactory.CreateDbContext();
        return db.Database.IsSqlite();
    }

    private abstract class QueuedWrite(CancellationToken ct)
    {
        public CancellationToken CancellationToken => ct;
        public bool Cancelled => ct.IsCancellationRequested;
        public abstract bool IsDone { get; }
        public abstract Task RunAsync(LoyaltyDbContext db);
        public abstract void Complete();
        public abstract void Fail(Exception ex);
    }

    private sealed class QueuedWrite<T>(Func<LoyaltyDbContext, Task<T>> work, CancellationToken ct) : QueuedWrite(ct)
    {
        private T? result;

        // Callers continue on the thread pool, not inline on the writer loop.
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool IsDone => Completion.Task.IsCompleted;

        public override async Task RunAsync(LoyaltyDbContext db) => result = await work(db);

        public override void Complete() => Completion.TrySetResult(result!);

        public override void Fail(Exception ex) => Completion.TrySetException(ex);
    }
}
