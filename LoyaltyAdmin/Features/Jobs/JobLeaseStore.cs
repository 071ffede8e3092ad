using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Jobs;

/// <summary>
/// Database leases for scheduled jobs. Taking a lease is one conditional UPDATE, atomic on SQLite and
/// SQL Server alike, so when several app instances share the database exactly one runs a job at a time.
/// </summary>
public sealed class JobLeaseStore(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.JobLeases.AnyAsync(l => l.Name == name, ct))
        {
            db.JobLeases.Add(new JobLease { Name = name, ExpiresAtUtc = DateTime.UnixEpoch });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another instance created the row first; the update below decides who holds it.
            }
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now + duration;
        var taken = await db.JobLeases
            .Where(l => l.Name == name && (l.Holder == null || l.Holder == holder || l.ExpiresAtUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAtUtc, until), ct);
        return taken == 1;
    }

    /// <summary>Records a finished day while holding the lease, so a crash resumes after it.</summary>
    public async Task CompleteDayAsync(string name, string holder, DateOnly day, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.JobLeases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.LastCompletedDay, day), ct);
    }

    public async Task ReleaseAsync(string name, string holder, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.JobLeases.Where(l => l.Name == name && l.Holder == holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, (string?)null), ct);
    }

    public async Task<DateOnly?> LastCompletedDayAsync(string name, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.JobLeases.Where(l => l.Name == name).Select(l => l.LastCompletedDay).FirstOrDefaultAsync(ct);
    }
}
