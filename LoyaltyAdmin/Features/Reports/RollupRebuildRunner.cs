using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Reports;

public enum RebuildStatus { Idle, Running, Done, Failed }

/// <summary>Where the last rebuild asked for from the console stands (one at a time, per app instance).</summary>
public sealed record RebuildState(RebuildStatus Status, int Progress, string? StartedBy, int MemberMonths);

/// <summary>
/// Runs <see cref="RollupRebuild"/> in the background for the Owner's "Rebuild report figures" button, with its
/// progress for the page; audited when started, so who rebuilt and when is on record.
/// </summary>
public sealed class RollupRebuildRunner(RollupRebuild rebuild, IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock,
    ILogger<RollupRebuildRunner> logger)
{
    private readonly Lock gate = new();
    private Task running = Task.CompletedTask;

    public RebuildState State { get; private set; } = new(RebuildStatus.Idle, 0, null, 0);

    /// <summary>Raised (on a pool thread) whenever the state changes.</summary>
    public event Action<RebuildState>? Changed;

    /// <summary>The running rebuild (completed when none runs).</summary>
    public Task Completion => running;

    /// <summary>Starts a rebuild; false when one is already running.</summary>
    public async Task<bool> StartAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Reports.Rebuild);
        lock (gate)
        {
            if (State.Status == RebuildStatus.Running)
                return false;
            Set(new RebuildState(RebuildStatus.Running, 0, actor.Name, 0));
        }
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            AuditLog.Record(db, actor, clock.GetUtcNow().UtcDateTime, "report.rollups-rebuilt", "Rollups", "all", null, null);
            await db.SaveChangesAsync(ct);
        }
        catch
        {
            Set(State with { Status = RebuildStatus.Failed });
            throw;
        }
        running = Task.Run(() => RunAsync(actor.Name));
        return true;
    }

    private async Task RunAsync(string startedBy)
    {
        try
        {
            var (memberMonths, _) = await rebuild.RebuildAsync(percent: new Reporter(p => Set(State with { Progress = p })));
            Set(new RebuildState(RebuildStatus.Done, 100, startedBy, memberMonths));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Rebuilding the report figures failed");
            Set(State with { Status = RebuildStatus.Failed });
        }
    }

    private void Set(RebuildState state)
    {
        State = state;
        Changed?.Invoke(state);
    }

    private sealed class Reporter(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
