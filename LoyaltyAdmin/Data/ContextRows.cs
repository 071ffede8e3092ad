using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Data;

/// <summary>
/// The ledger's rows on server databases: added to the write's context and saved with it (EF batches them into one round
/// trip). A row read with tracking is saved by the change tracker; one read without is attached as changed. The member's
/// version is the concurrency token: its update is refused unless the stored version is still the one read.
/// </summary>
internal sealed class ContextRows(LoyaltyDbContext db) : IRowWriter
{
    /// <summary>Saved at once, so the member's id is there for the rows that follow (they refer to it by id, not by navigation).</summary>
    public async Task InsertAsync(Member member)
    {
        db.Members.Add(member);
        await db.SaveChangesAsync();
    }

    public Task InsertAsync(PointsEntry entry) => Add(entry);
    public Task InsertAsync(PointLot lot) => Add(lot);
    public Task InsertAsync(GrowthEntry entry) => Add(entry);
    public Task InsertAsync(TierHistoryEntry entry) => Add(entry);
    public Task InsertAsync(MemberOrder order) => Add(order);
    public Task InsertAsync(ProcessedEvent processed) => Add(processed);
    public Task InsertAsync(OutboxEvent outboxEvent) => Add(outboxEvent);
    public Task InsertAsync(MemberOnceKey key) => Add(key);
    public Task InsertAsync(Features.Audit.AuditEntry entry) => Add(entry);

    public async Task UpsertAsync(MemberRuleCounter counter)
    {
        if (db.Entry(counter).State != EntityState.Detached)
            return;
        var stored = await db.MemberRuleCounters.FindAsync(counter.MemberId, counter.RuleId);
        if (stored is null)
        {
            db.MemberRuleCounters.Add(counter);
            return;
        }
        db.Entry(stored).CurrentValues.SetValues(counter);
    }

    public Task UpdateAsync(Member member, long readVersion)
    {
        // A tracked member keeps the version EF read (or last saved) as its original; a detached one is told what was read.
        var entry = db.Entry(member);
        if (entry.State == EntityState.Detached)
        {
            entry.State = EntityState.Modified;
            entry.Property(m => m.Version).OriginalValue = readVersion;
        }
        return Task.CompletedTask;
    }

    public Task UpdateAsync(PointLot lot) => Changed(lot);

    public Task UpdateAsync(MemberOrder order) => Changed(order);

    private Task Add(object row)
    {
        db.Add(row);
        return Task.CompletedTask;
    }

    private Task Changed(object row)
    {
        if (db.Entry(row).State == EntityState.Detached)
            db.Update(row);
        return Task.CompletedTask;
    }
}
