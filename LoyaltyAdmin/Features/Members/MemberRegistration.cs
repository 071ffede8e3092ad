using LoyaltyAdmin.Data;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

/// <summary>Who joins, as the counter, the API or the demo describe them.</summary>
public sealed record NewMember(string Phone, string Name, DateOnly? Birthday, Channel Channel, int? HomeStoreId, long? ReferredByMemberId, DateTime JoinedAtUtc);

/// <summary>
/// The one way a member row comes into being, inside a write of the <see cref="WritePipeline"/>: in the programme's base
/// tier, with a unique referral code, the first tier-history line and a <c>member.registered</c> event. The caller applies
/// the registration activity in the same write (award, new-member pack, referral link), so all of it commits together.
/// </summary>
public static class MemberRegistration
{
    /// <summary>The new member, written; null when the phone number is already registered.</summary>
    public static async Task<Member?> AddAsync(WriteScope scope, NewMember spec, Rules.Programme programme, CancellationToken ct)
    {
        var db = scope.Db;
        if (await db.Members.AnyAsync(m => m.Phone == spec.Phone, ct))
            return null;
        var baseTier = TierEngine.Ordered(programme)[0];
        var joinedDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(spec.JoinedAtUtc, DateTimeKind.Utc), scope.Zone));
        var member = new Member
        {
            Phone = spec.Phone, Name = spec.Name, Birthday = spec.Birthday, JoinedAtUtc = spec.JoinedAtUtc, JoinChannel = spec.Channel,
            HomeStoreId = spec.HomeStoreId, ReferredByMemberId = spec.ReferredByMemberId, ReferralCode = await NewReferralCodeAsync(db, ct),
            TierCode = baseTier.Code, TierSince = joinedDay, TierValidUntil = TierEngine.ValidUntil(baseTier, joinedDay), Status = MemberStatus.Active,
        };
        await scope.Rows.InsertAsync(member);
        var writer = new LedgerWriter(scope, member, programme.Expiry, spec.JoinedAtUtc, ct);
        await writer.TierAsync(TierChangeKind.Initial, baseTier.Code, joinedDay, member.TierValidUntil, TierReason.Joined);
        await scope.PublishAsync(BusinessEvents.MemberRegistered, member.Id, new
        {
            channel = spec.Channel, homeStoreId = spec.HomeStoreId, referralCode = member.ReferralCode, referredByMemberId = spec.ReferredByMemberId,
            tier = member.TierCode,
        }, spec.JoinedAtUtc);
        scope.Touched(member.Id);
        return member;
    }

    private static async Task<string> NewReferralCodeAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        const string alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"; // no 0/O, 1/I/L: read aloud at the counter
        while (true)
        {
            var code = string.Create(8, 0, (span, _) =>
            {
                for (var i = 0; i < span.Length; i++)
                    span[i] = alphabet[System.Security.Cryptography.RandomNumberGenerator.GetInt32(alphabet.Length)];
            });
            if (!await db.Members.AnyAsync(m => m.ReferralCode == code, ct))
                return code;
        }
    }
}
