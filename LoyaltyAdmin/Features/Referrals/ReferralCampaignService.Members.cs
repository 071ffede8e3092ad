using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Referrals;

public sealed partial class ReferralCampaignService
{
    /// <summary>Who referred this member and whom they referred, for the member page.</summary>
    public async Task<MemberReferralsView> GetForMemberAsync(StaffActor actor, long memberId, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.View, systemMayAct: true);
        var today = await merchantClock.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await MemberScope.MayServeAsync(db, actor, memberId, today, ct))
            return new MemberReferralsView(null, [], 0);
        var referredBy = await Rows(db, db.Referrals.AsNoTracking().Where(r => r.RefereeId == memberId), byReferee: false).FirstOrDefaultAsync(ct);
        var referred = db.Referrals.AsNoTracking().Where(r => r.ReferrerId == memberId);
        var total = await referred.CountAsync(ct);
        var rows = await Rows(db, referred.OrderByDescending(r => r.Id).Take(50), byReferee: true).ToListAsync(ct);
        // Friends of another store are shown masked to a StoreManager, as they could not look them up.
        var ids = rows.Select(r => r.MemberId).Append(referredBy?.MemberId ?? 0).ToList();
        var listed = actor.Can(Permissions.Members.SeeFullPhone)
            ? await MemberScope.Listed(db.Members, actor).Where(m => ids.Contains(m.Id)).Select(m => m.Id).ToListAsync(ct) : [];
        return new MemberReferralsView(referredBy is null ? null : Masked(referredBy, listed), rows.Select(r => Masked(r, listed)).ToList(), total);
    }

    private static IQueryable<MemberReferralRow> Rows(LoyaltyDbContext db, IQueryable<Referral> referrals, bool byReferee) =>
        referrals.Join(db.Members, byReferee ? r => r.RefereeId : r => r.ReferrerId, m => m.Id, (r, m) => new MemberReferralRow(m.Id, m.Name, m.Phone,
            db.ReferralCampaigns.Where(c => c.Id == r.CampaignId).Select(c => c.Name).FirstOrDefault(), r.Status, r.RejectedReason, r.RegisteredAtUtc,
            r.FirstOrderAtUtc));

    private static MemberReferralRow Masked(MemberReferralRow row, List<long> fullFor) =>
        fullFor.Contains(row.MemberId) ? row : row with { Phone = PhoneNumbers.Mask(row.Phone) };
}
