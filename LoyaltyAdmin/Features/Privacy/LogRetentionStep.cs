using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Jobs;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Privacy;

/// <summary>
/// The daily run's pruning. Audit entries (the access log among them) and staff visits older than
/// <see cref="PrivacyOptions.AuditRetentionDays"/> merchant days are deleted; the API's request records (each request id
/// with its answer, <see cref="Members.ProcessedEvent"/>) older than <see cref="PrivacyOptions.ApiRequestRetentionDays"/>,
/// through the write pipeline, as they are ledger rows: a request repeated after that is treated as new (an order id
/// already used is still refused by the orders' own index). Consent changes are kept (the proof of consent).
/// </summary>
public sealed class LogRetentionStep(IDbContextFactory<LoyaltyDbContext> dbFactory, WritePipeline pipeline, IOptionsMonitor<PrivacyOptions> options,
    MerchantClock merchantClock, ILogger<LogRetentionStep> logger) : IDailyStep
{
    public async Task RunAsync(DateOnly day, CancellationToken ct)
    {
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        DateTime StartOf(DateOnly d) => TimeZoneInfo.ConvertTimeToUtc(d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
        var settings = options.CurrentValue;
        if (settings.AuditRetentionDays > 0)
        {
            var keepFrom = day.AddDays(-settings.AuditRetentionDays);
            var keepFromUtc = StartOf(keepFrom);
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            var audit = await db.AuditLog.Where(a => a.AtUtc < keepFromUtc).ExecuteDeleteAsync(ct);
            var visits = await db.MemberVisits.Where(v => v.Day < keepFrom).ExecuteDeleteAsync(ct);
            if (audit + visits > 0)
                logger.LogInformation("Log retention ({Days} days): {Audit} audit entries and {Visits} visits before {Day} deleted",
                    settings.AuditRetentionDays, audit, visits, keepFrom);
        }
        if (settings.ApiRequestRetentionDays > 0)
        {
            var keepFrom = day.AddDays(-settings.ApiRequestRetentionDays);
            var keepFromUtc = StartOf(keepFrom);
            var requests = await pipeline.RunAsync(scope => scope.Db.ProcessedEvents.Where(e => e.ProcessedAtUtc < keepFromUtc).ExecuteDeleteAsync(ct), ct);
            if (requests > 0)
                logger.LogInformation("Log retention ({Days} days): {Requests} API request records before {Day} deleted",
                    settings.ApiRequestRetentionDays, requests, keepFrom);
        }
    }
}
