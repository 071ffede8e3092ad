using LoyaltyAdmin.Data;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

/// <summary>Who joins, as the counter, the API or the demo describe them.</summary>
public sealed record NewMember(string Phone, string Name, DateOnly? Birthday, Channel Channel, int? HomeStoreId, long? ReferredByMemberId, DateTime JoinedAtUtc);

/// <summary>
/// The one way a member row comes into being: in the programme's base tier, with a unique referral code and the
/// first tier-history line, in one transaction. Points are not written here: the caller sends the registration
/// activity through <see cref="PointsLedgerService"/>.
/// </summary>
public static class MemberRegistration
{
    /// <summary>
    /// Saves the new member; null when the phone number is already registered (also when another request
    /// registered it a moment earlier). <paramref name="beforeCommit"/> adds what must commit with it (the audit entry).
    /// </summary>
    public static async Task<Member?> AddAsync(LoyaltyDbContext db, NewMember spec, Rules.Programme programme, TimeZoneInfo zone, string reason,
        Action<Member>? beforeCommit, CancellationToken ct)
    {
        if (await db.Members.AnyAsync(m => m.Phone == spec.Phone, ct))
            return null;
        var baseTier = TierEngine.Ordered(programme)[0];
        var joinedDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(spec.JoinedAtUtc, DateTimeKind.Utc), zone));
        var member = new Member
        {
            Phone = spec.Phone, Name = spec.Name, Birthday = spec.Birthday, JoinedAtUtc = spec.JoinedAtUtc, JoinChannel = spec.Channel,
            HomeStoreId = spec.HomeStoreId, ReferredByMemberId = spec.ReferredByMemberId, ReferralCode = await NewReferralCodeAsync(db, ct),
            TierCode = baseTier.Code, TierSince = joinedDay, TierValidUntil = TierEngine.ValidUntil(baseTier, joinedDay), Status = MemberStatus.Active,
        };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Members.Add(member);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            if (await PhoneTakenAsync(db, spec.Phone, ct))
                return null; // registered concurrently: the unique phone index decided
            throw;
        }
        db.TierHistory.Add(new TierHistoryEntry
        {
            MemberId = member.Id, ToTier = baseTier.Code, Change = TierChangeKind.Initial, Reason = reason, OccurredAtUtc = spec.JoinedAtUtc,
            ValidUntil = member.TierValidUntil,
        });
        beforeCommit?.Invoke(member);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return member;
    }

    private static async Task<bool> PhoneTakenAsync(LoyaltyDbContext db, string phone, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        return await db.Members.AsNoTracking().AnyAsync(m => m.Phone == phone, ct);
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
