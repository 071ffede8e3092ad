using LoyaltyAdmin.Data;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// A share earns only for a friend it brought: its reference must be the phone number of a member who registered with the
/// sharer's referral code. The checked reference (the friend's normalised phone) is what the engine's once-per-friend key
/// uses; an unchecked one is dropped, so the engine's share rule awards nothing, and the refusal says why.
/// </summary>
internal static class ShareFriends
{
    public const string ReferenceRequired = "share_reference_required";
    public const string FriendUnknown = "share_friend_unknown";
    public const string NotReferred = "share_friend_not_referred";
    public const string AlreadyRewarded = "share_already_rewarded";

    public static async Task<(Activity Share, string? Refusal)> VerifyAsync(LoyaltyDbContext db, Member sharer, Activity share, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(share.Reference))
            return (share with { Reference = null }, ReferenceRequired);
        var phone = PhoneNumbers.Normalize(share.Reference);
        var friend = phone is null ? null
            : await db.Members.AsNoTracking().Where(m => m.Phone == phone).Select(m => new { m.Id, m.ReferredByMemberId }).SingleOrDefaultAsync(ct);
        if (friend is null)
            return (share with { Reference = null }, FriendUnknown);
        return friend.ReferredByMemberId == sharer.Id ? (share with { Reference = phone }, null) : (share with { Reference = null }, NotReferred);
    }

    /// <summary>Why a checked share still earned nothing: its friend was rewarded before.</summary>
    public static string? AfterAward(Award award) =>
        award.Points == 0 && award.Lines.Any(l => l.Kind == ExplanationKind.AlreadyAwarded) ? AlreadyRewarded : null;
}
