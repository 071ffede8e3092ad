using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Members;

public sealed partial class PointsLedgerService
{
    /// <summary>
    /// A campaign's reward to a member, decided under that member's lock and idempotent by <paramref name="eventId"/>
    /// (a referrer's reward: the campaign counts the rewards already given inside the lock, so caps hold).
    /// <paramref name="decide"/> may credit campaign points through the operation and add its own rows to the operation's
    /// context; the activity it returns (a referral) then goes through the rules engine in the same transaction.
    /// </summary>
    public async Task<ActivityResult> ApplyCampaignAsync(long memberId, string eventId, Func<LedgerOperation, CancellationToken, Task<Activity?>> decide,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        var programme = await programmes.GetCurrentAsync(ct);
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        return await WriteAsync(async db =>
        {
            var member = await LockMemberAsync(db, memberId, ct);
            if (member is null)
                return ActivityResult.Failed(LedgerError.MemberNotFound, memberId);
            if (await FindProcessedAsync(db, eventId, ct) is { } done)
                return Replay(done);
            if (member.Status != MemberStatus.Active)
                return ActivityResult.Failed(LedgerError.MemberNotActive, memberId);

            var now = clock.GetUtcNow().UtcDateTime;
            var writer = new LedgerWriter(db, member, programme.Programme.Expiry, now, ct);
            var activity = await decide(NewOperation(db, writer, zone, eventId, null, null), ct);
            var result = new ActivityResult(LedgerError.None, member.Id, false, 0, 0, member.PointsBalance, member.AvailablePoints, member.TierCode, false, [], "");
            if (activity is not null)
            {
                result = await EarnAsync(db, writer, programme, zone, eventId, activity, ct);
                if (!result.Succeeded)
                    return result;
                await ReactAsync(db, writer, zone, eventId, activity, result, ct);
                result = result with { Balance = member.PointsBalance, Available = member.AvailablePoints };
            }

            writer.Touch();
            db.ProcessedEvents.Add(Processed(eventId, activity?.Type.ToString() ?? "Campaign", result, now));
            await db.SaveChangesAsync(ct);
            return result;
        }, ct);
    }
}
