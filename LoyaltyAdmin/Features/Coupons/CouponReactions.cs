using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Coupons;

/// <summary>
/// Issues the active packs a ledger operation triggers, in its transaction: registration and birthday packs on those
/// activities, tier-upgrade packs for each tier reached. The ledger only reacts to new operations, and each pack's
/// reference is the operation's event id, so a replay or a retried operation never issues a pack twice.
/// A pack that cannot be issued (out of stock, limit reached) is logged and does not stop the operation.
/// </summary>
public sealed class CouponReactions(CouponIssuer issuer, ILogger<CouponReactions> logger) : ILedgerReaction
{
    public async Task ReactAsync(LedgerOperation operation, CancellationToken ct)
    {
        var member = operation.Member;
        var eventId = operation.EventId ?? $"op:{member.Id}:{operation.OccurredAtUtc.Ticks}";
        switch (operation.Activity?.Type)
        {
            case ActivityType.Registration:
                await IssueAsync(operation, CouponPackTrigger.Registration, null, CouponSource.Registration, eventId, ct);
                break;
            case ActivityType.Birthday:
                await IssueAsync(operation, CouponPackTrigger.Birthday, null, CouponSource.Birthday, eventId, ct);
                break;
        }
        foreach (var upgrade in operation.TierChanges.Where(c => c.Change == TierChangeKind.Upgrade))
            await IssueAsync(operation, CouponPackTrigger.TierUpgrade, upgrade.ToTier, CouponSource.TierUpgrade, $"{eventId}/tier:{upgrade.ToTier}", ct);
    }

    private async Task IssueAsync(LedgerOperation operation, CouponPackTrigger trigger, string? tierCode, CouponSource source, string reference, CancellationToken ct)
    {
        var packs = await operation.Db.CouponPacks.AsNoTracking()
            .Where(p => p.IsActive && p.Trigger == trigger && (tierCode == null || p.TierCode == tierCode))
            .OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
        foreach (var packId in packs)
        {
            // Business time: a pack for a late purchase's upgrade is issued, and valid, from the purchase's time.
            var result = await issuer.IssuePackAsync(operation.Scope, operation.Member.Id, packId, source, $"{reference}/pack:{packId}", operation.OccurredAtUtc, ct);
            if (!result.Succeeded && result.Status != CouponIssueStatus.AlreadyIssued)
                logger.LogWarning("Coupon pack {PackId} ({Trigger}) not issued to member {MemberId}: {Status}", packId, trigger, operation.Member.Id, result.Status);
        }
    }
}
