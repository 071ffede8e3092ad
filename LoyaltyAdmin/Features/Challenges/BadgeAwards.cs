using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Challenges;

/// <summary>Gives a member a badge inside a write, once per badge, with its <c>badge.awarded</c> event.</summary>
public static class BadgeAwards
{
    /// <summary>False when the member already holds the badge (nothing is written).</summary>
    public static async Task<bool> AwardAsync(WriteScope scope, long memberId, string badgeCode, BadgeSource source, string? challengeId, string? reason,
        string? awardedBy, DateTime occurredAtUtc, CancellationToken ct)
    {
        if (scope.Db.MemberBadges.Local.Any(b => b.MemberId == memberId && b.BadgeCode == badgeCode)
            || await scope.Db.MemberBadges.AnyAsync(b => b.MemberId == memberId && b.BadgeCode == badgeCode, ct))
            return false;
        scope.Db.MemberBadges.Add(new MemberBadge
        {
            MemberId = memberId, BadgeCode = badgeCode, Source = source, ChallengeId = challengeId, Reason = reason, AwardedBy = awardedBy,
            AwardedAtUtc = occurredAtUtc, RecordedAtUtc = scope.NowUtc,
        });
        await scope.PublishAsync(BusinessEvents.BadgeAwarded, memberId, new { badge = badgeCode, source, challengeId }, occurredAtUtc);
        return true;
    }
}
