using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Challenges;

/// <summary>
/// Staff award badges by hand, with a reason, through the write pipeline and into the audit log; only to a member they may
/// serve (a StoreManager: their store's members and today's visitors), others answer as not found.
/// </summary>
public sealed class BadgeService(WritePipeline pipeline, ProgrammeStore programmes, Settings.MerchantClock merchantClock, TimeProvider clock)
{
    public async Task<BadgeAwardStatus> AwardAsync(long memberId, string badgeCode, string reason, StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.Adjust);
        reason = (reason ?? "").Trim();
        if (reason.Length == 0 || SafeText.Check(reason) != TextFault.None)
            return BadgeAwardStatus.ReasonRequired;
        if (reason.Length > 500)
            reason = reason[..500];
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        if (!(programme.Badges ?? []).Any(b => b.Code == badgeCode))
            return BadgeAwardStatus.UnknownBadge;
        var now = clock.GetUtcNow().UtcDateTime;
        var today = await merchantClock.TodayAsync(ct);
        return await pipeline.RunAsync(async scope =>
        {
            if (!await Members.MemberScope.MayServeAsync(scope.Db, actor, memberId, today, ct) || await WritePipeline.LockMemberAsync(scope.Db, memberId, ct) is null)
                return BadgeAwardStatus.MemberNotFound;
            if (!await BadgeAwards.AwardAsync(scope, memberId, badgeCode, BadgeSource.Staff, null, reason, actor.Name, now, ct))
                return BadgeAwardStatus.AlreadyHeld;
            await AuditLog.RecordAsync(scope, actor, "badge.award", "Member", memberId, null, new { Badge = badgeCode, Reason = reason });
            scope.Touched(memberId);
            return BadgeAwardStatus.Awarded;
        }, ct);
    }
}
