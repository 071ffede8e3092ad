using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Campaigns;

/// <summary>
/// Measures an automation: each member counts once, from the first time it picked them (treated or control); a member
/// returned when they bought within the attribution window after that moment, and their revenue is their net spend then.
/// Cost is what the treated group cost: the face value of the automation's coupons redeemed, and its points at the
/// programme's point value.
/// </summary>
public sealed class LiftService(IDbContextFactory<LoyaltyDbContext> dbFactory, ProgrammeStore programmes)
{
    /// <summary>The lift of <paramref name="automationId"/>; null when there is no such automation.</summary>
    public async Task<LiftResult?> MeasureAsync(StaffActor actor, long automationId, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Campaigns.ViewAutomations, systemMayAct: true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Automations.Where(a => a.Id == automationId).Select(a => (int?)a.AttributionDays).SingleOrDefaultAsync(ct) is not { } window)
            return null;
        var firsts = await db.AutomationGrants.AsNoTracking().Where(g => g.AutomationId == automationId)
            .GroupBy(g => g.MemberId).Select(g => new { MemberId = g.Key, At = g.Min(x => x.GrantedAtUtc), Control = g.Min(x => x.IsControl ? 1 : 0) == 1 })
            .ToListAsync(ct);
        int treated = 0, control = 0, treatedReturned = 0, controlReturned = 0;
        decimal treatedRevenue = 0, controlRevenue = 0;
        foreach (var chunk in firsts.Chunk(1000))
        {
            var ids = chunk.Select(c => c.MemberId).ToArray();
            var orders = (await db.MemberOrders.AsNoTracking().Where(o => ids.Contains(o.MemberId))
                .Select(o => new { o.MemberId, o.OccurredAtUtc, o.Amount, o.RefundedAmount }).ToListAsync(ct)).ToLookup(o => o.MemberId);
            foreach (var first in chunk)
            {
                var end = first.At.AddDays(window);
                var bought = orders[first.MemberId].Where(o => o.OccurredAtUtc > first.At && o.OccurredAtUtc <= end).ToList();
                var revenue = bought.Sum(o => o.Amount - o.RefundedAmount);
                if (first.Control)
                    (control, controlReturned, controlRevenue) = (control + 1, controlReturned + (bought.Count > 0 ? 1 : 0), controlRevenue + revenue);
                else
                    (treated, treatedReturned, treatedRevenue) = (treated + 1, treatedReturned + (bought.Count > 0 ? 1 : 0), treatedRevenue + revenue);
            }
        }
        var prefix = $"automation:{automationId}:";
        var couponCost = await db.Coupons.AsNoTracking()
            .Where(c => c.Source == CouponSource.Automation && c.Reference.StartsWith(prefix) && c.Status == CouponStatus.Redeemed)
            .Join(db.CouponTemplates, c => c.TemplateId, t => t.Id, (c, t) => new { t.Kind, t.Amount, c.RedeemedDiscount }).ToListAsync(ct);
        var points = await db.AutomationGrants.Where(g => g.AutomationId == automationId && !g.IsControl).SumAsync(g => g.Points, ct);
        var pointValue = (await programmes.GetCurrentAsync(ct)).Programme.PointValue.MoneyPerPoint;
        var cost = couponCost.Sum(c => c.Kind == CouponKind.AmountOff ? c.Amount ?? 0 : c.RedeemedDiscount ?? 0) + points * pointValue;
        return LiftStatistics.Compute(new GroupOutcome(treated, treatedReturned, treatedRevenue), new GroupOutcome(control, controlReturned, controlRevenue), cost);
    }
}
