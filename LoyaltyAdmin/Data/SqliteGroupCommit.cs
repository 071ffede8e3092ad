using System.Data.Common;
using System.Threading.Channels;
using LoyaltyAdmin.Features.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LoyaltyAdmin.Data;

/// <summary>
/// SQLite has one writer and pays a WAL sync per commit, so its writes queue here: one loop takes what has queued (up to
/// <see cref="MaxBatch"/>) and runs it in one transaction and one context, each write in its own savepoint with an empty
/// change tracker, in queue order, so a later write sees the earlier ones as in any serial order. A write that throws or
/// refuses is rolled back to its savepoint alone; the others commit together, with their rollup deltas added up and
/// written once just before the commit. Callers are answered only when their group has ended: a result after the commit
/// (a crash loses nothing that was acknowledged), an exception after the others' commit (a retry reads what they wrote).
/// </summary>
internal sealed class SqliteGroupCommit(IDbContextFactory<LoyaltyDbContext> dbFactory, ILogger logger)
{
    public const int MaxBatch = 64;

    private readonly Channel<QueuedWrite> queue = Channel.CreateUnbounded<QueuedWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock startLock = new();
    private readonly Dictionary<string, DbCommand> commands = [];
    private Task? loop;
    private long batches;
    private long writes;

    /// <summary>Transactions committed and writes in them since start-up (their ratio is the mean group size).</summary>
    public (long Batches, long Writes) Committed => (Interlocked.Read(ref batches), Interlocked.Read(ref writes));

    /// <summary>
    /// Runs <paramref name="work"/> in the next group's transaction and answers its result and scope once that has
    /// committed. <paramref name="work"/> may run again after its group failed to commit, so it touches only its scope.
    /// </summary>
    public async Task<(T Result, WriteScope Scope)> RunAsync<T>(Func<WriteScope, Task<T>> work, Func<LoyaltyDbContext, IRowWriter, WriteScope> scopeFor,
        CancellationToken ct)
    {
        var write = new QueuedWrite<T>(work, scopeFor, ct);
        if (loop is null)
        {
            lock (startLock)
                loop ??= Task.Run(LoopAsync);
        }
        await queue.Writer.WriteAsync(write, ct);
        return await write.Completion.Task.WaitAsync(ct);
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
                await RunGroupAsync(batch);
            }
            catch (Exception ex) when (batch.Count > 1)
            {
                // The group's transaction broke (a failed commit, a lost connection) and nothing of it committed: each
                // write still waiting runs again in a group of its own, so one bad write cannot take the others with it.
                logger.LogWarning(ex, "A group of {Count} SQLite writes did not commit; retrying them one by one", batch.Count);
                foreach (var write in batch.Where(w => !w.IsDone))
                {
                    try
                    {
                        await RunGroupAsync([write]);
                    }
                    catch (Exception one)
                    {
                        logger.LogError(one, "A SQLite write did not commit");
                        write.Fail(one);
                    }
                }
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "A SQLite write did not commit");
                batch[0].Fail(ex);
            }
        }
    }

    private async Task RunGroupAsync(List<QueuedWrite> batch)
    {
        // One context and connection per group, handed to each write with an empty change tracker.
        await using var db = await dbFactory.CreateDbContextAsync();
        db.InWritePipeline = true;
        await db.Database.OpenConnectionAsync();
        await using var tx = await db.Database.BeginTransactionAsync(); // IMMEDIATE: the write lock is taken now, not at the first write
        db.Database.AutoSavepointsEnabled = false; // each write already has its savepoint
        var staged = new List<QueuedWrite>(batch.Count);
        var failed = new List<(QueuedWrite Write, Exception Error)>();
        RollupDeltas? rollups = null;
        try
        {
            var rows = new SqliteRows(db, sql => Prepared(db, sql));
            var savepoint = Prepared(db, "SAVEPOINT queued_write");
            var release = Prepared(db, "RELEASE queued_write");
            var rollback = Prepared(db, "ROLLBACK TO queued_write");
            foreach (var write in batch)
            {
                if (write.Cancelled)
                    continue;
                await savepoint.ExecuteNonQueryAsync();
                var (scope, error) = await write.RunAsync(db, rows);
                if (error is not null || scope!.Refused)
                {
                    await rollback.ExecuteNonQueryAsync();
                    if (error is not null)
                        failed.Add((write, error));
                    else
                        staged.Add(write); // answered with its result; nothing of it is kept
                }
                else
                {
                    staged.Add(write);
                    if (!scope.Rollups.IsEmpty)
                        scope.Rollups.AddTo(rollups ??= new RollupDeltas(scope.Zone));
                }
                await release.ExecuteNonQueryAsync(); // ROLLBACK TO keeps the savepoint open
                db.ChangeTracker.Clear();
            }
            if (staged.Count > 0)
            {
                if (rollups is not null)
                    await rollups.WriteAsync(db, CancellationToken.None);
                await tx.CommitAsync();
                Interlocked.Increment(ref batches);
                Interlocked.Add(ref writes, staged.Count);
            }
        }
        finally
        {
            foreach (var command in commands.Values)
                await command.DisposeAsync();
            commands.Clear();
            // Told after the group ends, so a caller that retries (say after a unique-key clash) reads what the others committed.
            foreach (var (write, error) in failed)
                write.Fail(error);
        }
        foreach (var write in staged)
            write.Complete();
    }

    /// <summary>A command on the group's connection and transaction, kept for its other writes: each statement is parsed once per group.</summary>
    private DbCommand Prepared(LoyaltyDbContext db, string sql)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            command.CommandText = sql;
            commands[sql] = command;
        }
        return command;
    }

    private abstract class QueuedWrite(CancellationToken ct)
    {
        public bool Cancelled => ct.IsCancellationRequested;
        public abstract bool IsDone { get; }

        /// <summary>The write's scope when it ran to the end (saved, refused or not), or what it threw.</summary>
        public abstract Task<(WriteScope? Scope, Exception? Error)> RunAsync(LoyaltyDbContext db, IRowWriter rows);

        public abstract void Complete();
        public abstract void Fail(Exception ex);
    }

    private sealed class QueuedWrite<T>(Func<WriteScope, Task<T>> work, Func<LoyaltyDbContext, IRowWriter, WriteScope> scopeFor, CancellationToken ct)
        : QueuedWrite(ct)
    {
        private (T Result, WriteScope Scope) done;

        // Callers continue on the thread pool, not inline on the writer loop.
        public TaskCompletionSource<(T Result, WriteScope Scope)> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool IsDone => Completion.Task.IsCompleted;

        public override async Task<(WriteScope? Scope, Exception? Error)> RunAsync(LoyaltyDbContext db, IRowWriter rows)
        {
            try
            {
                var scope = scopeFor(db, rows);
                var result = await work(scope);
                if (!scope.Refused && db.ChangeTracker.HasChanges())
                    await db.SaveChangesAsync();
                done = (result, scope);
                return (scope, null);
            }
            catch (Exception ex)
            {
                return (null, ex);
            }
        }

        public override void Complete() => Completion.TrySetResult(done);

        public override void Fail(Exception ex) => Completion.TrySetException(ex);
    }
}
