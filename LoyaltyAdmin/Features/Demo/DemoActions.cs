using System.Security.Claims;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Demo;

/// <summary>
/// Carries out one demo action through the same services a till, a counter or the Owner's pages use: sign-ups with the
/// referral code and the consent answer, activities and refunds through the ledger, catalogue redemptions, coupon
/// write-offs at the till, adjustments, tiers set by hand, coupon voids. A refusal is what the real service would say
/// to that member on that day (not enough points, no coupon left) and is simply skipped.
/// </summary>
public sealed class DemoActions(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    PointsLedgerService ledger,
    MemberService members,
    RedemptionService redemptions,
    CouponWriteOff writeOff,
    CouponIssueService coupons,
    TierOverrideService tiers,
    ReferralCampaignService referrals,
    TimeProvider clock)
{
    /// <summary>The demo's Owner, named in the audit log and on what staff did.</summary>
    private static readonly StaffActor Owner = StaffActor.From(new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.NameIdentifier, "demo"), new Claim(ClaimTypes.Name, "demo"), new Claim(ClaimTypes.Role, Roles.Owner)], "demo")));

    internal async Task RunAsync(MemberPlan plan, DemoAction action, int n, IReadOnlyDictionary<string, int> stores, CancellationToken ct)
    {
        if (action.Step == DemoStep.Register)
        {
            var code = plan.InvitedBy?.MemberId is { } inviter ? await ReferralCodeAsync(inviter, ct) : null;
            var spec = new NewMember(plan.Phone, plan.Name, plan.Birthday, plan.Channel, stores[plan.HomeStore], null, plan.JoinedAt.UtcDateTime);
            var registered = await members.RegisterAsync(spec, code, plan.Consent, ct);
            plan.MemberId = registered.Succeeded ? registered.MemberId : null;
            return;
        }
        if (action.Step == DemoStep.LinkUse)
        {
            // The friend opens the invitation link before signing up.
            if (plan.InvitedBy?.MemberId is { } inviter && await ReferralCodeAsync(inviter, ct) is { } code)
                await referrals.RecordLinkUseAsync(code, ct);
            return;
        }
        if (plan.MemberId is not { } member)
            return;
        var id = $"demo-{plan.Index}-{n}";
        int? store = action.Channel == Rules.Channel.Store ? stores[plan.HomeStore] : null;
        switch (action.Step)
        {
            case DemoStep.Activity:
                await ledger.ApplyActivityAsync(member, id, action.Activity!, ct);
                break;
            case DemoStep.Refund:
                await ledger.RefundAsync(member, id, action.OrderId!, action.Amount, action.At, ct);
                break;
            case DemoStep.Redeem:
                await redemptions.RedeemAsync(new RedeemRequest(member, action.ItemCode!, id, action.Channel, store, Owner), ct);
                break;
            case DemoStep.WriteOff:
                if (await UsableCouponAsync(member, action.Channel, ct) is { } coupon)
                    await writeOff.RedeemAsync(Owner, new WriteOffRequest(coupon, action.Channel, store, action.Amount, action.OrderId, id), ct);
                break;
            case DemoStep.Adjust:
                await ledger.AdjustAsync(Owner, new AdjustPointsModel { MemberId = member, Points = (long)action.Amount, Reason = AdjustmentReason.Goodwill, Note = "生日惊喜 Surprise" }, ct);
                break;
            case DemoStep.SetTier:
                await tiers.SetAsync(Owner, new SetTierModel
                {
                    MemberId = member, TierCode = "gold", Until = clock.GetUtcNow().UtcDateTime.AddDays(45), Reason = "合作伙伴 Partner staff",
                }, ct);
                break;
            case DemoStep.VoidCoupon:
                if (await IssuedCouponIdAsync(member, ct) is { } couponId)
                    await coupons.VoidAsync(Owner, couponId, "重复发放 Issued twice", ct);
                break;
        }
    }

    private async Task<string?> ReferralCodeAsync(long memberId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Members.Where(m => m.Id == memberId).Select(m => m.ReferralCode).FirstOrDefaultAsync(ct);
    }

    /// <summary>The code of a coupon the member could show at this channel's till now.</summary>
    private async Task<string?> UsableCouponAsync(long memberId, Rules.Channel channel, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from c in db.Coupons
                      join t in db.CouponTemplates on c.TemplateId equals t.Id
                      where c.MemberId == memberId && c.Status == CouponStatus.Issued && c.ValidFromUtc <= now && c.ValidUntilUtc > now
                            && (t.Channel == null || t.Channel == channel) && t.MinimumSpend == null
                      orderby c.Id
                      select c.Code).FirstOrDefaultAsync(ct);
    }

    private async Task<long?> IssuedCouponIdAsync(long memberId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Coupons.Where(c => c.MemberId == memberId && c.Status == CouponStatus.Issued).OrderByDescending(c => c.Id)
            .Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
    }
}
