using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Jobs;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Privacy;

/// <summary>
/// The daily run's pruning: audit entries (the access log among them) and staff visits older than
/// <see cref="PrivacyOptions.AuditRetentionDays"/> merchant days are deleted. The idempotency records are not a log and
/// stay (a repeated request must keep its first answer), as do consent changes (the proof of consent).
/// </summary>
public sealed class LogRetentionStep(IDbContextFactory<LoyaltyDbContext> dbFactory, IOptionsMonitor<PrivacyOptions> options, MerchantClock merchantClock,
    ILogger<LogRetentionStep> logger) : IDailyStep
{
    public async Task RunAsync(DateOnly day, CancellationToken ct)
    {
        var days = options.CurrentValue.AuditRetentionDays;
        if (days <= 0)
            return;
        var keepFrom = day.AddDays(-days);
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        var keepFromUtc = TimeZoneInfo.ConvertTimeToUtc(keepFrom.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var audit = await db.AuditLog.Where(a => a.AtUtc < keepFromUtc).ExecuteDeleteAsync(ct);
        var visits = await db.MemberVisits.Where(v => v.Day < keepFrom).ExecuteDeleteAsync(ct);
        if (audit + visits > 0)
            logger.LogInformation("Log retention ({Days} days): {Audit} audit entries and {Visits} visits before {Day} deleted", days, audit, visits, keepFrom);
    }
}
