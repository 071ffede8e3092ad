using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Data;

/// <summary>
/// A write decided ahead of the one SQLite writer, on what is committed, by running it on a context of its own whose ledger
/// rows are only recorded. The writer then replays the recorded rows in its group: the reading and the rules run in
/// parallel on every core, and the writer spends its time on the statements. The member's version in its update and the
/// idempotency key's unique index refuse a replay that another write overtook; the pipeline then decides it again. A write
/// that does anything else (a save of other rows through the context, a stock claim) stops at once
/// (<see cref="SpeculationAborted"/>, raised by <see cref="WriteGuard"/>) and runs inside the writer like any other. A new
/// member's unique phone and referral code refuse a replay another registration overtook, like an event id.
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
            group.Touched(member == RecordingRows.Placeholder ? rows.NewMemberId ?? member : member);
        foreach (var action in scope.AfterCommitActions)
            group.AfterCommit(action);
        // An answer decided ahead named the new member by its placeholder: now it has its id.
        return rows.NewMemberId is not { } id ? result : result switch
        {
            long named when named == RecordingRows.Placeholder => (T)(object)id,
            INamesNewMember<T> answer => answer.Numbered(id),
            _ => result,
        };
    }

    /// <summary>Decides <paramref name="work"/> on a context of its own; null when it must run inside the writer.</summary>
    public static async Task<Speculation<T>?> DecideAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, Func<WriteScope, Task<T>> work, DateTime nowUtc,
        TimeZoneInfo zone, bool outbox, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.Speculating = true;
        var rows = new RecordingRows(db);
        var scope = new WriteScope(db, rows, nowUtc, zone, outbox);
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

/// <summary>
/// A write's answer that may name the member the write registers: decided ahead of the writer it names the member's
/// placeholder, and is given the id once the writer has inserted the member.
/// </summary>
public interface INamesNewMember<out T>
{
    T Numbered(long memberId);
}

/// <summary>A speculative write tried to write directly; it is run inside the writer instead.</summary>
internal sealed class SpeculationAborted() : Exception("This write does more than ledger rows; it runs inside the writer.");

/// <summary>
/// The ledger's rows of a speculative write, kept in order to be run by the writer's <see cref="SqliteRows"/>. An entity
/// written is taken as saved by its own context (so only rows changed some other way are left for it to save). A new
/// member gets a <see cref="Placeholder"/> id until the writer inserts it; the rows after it that name the placeholder are
/// given its id then.
/// </summary>
internal sealed class RecordingRows(LoyaltyDbContext db) : IRowWriter
{
    public const long Placeholder = -1;

    private readonly List<(object Row, Func<IRowWriter, Task> Run)> steps = [];
    private Member? newMember;

    public bool IsEmpty => steps.Count == 0;

    /// <summary>The member this write registers, once the writer has inserted it.</summary>
    public long? NewMemberId => newMember?.Id;

    public async Task ReplayAsync(IRowWriter rows)
    {
        foreach (var (row, run) in steps)
        {
            if (newMember is not null && !ReferenceEquals(row, newMember))
                GiveMemberId(row, newMember.Id);
            await run(rows);
        }
    }

    public Task InsertAsync(Member member)
    {
        if (newMember is not null)
            throw new SpeculationAborted(); // one new member per write
        newMember = member;
        member.Id = Placeholder;
        return Record(member, r => r.InsertAsync(member));
    }

    public Task InsertAsync(PointsEntry entry) => Record(entry, r => r.InsertAsync(entry));
    public Task InsertAsync(PointLot lot) => Record(lot, r => r.InsertAsync(lot));
    public Task InsertAsync(GrowthEntry entry) => Record(entry, r => r.InsertAsync(entry));
    public Task InsertAsync(TierHistoryEntry entry) => Record(entry, r => r.InsertAsync(entry));
    public Task InsertAsync(MemberOrder order) => Record(order, r => r.InsertAsync(order));
    public Task InsertAsync(ProcessedEvent processed) => Record(processed, r => r.InsertAsync(processed));
    public Task InsertAsync(OutboxEvent outboxEvent) => Record(outboxEvent, r => r.InsertAsync(outboxEvent));
    public Task InsertAsync(MemberOnceKey key) => Record(key, r => r.InsertAsync(key));
    public Task InsertAsync(Features.Audit.AuditEntry entry) => Record(entry, r => r.InsertAsync(entry));
    public Task UpsertAsync(MemberRuleCounter counter) => Record(counter, r => r.UpsertAsync(counter));

    // The member this write registers is inserted at replay as the write left it: an update of it now would be checked
    // against the version it had before the write changed it, and refused.
    public Task UpdateAsync(Member member, long readVersion) => ReferenceEquals(member, newMember)
        ? Task.CompletedTask
        : Record(member, r => r.UpdateAsync(member, readVersion), saved: true);
    public Task UpdateAsync(PointLot lot) => Record(lot, r => r.UpdateAsync(lot), saved: true);
    public Task UpdateAsync(MemberOrder order) => Record(order, r => r.UpdateAsync(order), saved: true);

    private Task Record(object row, Func<IRowWriter, Task> run, bool saved = false)
    {
        steps.Add((row, run));
        if (saved && db.Entry(row) is { State: not EntityState.Detached } entry)
        {
            entry.OriginalValues.SetValues(entry.CurrentValues);
            entry.State = EntityState.Unchanged;
        }
        return Task.CompletedTask;
    }

    private static void GiveMemberId(object row, long id)
    {
        switch (row)
        {
            case PointsEntry e when e.MemberId == Placeholder: e.MemberId = id; break;
            case PointLot l when l.MemberId == Placeholder: l.MemberId = id; break;
            case GrowthEntry g when g.MemberId == Placeholder: g.MemberId = id; break;
            case TierHistoryEntry t when t.MemberId == Placeholder: t.MemberId = id; break;
            case MemberOrder o when o.MemberId == Placeholder: o.MemberId = id; break;
            case ProcessedEvent p when p.MemberId == Placeholder: p.MemberId = id; break;
            case OutboxEvent o when o.MemberId == Placeholder: o.MemberId = id; break;
            case MemberOnceKey k when k.MemberId == Placeholder: k.MemberId = id; break;
            case MemberRuleCounter c when c.MemberId == Placeholder: c.MemberId = id; break;
            case Features.Audit.AuditEntry a when a.EntityType == nameof(Member) && a.EntityId == "-1":
                a.EntityId = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
        }
    }
}
