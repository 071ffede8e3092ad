using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>An endpoint's delivery log, replays (one delivery, or the events of a time range), test events, and the dashboard's alerts.</summary>
public sealed class WebhookLog(IDbContextFactory<LoyaltyDbContext> dbFactory, WebhookSignal signal, TimeProvider clock)
{
    /// <summary>Events a range replay queues at most: a range that large is a new endpoint's history, not a repair.</summary>
    public const int MaxReplay = 100_000;

    public async Task<(IReadOnlyList<DeliveryRow> Rows, int Total)> DeliveriesAsync(StaffActor actor, DeliveryFilter filter, int skip, int take,
        CancellationToken ct = default)
    {
        actor.Demand(Permissions.Webhooks.Manage);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.WebhookDeliveries.AsNoTracking().Where(d => d.EndpointId == filter.EndpointId);
        if (filter.Status is { } status)
            query = query.Where(d => d.Status == status);
        if (!string.IsNullOrEmpty(filter.EventType))
            query = query.Where(d => d.EventType == filter.EventType);
        if (filter.FromUtc is { } from)
            query = query.Where(d => d.OccurredAtUtc >= from);
        if (filter.ToUtc is { } to)
            query = query.Where(d => d.OccurredAtUtc < to);
        var total = await query.CountAsync(ct);
        var rows = await (
            from d in query.OrderByDescending(d => d.OccurredAtUtc).ThenByDescending(d => d.Id).Skip(skip).Take(take)
            from m in db.Members.Where(m => m.Id == d.MemberId).DefaultIfEmpty()
            select new { d, Phone = m == null ? null : m.Phone })
            .ToListAsync(ct);
        return ([.. rows.OrderByDescending(r => r.d.OccurredAtUtc).ThenByDescending(r => r.d.Id).Select(r => new DeliveryRow(r.d.Id,
            r.d.Sequence is { } s ? $"evt_{s}" : $"test_{r.d.Id}", r.d.EventType, r.Phone, r.d.OccurredAtUtc, r.d.CreatedAtUtc, r.d.Status, r.d.Attempts,
            r.d.LastAttemptAtUtc, r.d.LastStatusCode, r.d.LastLatencyMs, r.d.LastError, r.d.LastResponse, r.d.NextAttemptAtUtc, r.d.ReplayedAtUtc))], total);
    }

    /// <summary>Sends a finished delivery again, as a fresh series of attempts (same message id, so a receiver can drop a repeat).</summary>
    public async Task<bool> ReplayAsync(StaffActor actor, long deliveryId, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Webhooks.Manage);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var replayed = await Reopen(db.WebhookDeliveries.Where(d => d.Id == deliveryId), WebhookDeliveryStatus.Pending, now, ct);
        if (replayed > 0)
        {
            AuditLog.Record(db, actor, now, "webhook.replay", nameof(WebhookDelivery), deliveryId, null, null);
            await db.SaveChangesAsync(ct);
            signal.Set();
        }
        return replayed > 0;
    }

    /// <summary>
    /// Queues again every event recorded in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) that the endpoint subscribes to:
    /// finished deliveries are reopened, events it never had (it was inactive, or newer than nothing) are added; open ones are left.
    /// A member's events keep their order. Answers how many were queued.
    /// </summary>
    public async Task<int> ReplayRangeAsync(StaffActor actor, int endpointId, DateTime fromUtc, DateTime toUtc, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Webhooks.Manage);
        var now = clock.GetUtcNow().UtcDateTime;
        var queued = 0;
        long after = 0;
        while (queued < MaxReplay)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var endpoint = await db.WebhookEndpoints.AsNoTracking().SingleOrDefaultAsync(e => e.Id == endpointId, ct);
            if (endpoint is null)
                return queued;
            var events = await db.OutboxEvents.AsNoTracking()
                .Where(o => o.Sequence > after && o.RecordedAtUtc >= fromUtc && o.RecordedAtUtc < toUtc)
                .OrderBy(o => o.Sequence).Take(WebhookFeedReader.BatchSize).ToListAsync(ct);
            if (events.Count == 0)
                break;
            after = events[^1].Sequence;
            events = [.. events.Where(e => endpoint.Subscribes(e.Type))];
            var sequences = events.Select(e => (long?)e.Sequence).ToList();
            var existing = await db.WebhookDeliveries.Where(d => d.EndpointId == endpointId && sequences.Contains(d.Sequence)).ToDictionaryAsync(d => d.Sequence!.Value, ct);
            var open = await WebhookQueue.OpenAsync(db, [endpointId], events.Where(e => e.MemberId is not null).Select(e => e.MemberId!.Value), ct);
            foreach (var e in events)
            {
                if (existing.TryGetValue(e.Sequence, out var delivery))
                {
                    if (delivery.Status is WebhookDeliveryStatus.Pending or WebhookDeliveryStatus.Queued || delivery.LeasedBy is not null)
                        continue;
                    var status = WebhookQueue.Enter(open, endpointId, e.MemberId);
                    (delivery.Status, delivery.NextAttemptAtUtc, delivery.FirstAttemptAtUtc, delivery.ReplayedAtUtc) = (status, now, null, now);
                }
                else
                {
                    db.WebhookDeliveries.Add(new WebhookDelivery
                    {
                        EndpointId = endpointId, Sequence = e.Sequence, MemberId = e.MemberId, EventType = e.Type, OccurredAtUtc = e.OccurredAtUtc,
                        CreatedAtUtc = now, Status = WebhookQueue.Enter(open, endpointId, e.MemberId), NextAttemptAtUtc = now, ReplayedAtUtc = now,
                    });
                }
                queued++;
            }
            if (queued > 0 && events.Count > 0)
                AuditLog.Record(db, actor, now, "webhook.replay_range", nameof(WebhookEndpoint), endpointId, null, new { fromUtc, toUtc, through = after });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        signal.Set();
        return queued;
    }

    /// <summary>Queues a <c>webhook.test</c> event (tried once, also to an inactive endpoint) and answers its delivery's id.</summary>
    public async Task<long?> SendTestAsync(StaffActor actor, int endpointId, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Webhooks.Manage);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == endpointId, ct))
            return null;
        var delivery = new WebhookDelivery
        {
            EndpointId = endpointId, EventType = WebhookBody.TestType, OccurredAtUtc = now, CreatedAtUtc = now, Status = WebhookDeliveryStatus.Pending,
            NextAttemptAtUtc = now,
        };
        db.WebhookDeliveries.Add(delivery);
        await db.SaveChangesAsync(ct);
        signal.Set();
        return delivery.Id;
    }

    /// <summary>The delivery once it has finished, or null while it is still open.</summary>
    public async Task<DeliveryRow?> FinishedAsync(StaffActor actor, int endpointId, long deliveryId, CancellationToken ct = default)
    {
        var (rows, _) = await DeliveriesAsync(actor, new DeliveryFilter(endpointId), 0, 50, ct);
        return rows.FirstOrDefault(r => r.Id == deliveryId && r.Status is WebhookDeliveryStatus.Succeeded or WebhookDeliveryStatus.Failed);
    }

    /// <summary>Endpoints the dispatcher disabled, and active ones failing for more than an hour.</summary>
    public async Task<IReadOnlyList<WebhookAlertRow>> AlertsAsync(StaffActor actor, CancellationToken ct = default)
    {
        if (!actor.Can(Permissions.Webhooks.Manage))
            return [];
        var failingFor = clock.GetUtcNow().UtcDateTime.AddHours(-1);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.WebhookEndpoints.AsNoTracking()
            .Where(e => (!e.IsActive && e.DisabledReason != null && e.DisabledReason != WebhookDisabledReason.Owner) || (e.IsActive && e.FailingSinceUtc < failingFor))
            .OrderBy(e => e.Id)
            .Select(e => new WebhookAlertRow(e.Id, e.Url, e.IsActive ? null : e.DisabledReason, e.DisabledAtUtc, e.FailingSinceUtc))
            .ToListAsync(ct);
    }

    private static Task<int> Reopen(IQueryable<WebhookDelivery> deliveries, WebhookDeliveryStatus status, DateTime now, CancellationToken ct) =>
        deliveries.Where(d => (d.Status == WebhookDeliveryStatus.Succeeded || d.Status == WebhookDeliveryStatus.Failed) && d.LeasedBy == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, status).SetProperty(d => d.NextAttemptAtUtc, now)
                .SetProperty(d => d.FirstAttemptAtUtc, (DateTime?)null).SetProperty(d => d.ReplayedAtUtc, now), ct);
}
