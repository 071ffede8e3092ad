using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Campaigns;

/// <summary>
/// Every minute, runs the active automations whose schedule (cron, in the merchant's time zone) came due since their last
/// run. The runner's lease and its (automation, member, day) key make a run happen once across instances.
/// </summary>
public sealed class AutomationScheduler(IDbContextFactory<LoyaltyDbContext> dbFactory, AutomationRunner runner, MerchantClock merchantClock)
{
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        var now = merchantClock.UtcNow.UtcDateTime;
        List<Automation> scheduled;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            scheduled = await db.Automations.AsNoTracking().Where(a => a.Status == AutomationStatus.Active && a.Schedule != null).ToListAsync(ct);
        var ran = 0;
        foreach (var automation in scheduled)
        {
            if (!AutomationService.TryParse(automation.Schedule!, out var cron))
                continue;
            var due = cron!.GetNextOccurrence(automation.LastRunAtUtc ?? automation.CreatedAtUtc, zone);
            if (due is { } at && at <= now && (await runner.RunAsync(StaffActor.System("automation"), automation.Id, at, ct)).Status == AutomationRunStatus.Done)
                ran++;
        }
        return ran;
    }
}

public sealed class AutomationSchedulerHostedService(AutomationScheduler scheduler, ILogger<AutomationSchedulerHostedService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await scheduler.RunDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Automation schedule failed; it is tried again in a minute");
            }
        }
    }
}
