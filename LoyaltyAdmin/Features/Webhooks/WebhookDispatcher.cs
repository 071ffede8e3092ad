using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>
/// Claims due deliveries and records what their attempts did. A claim is one conditional UPDATE that leases rows nobody holds
/// (<see cref="WebhookOptions.Lease"/>), so across instances each attempt is made by one of them; a member's delivery is claimable only
/// when no earlier one of the member's to the same endpoint is still open. Recording is conditional on the lease too.
/// </summary>
public sealed class WebhookDispatcher(IDbContextFactory<LoyaltyDbContext> dbFactory, WebhookFeedReader feed, WebhookSender sender, TimeProvider clock,
    IOptionsMonitor<WebhookOptions> options, ILogger<WebhookDispatcher> logger)
{
    private readonly string instance = $"{Environment.MachineName[..Math.Min(40, Environment.MachineName.Length)]}:{Guid.NewGuid():N}";
    private long claims;

    /// <summary>
    /// Leases up to <paramref name="max"/> due deliveries, none of <paramref name="inFlight"/>, at most
    /// <paramref name="perEndpoint"/> more for an endpoint (so one that hangs does not hold every slot).
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(int max, IReadOnlyCollection<long>? inFlight = null,
        Func<int, int>? perEndpoint = null, CancellationToken ct = default)
    {
        if (max <= 0)
            return [];
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var candidates = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAtUtc <= now && (d.LeasedUntilUtc == null || d.LeasedUntilUtc < now))
            .Where(d => d.Sequence == null || db.WebhookEndpoints.Any(e => e.Id == d.EndpointId && e.IsActive))
            .Where(d => d.MemberId == null || !db.WebhookDeliveries.Any(p => p.EndpointId == d.EndpointId && p.MemberId == d.MemberId
                && p.Status == WebhookDeliveryStatus.Pending && p.Sequence < d.Sequence))
            .OrderBy(d => d.NextAttemptAtUtc).ThenBy(d => d.Id)
            .Select(d => new { d.Id, d.EndpointId })
            .Take(max + (inFlight?.Count ?? 0))
            .ToListAsync(ct);
        var taken = new Dictionary<int, int>();
        var ids = new List<long>(max);
        foreach (var c in candidates)
        {
            if (ids.Count == max || inFlight?.Contains(c.Id) == true)
                continue;
            var count = taken.GetValueOrDefault(c.EndpointId);
            if (perEndpoint is not null && count >= perEndpoint(c.EndpointId))
                continue;
            taken[c.EndpointId] = count + 1;
            ids.Add(c.Id);
        }
        if (ids.Count == 0)
            return [];
        var token = $"{instance}:{Interlocked.Increment(ref claims)}";
        var until = now + options.CurrentValue.Lease;
        // The lease condition is on the rows themselves: a concurrent claimer that locked them first makes this skip them.
        var leased = await db.WebhookDeliveries
            .Where(d => ids.Contains(d.Id) && d.Status == WebhookDeliveryStatus.Pending && (d.LeasedUntilUtc == null || d.LeasedUntilUtc < now))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.LeasedUntilUtc, until).SetProperty(d => d.LeasedBy, token), ct);
        if (leased == 0)
            return [];
        return await (
            from d in db.WebhookDeliveries.AsNoTracking().Where(d => d.LeasedBy == token)
            join e in db.WebhookEndpoints on d.EndpointId equals e.Id
            from o in db.OutboxEvents.Where(o => o.Sequence == d.Sequence).DefaultIfEmpty()
            from m in db.Members.Where(m => m.Id == d.MemberId).DefaultIfEmpty()
            orderby d.Id
            select new ClaimedDelivery(d.Id, d.EndpointId, e.Url, e.ProtectedSecret, e.PreviousProtectedSecret, e.PreviousSecretUntilUtc, d.Sequence,
                d.MemberId, d.EventType, d.OccurredAtUtc, o == null ? null : o.RecordedAtUtc, o == null ? null : o.Payload, m == null ? null : m.Phone,
                d.Attempts, d.FirstAttemptAtUtc, token))
            .ToListAsync(ct);
    }

    /// <summary>Sends every claimed delivery at once and records the outcomes.</summary>
    public async Task<int> SendAsync(IReadOnlyList<ClaimedDelivery> claimed, CancellationToken ct = default)
    {
        var results = await Task.WhenAll(claimed.Select(d => sender.SendAsync(d, ct)));
        await RecordAsync(results, ct);
        return results.Length;
    }

    /// <summary>One pass by hand (tests, and nothing else): read the outbox to its end, then one attempt of everything due.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct = default)
    {
        while (await feed.ReadAsync(ct))
        {
        }
        return await SendAsync(await ClaimAsync(10_000, ct: ct), ct);
    }

    /// <summary>Passes until nothing is due now (queued deliveries promoted by a pass go in the next).</summary>
    public async Task<int> RunUntilIdleAsync(CancellationToken ct = default)
    {
        var total = 0;
        for (int sent; (sent = await RunOnceAsync(ct)) > 0;)
            total += sent;
        return total;
    }

    /// <summary>Records attempts in one transaction: each delivery's new state, the member queues they free, the endpoints' health.</summary>
    public async Task RecordAsync(IReadOnlyList<AttemptResult> results, CancellationToken ct = default)
    {
        if (results.Count == 0)
            return;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var ended = new List<(int Endpoint, long Member)>();
        foreach (var r in results)
        {
            var d = r.Delivery;
            var first = d.FirstAttemptAtUtc ?? r.AttemptedAtUtc;
            var status = WebhookDeliveryStatus.Pending;
            var next = now;
            if (r.Succeeded)
                status = WebhookDeliveryStatus.Succeeded;
            else if (d.Sequence is null || r.StatusCode == 410 || WebhookRetrySchedule.NextAttempt(first, now, d.Attempts + 1, Random.Shared.NextDouble()) is not { } retry)
                status = WebhookDeliveryStatus.Failed; // a test event is tried once; 410 means the endpoint is gone
            else
                next = retry;
            var recorded = await db.WebhookDeliveries.Where(x => x.Id == d.Id && x.LeasedBy == d.LeasedBy)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Status, status).SetProperty(x => x.Attempts, x => x.Attempts + 1).SetProperty(x => x.NextAttemptAtUtc, next)
                    .SetProperty(x => x.FirstAttemptAtUtc, first).SetProperty(x => x.LastAttemptAtUtc, r.AttemptedAtUtc)
                    .SetProperty(x => x.LastStatusCode, r.StatusCode).SetProperty(x => x.LastLatencyMs, r.LatencyMs)
                    .SetProperty(x => x.LastError, r.Error).SetProperty(x => x.LastResponse, r.Response)
                    .SetProperty(x => x.LeasedUntilUtc, (DateTime?)null).SetProperty(x => x.LeasedBy, (string?)null), ct);
            if (recorded == 0)
                logger.LogWarning("Delivery {Id}: its lease ran out before the attempt was recorded; another attempt will be made", d.Id);
            else if (status != WebhookDeliveryStatus.Pending && d.MemberId is { } member)
                ended.Add((d.EndpointId, member));
        }
        foreach (var group in ended.GroupBy(e => e.Endpoint))
            await WebhookQueue.PromoteAsync(db, now, group.Key, group.Select(e => e.Member).Distinct().ToList(), ct);
        foreach (var group in results.GroupBy(r => r.Delivery.EndpointId))
            await UpdateHealthAsync(db, group.Key, group.ToList(), now, ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// A success clears the endpoint's failure streak and, if it had one, brings its waiting retries forward (the receiver is
    /// back). A failure starts the streak; three days of it, or one 410, disable the endpoint.
    /// </summary>
    private async Task UpdateHealthAsync(LoyaltyDbContext db, int endpointId, List<AttemptResult> results, DateTime now, CancellationToken ct)
    {
        var endpoints = db.WebhookEndpoints.Where(e => e.Id == endpointId);
        if (results.Any(r => r.Succeeded))
        {
            var wasFailing = await endpoints.AnyAsync(e => e.FailingSinceUtc != null, ct);
            await endpoints.ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSinceUtc, (DateTime?)null).SetProperty(e => e.LastSuccessAtUtc, now), ct);
            if (wasFailing)
                await db.WebhookDeliveries.Where(d => d.EndpointId == endpointId && d.Status == WebhookDeliveryStatus.Pending && d.NextAttemptAtUtc > now)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAtUtc, now), ct);
        }
        else if (results.Any(r => r.Delivery.Sequence is not null))
        {
            await endpoints.ExecuteUpdateAsync(s => s.SetProperty(e => e.FailingSinceUtc, e => e.FailingSinceUtc ?? now), ct);
            var limit = now - WebhookRetrySchedule.DisableAfter;
            if (await Disable(endpoints.Where(e => e.FailingSinceUtc <= limit), WebhookDisabledReason.Failing, now, ct) > 0)
                logger.LogWarning("Webhook endpoint {Id} failed for {Days} days without a success and was disabled", endpointId, WebhookRetrySchedule.DisableAfter.TotalDays);
        }
        if (results.Any(r => r.StatusCode == 410) && await Disable(endpoints, WebhookDisabledReason.Gone, now, ct) > 0)
            logger.LogWarning("Webhook endpoint {Id} answered 410 Gone and was disabled", endpointId);
    }

    private static Task<int> Disable(IQueryable<WebhookEndpoint> endpoints, WebhookDisabledReason reason, DateTime now, CancellationToken ct) =>
        endpoints.Where(e => e.IsActive).ExecuteUpdateAsync(s => s.SetProperty(e => e.IsActive, false)
            .SetProperty(e => e.DisabledAtUtc, now).SetProperty(e => e.DisabledReason, reason), ct);
}
