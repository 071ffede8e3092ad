using System.Text.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// The only code that writes points, growth, lots, member counters and tier changes. Every operation is one write of the
/// <see cref="WritePipeline"/>: it reads the member (locked on server databases), decides through the rules engine,
/// writes its rows through a <see cref="LedgerWriter"/>, lets the features react in the same transaction, saves the member
/// with its version checked and records its idempotency key, all or nothing.
/// </summary>
public sealed partial class PointsLedgerService(
    WritePipeline pipeline,
    ProgrammeStore programmes,
    MerchantClock merchantClock,
    TimeProvider clock,
    IOptions<MembersOptions> options,
    IStringLocalizer<MembersText> l,
    IEnumerable<ILedgerReaction> reactions)
{
    private readonly ILedgerReaction[] reactions = [.. reactions];

    /// <summary>
    /// Applies an activity (purchase, refund, check-in, …) to a member through the rules engine.
    /// Idempotent: the same <paramref name="eventId"/> never awards twice and answers the first result.
    /// <paramref name="bodyHash"/>, when given, is kept with the event: a replay with another body is refused with
    /// <see cref="LedgerError.DifferentRequest"/> and writes nothing. <paramref name="storeId"/> is the store that reported it: a purchase's
    /// order is recorded as that store's, whose order ids the database keeps unique.
    /// </summary>
    public async Task<ActivityResult> ApplyActivityAsync(long memberId, string eventId, Activity activity, CancellationToken ct = default,
        string? bodyHash = null, int? storeId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        ArgumentNullException.ThrowIfNull(activity);
        // The rules of the activity's own date, not today's: a late-arriving event earns what it earned then.
        var (programme, currency) = await RulesForAsync(activity.OccurredAt, ct);
        return await pipeline.RunAsync(async scope =>
        {
            var member = await WritePipeline.LockMemberAsync(scope.Db, memberId, ct);
            if (member is null)
                return ActivityResult.Failed(LedgerError.MemberNotFound, memberId);
            if (await Idempotency.FindAsync(scope.Db, eventId, ct) is { } done)
                return Idempotency.SameBody(done, bodyHash) ? Replay(done) : ActivityResult.Failed(LedgerError.DifferentRequest, memberId);
            if (member.Status != MemberStatus.Active && activity.Type != ActivityType.Refund)
                return ActivityResult.Failed(LedgerError.MemberNotActive, memberId);
            return await ApplyInScopeAsync(scope, member, eventId, activity, programme, currency, bodyHash, ct, storeId);
        }, ct);
    }

    /// <summary>
    /// Applies a new activity to <paramref name="member"/> (read in this write) inside <paramref name="scope"/>: decides,
    /// writes, lets the features react, saves the member and records <paramref name="eventId"/>. A refusal refuses the write.
    /// </summary>
    internal async Task<ActivityResult> ApplyInScopeAsync(WriteScope scope, Member member, string eventId, Activity activity, ProgrammeInForce programme,
        string currency, string? bodyHash, CancellationToken ct, int? storeId = null)
    {
        var writer = new LedgerWriter(scope, member, programme.Programme.Expiry, activity.OccurredAt.UtcDateTime, ct);
        var result = activity.Type == ActivityType.Refund
            ? await RefundAsync(writer, programme, eventId, activity, currency, ct)
            : await EarnAsync(writer, programme, eventId, activity, currency, ct, storeId);
        if (!result.Succeeded)
        {
            scope.Refuse();
            return result;
        }
        if (await ReactAsync(writer, eventId, activity, result, ct, programme))
            result = result with { Balance = member.PointsBalance, Available = member.AvailablePoints };
        if (member.LastActivityUtc is not { } last || last < activity.OccurredAt.UtcDateTime)
            member.LastActivityUtc = activity.OccurredAt.UtcDateTime;
        await writer.SaveMemberAsync();
        await scope.Rows.InsertAsync(Processed(eventId, activity.Type.ToString(), result, scope.NowUtc, bodyHash));
        return result;
    }

    /// <summary>What an activity is scored with: the programme in force at its time, and the currency symbol of its explanation.</summary>
    internal async Task<(ProgrammeInForce Programme, string Currency)> RulesForAsync(DateTimeOffset at, CancellationToken ct) =>
        (await programmes.GetInForceAtAsync(at, ct), Currencies.Symbol((await merchantClock.GetAsync(ct)).Currency));

    /// <summary>A full or partial refund of an order: reverses its points and growth in proportion.</summary>
    public Task<ActivityResult> RefundAsync(long memberId, string eventId, string orderId, decimal amount, DateTimeOffset occurredAt, CancellationToken ct = default) =>
        ApplyActivityAsync(memberId, eventId, new Activity { Type = ActivityType.Refund, OrderId = orderId, Amount = amount, OccurredAt = occurredAt }, ct);

    /// <summary>
    /// A campaign's reward to a member, decided under that member's lock and idempotent by <paramref name="eventId"/>
    /// (a referrer's reward: the campaign counts the rewards already given inside the lock, so caps hold).
    /// <paramref name="decide"/> may credit campaign points through the operation and add its own rows to the scope's
    /// context; the activity it returns (a referral) then goes through the rules engine in the same write.
    /// </summary>
    public async Task<ActivityResult> ApplyCampaignAsync(long memberId, string eventId, Func<LedgerOperation, CancellationToken, Task<Activity?>> decide,
        CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        var programme = await programmes.GetCurrentAsync(ct);
        var currency = Currencies.Symbol((await merchantClock.GetAsync(ct)).Currency);
        return await pipeline.RunAsync(async scope =>
        {
            var member = await WritePipeline.LockMemberAsync(scope.Db, memberId, ct);
            if (member is null)
                return ActivityResult.Failed(LedgerError.MemberNotFound, memberId);
            if (await Idempotency.FindAsync(scope.Db, eventId, ct) is { } done)
                return Replay(done);
            if (member.Status != MemberStatus.Active)
                return ActivityResult.Failed(LedgerError.MemberNotActive, memberId);

            var writer = new LedgerWriter(scope, member, programme.Programme.Expiry, scope.NowUtc, ct);
            var activity = await decide(new LedgerOperation(writer, eventId, null, null), ct);
            var result = new ActivityResult(LedgerError.None, member.Id, false, 0, 0, member.PointsBalance, member.AvailablePoints, member.TierCode, false, [], "");
            if (activity is not null)
            {
                result = await EarnAsync(writer, programme, eventId, activity, currency, ct);
                if (!result.Succeeded)
                {
                    scope.Refuse();
                    return result;
                }
                await ReactAsync(writer, eventId, activity, result, ct, programme);
                result = result with { Balance = member.PointsBalance, Available = member.AvailablePoints };
            }
            await writer.SaveMemberAsync();
            await scope.Rows.InsertAsync(Processed(eventId, activity?.Type.ToString() ?? "Campaign", result, scope.NowUtc));
            return result;
        }, ct);
    }

    /// <summary>Lets the features react inside this operation's write; true when there was anyone to ask.</summary>
    private async Task<bool> ReactAsync(LedgerWriter writer, string? eventId, Activity? activity, ActivityResult? result, CancellationToken ct,
        ProgrammeInForce? programme = null)
    {
        if (reactions.Length == 0)
            return false;
        var operation = new LedgerOperation(writer, eventId, activity, result, programme);
        foreach (var reaction in reactions)
            await reaction.ReactAsync(operation, ct);
        return true;
    }

    /// <summary>The record that answers a replay of <paramref name="eventId"/> with this first result.</summary>
    private static ProcessedEvent Processed(string eventId, string type, ActivityResult result, DateTime now, string? bodyHash = null) => new()
    {
        EventId = eventId, MemberId = result.MemberId, Type = type, Points = result.Points, Growth = result.Growth,
        BalanceAfter = result.Balance, TierAfter = result.TierCode, ProcessedAtUtc = now, BodyHash = bodyHash,
        ResultJson = JsonSerializer.Serialize(new StoredResult(result.Rules, result.Explanation, result.TierChanged, result.Available, Shortfall: result.Shortfall,
            NoAwardReason: result.NoAwardReason)),
    };

    private static ActivityResult Replay(ProcessedEvent done)
    {
        var stored = done.ResultJson is null ? null : JsonSerializer.Deserialize<StoredResult>(done.ResultJson);
        return new ActivityResult(LedgerError.None, done.MemberId, true, done.Points, done.Growth, done.BalanceAfter, stored?.Available ?? done.BalanceAfter,
            done.TierAfter, stored?.TierChanged ?? false, stored?.Rules ?? [], stored?.Explanation ?? "", stored?.Shortfall ?? 0, stored?.NoAwardReason);
    }

    private static string? Truncate(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    private sealed record StoredResult(IReadOnlyList<RuleAward> Rules, string Explanation, bool TierChanged, long Available, long Shortfall = 0,
        string? NoAwardReason = null);
}
