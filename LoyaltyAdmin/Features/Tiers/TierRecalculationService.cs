using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Jobs;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Tiers;

/// <summary>Where tier recalculation stands: the newest version waiting for one, and the run going on (or the last one).</summary>
public sealed record RecalculationState(int? PendingVersion, RecalculationView? Run);

public sealed record RecalculationView(long Id, int VersionNumber, RecalculationStatus Status, int Total, int Processed, int MovedUp, int MovedDown,
    string RequestedBy, DateTime RequestedAtUtc, DateTime? FinishedAtUtc)
{
    public int Percent => Total == 0 ? (Status == RecalculationStatus.Completed ? 100 : 0) : (int)(100L * Processed / Total);
}

/// <summary>
/// Explicit tier recalculation (the Owner's "Recalculate tiers"): after a version changed how tiers are decided, members
/// keep their tiers until the Owner asks; then every member is re-qualified through the ledger's own tier path
/// (<see cref="PointsLedgerService.RecalculateTierAsync"/>), in the background, in batches, on whichever instance holds the
/// lease, with its progress stored for every instance's programme page. Requested and completed runs are audited.
/// </summary>
public sealed class TierRecalculationService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    ProgrammeStore store,
    PointsLedgerService ledger,
    JobLeaseStore leases,
    MerchantClock merchantClock,
    TimeProvider clock,
    ILogger<TierRecalculationService> logger)
{
    public const string LeaseName = "tiers.recalculation";
    public const int BatchSize = 500;
    private static readonly TimeSpan LeaseFor = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim wake = new(0);

    /// <summary>Waits until a run is requested on this instance, or <paramref name="timeout"/> passes.</summary>
    public Task WaitForRequestAsync(TimeSpan timeout, CancellationToken ct) => wake.WaitAsync(timeout, ct);

    public async Task<RecalculationState> GetStateAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var pending = await db.ProgrammeVersions.Where(v => v.RecalculationPending).MaxAsync(v => (int?)v.Number, ct);
        var run = await db.TierRecalculations.AsNoTracking().OrderByDescending(r => r.Id)
            .Select(r => new RecalculationView(r.Id, r.VersionNumber, r.Status, r.Total, r.Processed, r.MovedUp, r.MovedDown, r.RequestedBy, r.RequestedAtUtc,
                r.FinishedAtUtc))
            .FirstOrDefaultAsync(ct);
        return new RecalculationState(pending, run);
    }

    /// <summary>
    /// Queues a recalculation of every member under the newest version (Owner only). While one is queued or running, that
    /// one is answered instead of a second.
    /// </summary>
    public async Task<RecalculationView> RequestAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Programme.Manage);
        await store.GetCurrentAsync(ct); // a new installation has its first version
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var run = await db.TierRecalculations.Where(r => r.Status == RecalculationStatus.Queued || r.Status == RecalculationStatus.Running)
            .OrderBy(r => r.Id).FirstOrDefaultAsync(ct);
        if (run is null)
        {
            var latest = await db.ProgrammeVersions.OrderByDescending(v => v.Number).ThenByDescending(v => v.Id).Select(v => new { v.Id, v.Number }).FirstAsync(ct);
            var now = clock.GetUtcNow().UtcDateTime;
            run = new TierRecalculation
            {
                VersionId = latest.Id, VersionNumber = latest.Number, BaselineVersionId = await TierQualification.BaselineVersionIdAsync(db, ct) ?? latest.Id,
                Status = RecalculationStatus.Queued, RequestedBy = actor.Name, RequestedAtUtc = now,
            };
            db.TierRecalculations.Add(run);
            await db.SaveChangesAsync(ct);
            AuditLog.Record(db, actor, now, "programme.tiers_recalculation_requested", "Programme", latest.Number, null,
                new { Version = latest.Number, run.Id });
            await db.SaveChangesAsync(ct);
        }
        wake.Release();
        return View(run);
    }

    /// <summary>Runs the queued (or interrupted) recalculation if this instance gets the lease; the number of members moved.</summary>
    public async Task<int> RunPendingAsync(string holder, CancellationToken ct = default)
    {
        long? next;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            next = await db.TierRecalculations.Where(r => r.Status == RecalculationStatus.Queued || r.Status == RecalculationStatus.Running)
                .OrderBy(r => r.Id).Select(r => (long?)r.Id).FirstOrDefaultAsync(ct);
        if (next is null || !await leases.TryAcquireAsync(LeaseName, holder, LeaseFor, ct))
            return 0;
        try
        {
            return await RunAsync(next.Value, holder, ct);
        }
        finally
        {
            await leases.ReleaseAsync(LeaseName, holder, CancellationToken.None);
        }
    }

    private async Task<int> RunAsync(long id, string holder, CancellationToken ct)
    {
        TierRecalculation run;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            run = await db.TierRecalculations.SingleAsync(r => r.Id == id, ct);
            // Another instance finished it between this one's look and its lease.
            if (!run.IsActive)
                return 0;
            if (run.Status == RecalculationStatus.Queued)
            {
                run.Status = RecalculationStatus.Running;
                run.StartedAtUtc = clock.GetUtcNow().UtcDateTime;
                run.Total = await db.Members.CountAsync(ct);
                await db.SaveChangesAsync(ct);
            }
        }
        try
        {
            var before = (await store.GetVersionAsync(run.BaselineVersionId, ct)).Programme;
            var after = (await store.GetVersionAsync(run.VersionId, ct)).Programme;
            while (await NextBatchAsync(run, before, after, ct))
                await leases.TryAcquireAsync(LeaseName, holder, LeaseFor, ct);
            await CompleteAsync(run, ct);
            return run.MovedUp + run.MovedDown;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Tier recalculation {Run} failed after {Processed} members", run.Id, run.Processed);
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.TierRecalculations.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, RecalculationStatus.Failed)
                .SetProperty(r => r.Error, ex.Message.Length > 500 ? ex.Message[..500] : ex.Message)
                .SetProperty(r => r.FinishedAtUtc, clock.GetUtcNow().UtcDateTime), CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// The next members after the last one done: decided in memory from their figures, and only those who move are written,
    /// each in its own ledger write that decides again under the member's lock. False when no member is left.
    /// </summary>
    private async Task<bool> NextBatchAsync(TierRecalculation run, Rules.Programme before, Rules.Programme after, CancellationToken ct)
    {
        List<QualificationRow> rows;
        Dictionary<long, decimal>? rollingBefore, rollingAfter;
        var today = await merchantClock.TodayAsync(ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            rows = await TierQualification.Rows(db, run.LastMemberId).Take(BatchSize).ToListAsync(ct);
            if (rows.Count == 0)
                return false;
            (rollingBefore, rollingAfter) = await TierQualification.RollingForAsync(db, before, after, clock.GetUtcNow().UtcDateTime, ct, rows[0].Id, rows[^1].Id);
        }
        foreach (var row in rows)
        {
            if (TierQualification.Decide(before, after, row, rollingBefore, rollingAfter, today).Change is not (TierChange.Upgrade or TierChange.Downgrade))
                continue;
            switch (await ledger.RecalculateTierAsync(row.Id, before, after, run.VersionNumber, run.Id, ct))
            {
                case TierChange.Upgrade: run.MovedUp++; break;
                case TierChange.Downgrade: run.MovedDown++; break;
            }
        }
        run.Processed += rows.Count;
        run.LastMemberId = rows[^1].Id;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await db.TierRecalculations.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Processed, run.Processed)
                .SetProperty(r => r.LastMemberId, run.LastMemberId).SetProperty(r => r.MovedUp, run.MovedUp).SetProperty(r => r.MovedDown, run.MovedDown), ct);
        }
        return true;
    }

    private async Task CompleteAsync(TierRecalculation run, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.TierRecalculations.SingleAsync(r => r.Id == run.Id, ct);
        row.Status = RecalculationStatus.Completed;
        row.FinishedAtUtc = now;
        row.Total = Math.Max(row.Total, row.Processed);
        foreach (var version in await db.ProgrammeVersions.Where(v => v.RecalculationPending && v.Number <= run.VersionNumber).ToListAsync(ct))
            version.RecalculationPending = false;
        AuditLog.Record(db, StaffActor.System("tier-recalculation"), now, "programme.tiers_recalculated", "Programme", run.VersionNumber, null,
            new { Version = run.VersionNumber, run.Processed, run.MovedUp, run.MovedDown, run.RequestedBy });
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Tier recalculation after version {Version}: {Processed} members, {Up} up, {Down} down", run.VersionNumber, run.Processed,
            run.MovedUp, run.MovedDown);
    }

    private static RecalculationView View(TierRecalculation r) =>
        new(r.Id, r.VersionNumber, r.Status, r.Total, r.Processed, r.MovedUp, r.MovedDown, r.RequestedBy, r.RequestedAtUtc, r.FinishedAtUtc);
}

/// <summary>Runs requested tier recalculations in the background: at once on the instance that was asked, else within half a minute.</summary>
public sealed class TierRecalculationHostedService(TierRecalculationService recalculations, ILogger<TierRecalculationHostedService> logger) : BackgroundService
{
    private readonly string holder = $"{Environment.MachineName}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await recalculations.RunPendingAsync(holder, stoppingToken);
                await recalculations.WaitForRequestAsync(TimeSpan.FromSeconds(30), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Tier recalculation stopped; it resumes from the last member done on the next run.");
                await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
            }
        }
    }
}
