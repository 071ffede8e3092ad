using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Data;

/// <summary>
/// A write decided ahead of the one SQLite writer, on what is committed, by running it on a context of its own whose ledger
/// rows are only recorded. The writer then replays the recorded rows in its group: the reading and the rules run in
/// parallel on every core, and the writer spends its time on the statements. The member's version in its update and the
/// idempotency key's unique index refuse a replay that another write overtook; the pipeline then decides it again. A write
/// that does anything else (a save of other rows, a stock claim, a new member whose id later rows need) stops at once
/// (<see cref="SpeculationAborted"/>, raised by <see cref="WriteGuard"/>) and runs inside the writer like any other.
/// </summary>
internal sealed class Speculation<T>(T result, WriteScope scope, RecordingRows rows)
{
    public T Result => result;

    /// <summary>Refused, or nothing to write (a replay of a processed event, a job with nothing due): answered without queuing.</summary>
    public bool WritesNothing => scope.Refused || rows.IsEmpty;

    public WriteScope Scope => scope;

    /// <summary>Runs the recorded rows in <paramref name="group"/>'s write and hands it what the decision added up.</summary>
    public async Task<T> ReplayAsync(WriteScope group)
    {
        await rows.ReplayAsync(group.Rows);
        scope.Rollups.AddTo(group.Rollups);
        foreach (var member in scope.Members)
            group.Touched(member);
        foreach (var action in scope.AfterCommitActions)
            group.AfterCommit(action);
        return result;
    }

    /// <summary>Decides <paramref name="work"/> on a context of its own; null when it must run inside the writer.</summary>
    public static async Task<Speculation<T>?> DecideAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, Func<WriteScope, Task<T>> work, DateTime nowUtc,
        TimeZoneInfo zone, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Speculating = true;
        var rows = new RecordingRows(db);
        var scope = new WriteScope(db, rows, nowUtc, zone);
        try
        {
            var result = await work(scope);
            // Rows of other tables, changed through the context, cannot be replayed as recorded statements.
            return scope.Refused || !db.ChangeTracker.HasChanges() ? new Speculation<T>(result, scope, rows) : null;
        }
        catch (SpeculationAborted)
        {
            return null;
        }
    }
}

/// <summary>A speculative write tried to write directly; it is run inside the writer instead.</summary>
internal sealed class SpeculationAborted() : Exception("This write does more than ledger rows; it runs inside the writer.");

/// <summary>
/// The ledger's rows of a speculative write, kept in order to be run by the writer's <see cref="SqliteRows"/>. An entity
/// written is taken as saved by its own context (so only rows changed some other way are left for it to save).
/// </summary>
internal sealed class RecordingRows(LoyaltyDbContext db) : IRowWriter
{
    private readonly List<Func<IRowWriter, Task>> steps = [];

    public bool IsEmpty => steps.Count == 0;

    public async Task ReplayAsync(IRowWriter rows)
    {
        foreach (var step in steps)
            await step(rows);
    }

    /// <summary>A new member's id is needed by the rows after it: not decided ahead.</summary>
    public Task InsertAsync(Member member) => throw new SpeculationAborted();

    public Task InsertAsync(PointsEntry entry) => Record(r => r.InsertAsync(entry));
    public Task InsertAsync(PointLot lot) => Record(r => r.InsertAsync(lot));
    public Task InsertAsync(GrowthEntry entry) => Record(r => r.InsertAsync(entry));
    public Task InsertAsync(TierHistoryEntry entry) => Record(r => r.InsertAsync(entry));
    public Task InsertAsync(MemberOrder order) => Record(r => r.InsertAsync(order));
    public Task InsertAsync(ProcessedEvent processed) => Record(r => r.InsertAsync(processed));
    public Task InsertAsync(OutboxEvent outboxEvent) => Record(r => r.InsertAsync(outboxEvent));
    public Task InsertAsync(MemberOnceKey key) => Record(r => r.InsertAsync(key));
    public Task UpsertAsync(MemberRuleCounter counter) => Record(r => r.UpsertAsync(counter));

    public Task UpdateAsync(Member member, long readVersion) => Record(r => r.UpdateAsync(member, readVersion), member);
    public Task UpdateAsync(PointLot lot) => Record(r => r.UpdateAsync(lot), lot);
    public Task UpdateAsync(MemberOrder order) => Record(r => r.UpdateAsync(order), order);

    private Task Record(Func<IRowWriter, Task> step, object? saved = null)
    {
        steps.Add(step);
        if (saved is not null && db.Entry(saved) is { State: not EntityState.Detached } entry)
        {
            entry.OriginalValues.SetValues(entry.CurrentValues);
            entry.State = EntityState.Unchanged;
        }
        return Task.CompletedTask;
    }
}
