using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>The daily run's part: finished deliveries older than <see cref="WebhookOptions.LogRetentionDays"/> leave the log.</summary>
public sealed class WebhookLogCleanup(IDbContextFactory<LoyaltyDbContext> dbFactory, IOptionsMonitor<WebhookOptions> options, TimeProvider clock) : IDailyStep
{
    public async Task RunAsync(DateOnly day, CancellationToken ct)
    {
        var before = clock.GetUtcNow().UtcDateTime.AddDays(-Math.Max(1, options.CurrentValue.LogRetentionDays));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.WebhookDeliveries
            .Where(d => (d.Status == WebhookDeliveryStatus.Succeeded || d.Status == WebhookDeliveryStatus.Failed) && d.CreatedAtUtc < before)
            .ExecuteDeleteAsync(ct);
    }
}
