using System.Text.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Api;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Privacy;

public enum ErasureOutcome { Erased, Replayed, NotFound, AlreadyErased, DifferentRequest }

/// <summary>What an erasure did; <see cref="ErasureOutcome.Replayed"/> answers a repeated request with the first answer.</summary>
public sealed record ErasureResult(ErasureOutcome Outcome, long MemberId = 0, int CouponsVoided = 0, long PointsExpired = 0, DateTime? ErasedAtUtc = null)
{
    public bool Succeeded => Outcome is ErasureOutcome.Erased or ErasureOutcome.Replayed;
}

/// <summary>
/// Erases a member on their request as one write, the member locked: issued coupons voided, every open point expired
/// through the ledger ("erased"), name, birthday and phone replaced (the phone kept only as a salted hash, so the number is
/// never a new friend for a referral reward), status <see cref="MemberStatus.Erased"/>, their personal data taken out of
/// the text that mentions them (<see cref="ErasureScrub"/>), audited without it. The ledger rows stay: past months' report
/// figures do not move; the month of the erasure counts the expired points (docs/privacy.md).
/// </summary>
public sealed class MemberErasure(WritePipeline pipeline, ProgrammeStore programmes, PhoneHasher phones, ApiMembers? apiMembers = null)
{
    public const string ErasedName = "已删除会员 / Erased member";
    public const string Reason = "erased";

    /// <summary>The unique placeholder an erased member's phone becomes: not a phone number, so no search or API call finds it.</summary>
    public static string ErasedPhoneOf(long memberId) => "erased:" + memberId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The Owner's erasure of one member.</summary>
    public async Task<ErasureResult> EraseAsync(StaffActor actor, long memberId, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Privacy.EraseMember);
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        return await pipeline.RunAsync(async scope =>
        {
            var member = await WritePipeline.LockMemberAsync(scope.Db, memberId, ct);
            if (member is null)
                return new ErasureResult(ErasureOutcome.NotFound);
            if (member.Status == MemberStatus.Erased)
                return new ErasureResult(ErasureOutcome.AlreadyErased, member.Id);
            return await EraseInScopeAsync(scope, member, actor, programme, ct);
        }, ct);
    }

    /// <summary>
    /// The API's erasure by phone, idempotent by <paramref name="requestKey"/>: the id is kept with the member's id and the
    /// phone's hash, so a repeat (the phone no longer names anyone) answers the first result, and the same id for another
    /// phone is <see cref="ErasureOutcome.DifferentRequest"/>.
    /// </summary>
    public async Task<ErasureResult> EraseByPhoneAsync(StaffActor actor, string phone, string requestKey, CancellationToken ct = default)
    {
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        return await pipeline.RunAsync(async scope =>
        {
            var db = scope.Db;
            var hash = await phones.HashAsync(db, phone, scope.NowUtc, ct);
            if (await Idempotency.FindAsync(db, requestKey, ct) is { } done)
                return Replay(done, hash);
            var id = await db.Members.Where(m => m.Phone == phone).Select(m => (long?)m.Id).SingleOrDefaultAsync(ct);
            var member = id is { } found ? await WritePipeline.LockMemberAsync(db, found, ct) : null;
            if (member is null || member.Phone != phone)
            {
                // A repeat of this request may have erased them while this one waited for the lock.
                return await Idempotency.FindAsync(db, requestKey, ct) is { } first ? Replay(first, hash) : new ErasureResult(ErasureOutcome.NotFound);
            }
            var result = await EraseInScopeAsync(scope, member, actor, programme, ct);
            await scope.Rows.InsertAsync(new ProcessedEvent
            {
                EventId = requestKey, MemberId = member.Id, Type = "Erasure", Points = -result.PointsExpired, TierAfter = member.TierCode,
                ResultJson = JsonSerializer.Serialize(result), BodyHash = hash, ProcessedAtUtc = scope.NowUtc,
            });
            return result;
        }, ct);
    }

    private static ErasureResult Replay(ProcessedEvent done, string hash) =>
        done.Type == "Erasure" && done.BodyHash == hash && done.ResultJson is { } json
            ? JsonSerializer.Deserialize<ErasureResult>(json)! with { Outcome = ErasureOutcome.Replayed }
            : new ErasureResult(ErasureOutcome.DifferentRequest);

    private async Task<ErasureResult> EraseInScopeAsync(WriteScope scope, Member member, StaffActor actor, Rules.Programme programme, CancellationToken ct)
    {
        var db = scope.Db;
        var (phone, name, birthday) = (member.Phone, member.Name, member.Birthday);
        var hash = await phones.HashAsync(db, phone, scope.NowUtc, ct);
        if (member.MarketingConsent)
            await MemberConsent.SetAsync(scope, member, false, "erasure", null, actor);

        var coupons = await db.Coupons.Where(c => c.MemberId == member.Id && c.Status == CouponStatus.Issued).ToListAsync(ct);
        foreach (var coupon in coupons)
        {
            coupon.Void(Reason, actor.UserId, actor.Name, scope.NowUtc);
            await scope.PublishAsync(BusinessEvents.CouponVoided, member.Id, new { code = coupon.Code, reason = Reason }, scope.NowUtc);
        }
        var writer = new LedgerWriter(scope, member, programme.Expiry, scope.NowUtc, ct);
        var expired = await writer.ExpireAllAsync(new PointsEntry
        {
            Kind = PointsEntryKind.Expire, Source = PointsSource.Operator, OperatorId = actor.UserId, Note = Reason,
        });
        // Nothing more comes to an erased member: open return windows close without confirming, owed referral rewards lapse.
        foreach (var order in await db.MemberOrders.Where(o => o.MemberId == member.Id && o.PendingUntil != null).ToListAsync(ct))
        {
            order.PendingUntil = null;
            await scope.Rows.UpdateAsync(order);
        }
        foreach (var task in await db.ReferralRewardTasks.Where(t => t.ReferrerId == member.Id && t.DoneAtUtc == null).ToListAsync(ct))
            task.DoneAtUtc = scope.NowUtc;
        foreach (var referral in await db.Referrals.Where(r => r.RefereeId == member.Id).ToListAsync(ct))
            referral.RefereePhone = hash;
        db.ErasedPhones.Add(new ErasedPhone { Hash = hash, MemberId = member.Id, ErasedAtUtc = scope.NowUtc });
        await ErasureScrub.RunAsync(db, member.Id, phone, name, birthday, ct);

        (member.Name, member.Phone, member.Birthday, member.PreferredLanguage) = (ErasedName, ErasedPhoneOf(member.Id), null, null);
        (member.Status, member.TierValidUntil) = (MemberStatus.Erased, null);
        await writer.SaveMemberAsync();
        var result = new ErasureResult(ErasureOutcome.Erased, member.Id, coupons.Count, -(expired?.Points ?? 0), scope.NowUtc);
        await AuditLog.RecordAsync(scope, actor, "member.erased", nameof(Member), member.Id, null, new { result.CouponsVoided, result.PointsExpired });
        await scope.PublishAsync(BusinessEvents.MemberErased, member.Id, new { couponsVoided = result.CouponsVoided, pointsExpired = result.PointsExpired },
            scope.NowUtc);
        if (apiMembers is not null)
            scope.AfterCommit(_ =>
            {
                apiMembers.Forget(phone);
                return Task.CompletedTask;
            });
        return result;
    }
}
