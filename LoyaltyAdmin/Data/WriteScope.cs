using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Reports;

namespace LoyaltyAdmin.Data;

/// <summary>
/// The ledger's own rows, written explicitly by kind. On SQLite each call runs a statement prepared once per group
/// (<see cref="SqliteRows"/>), at once, so later reads of the same write see it; elsewhere the rows join the context and
/// are saved with the write (<see cref="ContextRows"/>). Nothing else writes these rows.
/// </summary>
public interface IRowWriter
{
    /// <summary>A new row; its generated id (if any) is set before the call returns on SQLite, at the save elsewhere.</summary>
    Task InsertAsync(Member member);
    Task InsertAsync(PointsEntry entry);
    Task InsertAsync(PointLot lot);
    Task InsertAsync(GrowthEntry entry);
    Task InsertAsync(TierHistoryEntry entry);
    Task InsertAsync(MemberOrder order);
    Task InsertAsync(ProcessedEvent processed);
    Task InsertAsync(OutboxEvent outboxEvent);
    Task InsertAsync(MemberOnceKey key);
    Task InsertAsync(Features.Audit.AuditEntry entry);

    /// <summary>Inserts the counter, or replaces the stored one for the same member and rule.</summary>
    Task UpsertAsync(MemberRuleCounter counter);

    /// <summary>
    /// Saves the member's changed fields; refused (<see cref="Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException"/>)
    /// unless its stored version is still <paramref name="readVersion"/>, the one this write read.
    /// </summary>
    Task UpdateAsync(Member member, long readVersion);

    /// <summary>Saves a lot's open points and pending flag.</summary>
    Task UpdateAsync(PointLot lot);

    /// <summary>Saves an order's refunded amount and pending day.</summary>
    Task UpdateAsync(MemberOrder order);
}

/// <summary>
/// One write of the <see cref="WritePipeline"/>: its context and transaction, the time it is recorded at, the explicit row
/// writer, the report deltas and business events it adds, and what to do once it has committed. A write that refuses
/// (<see cref="Refuse"/>) leaves nothing behind: its rows, deltas and events are rolled back with it.
/// </summary>
public sealed class WriteScope
{
    private List<Func<CancellationToken, Task>>? afterCommit;
    private readonly HashSet<long> members = [];

    internal WriteScope(LoyaltyDbContext db, IRowWriter rows, DateTime nowUtc, TimeZoneInfo zone)
    {
        Db = db;
        Rows = rows;
        NowUtc = nowUtc;
        Zone = zone;
        Rollups = new RollupDeltas(zone);
    }

    /// <summary>The write's context: reads, and rows other than the ledger's (saved with the write).</summary>
    public LoyaltyDbContext Db { get; }

    public IRowWriter Rows { get; }

    /// <summary>Recorded time: when this write happens.</summary>
    public DateTime NowUtc { get; }

    /// <summary>The merchant's time zone: every "day" is a merchant day.</summary>
    public TimeZoneInfo Zone { get; }

    /// <summary>What the reports' rollups must add for this write; applied in its transaction.</summary>
    public RollupDeltas Rollups { get; }

    internal bool Refused { get; private set; }

    internal IReadOnlyCollection<long> Members => members;

    internal IReadOnlyList<Func<CancellationToken, Task>> AfterCommitActions => afterCommit ?? [];

    /// <summary>Appends a business event to the outbox, in this write's transaction.</summary>
    public Task PublishAsync(string type, long? memberId, object data, DateTime occurredAtUtc) =>
        Rows.InsertAsync(BusinessEvents.Create(type, memberId, data, occurredAtUtc, NowUtc));

    /// <summary>Open member pages of this instance are told once the write commits.</summary>
    public void Touched(long memberId) => members.Add(memberId);

    /// <summary>
    /// Runs once the write has committed (never if it rolls back): another member's own write, such as a referrer's reward.
    /// It must not throw, and must be safe to lose in a crash (keep what it owes in a row of this write and retry from there).
    /// </summary>
    public void AfterCommit(Func<CancellationToken, Task> action) => (afterCommit ??= []).Add(action);

    /// <summary>The write decided not to happen: whatever it wrote is rolled back, and its result is still answered.</summary>
    public void Refuse() => Refused = true;

    /// <summary>Saves the context's pending rows now, inside the write (when a later row needs their generated ids).</summary>
    public Task SaveAsync(CancellationToken ct) => Db.SaveChangesAsync(ct);
}
