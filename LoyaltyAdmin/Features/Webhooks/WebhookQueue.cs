using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>
/// A member's deliveries to one endpoint go one at a time, in sequence order: one is pending (due, or being retried), the
/// later ones are queued behind it and promoted when it ends (delivered or given up).
/// </summary>
public static class WebhookQueue
{
    /// <summary>The (endpoint, member) pairs that have a pending or queued delivery now.</summary>
    public static async Task<HashSet<(int, long)>> OpenAsync(LoyaltyDbContext db, IReadOnlyCollection<int> endpointIds, IEnumerable<long> memberIds,
        CancellationToken ct)
    {
        var members = memberIds.Distinct().ToList();
        if (members.Count == 0)
            return [];
        var rows = await db.WebhookDeliveries.AsNoTracking()
            .Where(d => (d.Status == WebhookDeliveryStatus.Pending || d.Status == WebhookDeliveryStatus.Queued) && endpointIds.Contains(d.EndpointId)
                && d.MemberId != null && members.Contains(d.MemberId.Value))
            .Select(d => new { d.EndpointId, MemberId = d.MemberId!.Value }).Distinct().ToListAsync(ct);
        return rows.Select(r => (r.EndpointId, r.MemberId)).ToHashSet();
    }

    /// <summary>The status of a new delivery: queued when the member already has one open for the endpoint.</summary>
    public static WebhookDeliveryStatus Enter(HashSet<(int, long)> open, int endpointId, long? memberId) =>
        memberId is { } member && !open.Add((endpointId, member)) ? WebhookDeliveryStatus.Queued : WebhookDeliveryStatus.Pending;

    /// <summary>
    /// Makes due the first queued delivery of each member (of <paramref name="memberIds"/>, or of everyone) that has nothing
    /// open before it. Run when deliveries end, and now and then on server databases, where a delivery queued in the same
    /// moment as its predecessor ended can miss the promotion.
    /// </summary>
    public static Task<int> PromoteAsync(LoyaltyDbContext db, DateTime nowUtc, int? endpointId, IReadOnlyCollection<long>? memberIds, CancellationToken ct)
    {
        var queued = db.WebhookDeliveries.Where(d => d.Status == WebhookDeliveryStatus.Queued);
        if (endpointId is { } endpoint)
            queued = queued.Where(d => d.EndpointId == endpoint);
        if (memberIds is not null)
            queued = queued.Where(d => d.MemberId != null && memberIds.Contains(d.MemberId.Value));
        return queued
            .Where(d => !db.WebhookDeliveries.Any(p => p.EndpointId == d.EndpointId && p.MemberId == d.MemberId && p.Sequence < d.Sequence
                && (p.Status == WebhookDeliveryStatus.Pending || p.Status == WebhookDeliveryStatus.Queued)))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Status, WebhookDeliveryStatus.Pending).SetProperty(d => d.NextAttemptAtUtc, nowUtc), ct);
    }
}
