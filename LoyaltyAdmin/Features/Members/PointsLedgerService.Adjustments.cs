using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

public sealed partial class PointsLedgerService
{
    public const int NoteMaxLength = 500;

    /// <summary>
    /// A manual adjustment by staff, of a member they serve (<see cref="MemberScope"/>). Beyond the day's limits
    /// (<see cref="AdjustmentLimits"/>) it waits in the approvals inbox, unless the actor may approve (an Owner's own
    /// adjustment is already approved by an Owner).
    /// </summary>
    public async Task<AdjustResult> AdjustAsync(StaffActor actor, AdjustPointsModel model, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.Adjust);
        var errors = ValidateAdjustment(model);
        if (!errors.Succeeded)
            return AdjustResult.Invalid(errors);
        var points = model.Points!.Value;
        var reason = model.Reason!.Value;
        var note = string.IsNullOrWhiteSpace(model.Note) ? null : model.Note.Trim();

        var programme = await programmes.GetCurrentAsync(ct);
        var today = await merchantClock.TodayAsync(ct);
        var limits = actor.Can(Permissions.Members.Approve) ? null : await AdjustmentLimits.ForAsync(merchantClock, options.Value, today, ct);
        return await pipeline.RunAsync(async scope =>
        {
            var db = scope.Db;
            // Locked first, so the limits below count this member's adjustments one writer after another.
            if (await WritePipeline.LockMemberAsync(db, model.MemberId, ct) is null || !await MemberScope.MayServeAsync(db, actor, model.MemberId, today, ct))
                return AdjustResult.Invalid(SaveResult.Fail("", l["Member.NotFound"]));
            if (limits is not null && await limits.HoldAsync(db, actor, model.MemberId, points, ct) is { } hold)
                return await AdjustmentLimits.RequestApprovalAsync(db, actor, scope.NowUtc, model.MemberId, points, reason, note, hold, ct);
            var (outcome, _) = await ApplyAdjustmentAsync(scope, actor, programme, today, model.MemberId, points, reason, note, batchId: null, "points.adjusted", ct);
            if (outcome.Outcome != AdjustOutcome.Applied)
                scope.Refuse();
            return outcome;
        }, ct);
    }

    /// <summary>Approves a waiting adjustment and applies it; the decision is audited.</summary>
    public async Task<AdjustResult> ApproveAsync(StaffActor actor, long requestId, string? decisionNote, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.Approve);
        var programme = await programmes.GetCurrentAsync(ct);
        var today = await merchantClock.TodayAsync(ct);
        return await pipeline.RunAsync(async scope =>
        {
            var request = await scope.Db.AdjustmentRequests.SingleOrDefaultAsync(r => r.Id == requestId, ct);
            if (request is null || request.Status != AdjustmentStatus.Pending)
                return AdjustResult.Invalid(SaveResult.Fail("", l["Approvals.AlreadyDecided"]));
            var (outcome, entry) = await ApplyAdjustmentAsync(scope, actor, programme, today, request.MemberId, request.Points, request.Reason, request.Note, null,
                "points.adjusted", ct);
            if (outcome.Outcome != AdjustOutcome.Applied)
            {
                scope.Refuse();
                return outcome;
            }
            request.Status = AdjustmentStatus.Approved;
            request.DecidedById = actor.UserId;
            request.DecidedByName = actor.Name;
            request.DecidedAtUtc = scope.NowUtc;
            request.DecisionNote = Truncate(decisionNote?.Trim(), NoteMaxLength);
            AuditLog.Record(scope.Db, actor, scope.NowUtc, "adjustment.approved", nameof(AdjustmentRequest), request.Id,
                new { Status = nameof(AdjustmentStatus.Pending) }, new { Status = nameof(AdjustmentStatus.Approved), request.Points, request.MemberId, request.DecisionNote });
            await scope.SaveAsync(ct); // the entry's id, on a server database
            request.EntryId = entry!.Id;
            return outcome with { RequestId = request.Id, EntryId = entry.Id };
        }, ct);
    }

    /// <summary>Rejects a waiting adjustment; nothing is written to the ledger; the decision is audited.</summary>
    public async Task<SaveResult> RejectAsync(StaffActor actor, long requestId, string? decisionNote, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.Approve);
        return await pipeline.RunAsync(async scope =>
        {
            var request = await scope.Db.AdjustmentRequests.SingleOrDefaultAsync(r => r.Id == requestId, ct);
            if (request is null || request.Status != AdjustmentStatus.Pending)
                return SaveResult.Fail("", l["Approvals.AlreadyDecided"]);
            request.Status = AdjustmentStatus.Rejected;
            request.DecidedById = actor.UserId;
            request.DecidedByName = actor.Name;
            request.DecidedAtUtc = scope.NowUtc;
            request.DecisionNote = Truncate(decisionNote?.Trim(), NoteMaxLength);
            AuditLog.Record(scope.Db, actor, scope.NowUtc, "adjustment.rejected", nameof(AdjustmentRequest), request.Id,
                new { Status = nameof(AdjustmentStatus.Pending) }, new { Status = nameof(AdjustmentStatus.Rejected), request.Points, request.MemberId, request.DecisionNote });
            return SaveResult.Ok();
        }, ct);
    }

    /// <summary>
    /// Spends points, oldest first; refuses to overdraw. Idempotent by <paramref name="requestId"/> (a repeat with another
    /// <paramref name="bodyHash"/> is <see cref="LedgerError.Refused"/>). <paramref name="alongside"/> runs after the points are
    /// taken, in the same write and member lock (a catalogue claiming stock and recording what was bought); when it answers
    /// false, nothing of the redemption is written.
    /// </summary>
    public async Task<LedgerResult> RedeemAsync(long memberId, long points, string requestId, string? orderId = null, string? note = null,
        CancellationToken ct = default, Func<LedgerOperation, CancellationToken, Task<bool>>? alongside = null, string? bodyHash = null,
        string? explanationData = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestId);
        if (points <= 0)
            return new LedgerResult(LedgerError.InvalidAmount, 0, 0);
        var programme = await programmes.GetCurrentAsync(ct);
        return await pipeline.RunAsync(async scope =>
        {
            var member = await WritePipeline.LockMemberAsync(scope.Db, memberId, ct);
            if (member is null)
                return new LedgerResult(LedgerError.MemberNotFound, 0, 0);
            if (await Idempotency.FindAsync(scope.Db, requestId, ct) is { } done)
                return Idempotency.SameBody(done, bodyHash) ? new LedgerResult(LedgerError.None, done.BalanceAfter, done.BalanceAfter, Duplicate: true)
                    : new LedgerResult(LedgerError.DifferentRequest, member.PointsBalance, member.AvailablePoints);
            if (member.Status != MemberStatus.Active)
                return new LedgerResult(LedgerError.MemberNotActive, member.PointsBalance, member.AvailablePoints);
            var (balance, available) = (member.PointsBalance, member.AvailablePoints);
            var writer = new LedgerWriter(scope, member, programme.Programme.Expiry, scope.NowUtc, ct);
            var entry = await writer.DebitAsync(new PointsEntry
            {
                Kind = PointsEntryKind.Redeem, Source = PointsSource.Order, EventId = requestId, OrderId = orderId, Note = Truncate(note, NoteMaxLength),
                ExplanationData = explanationData,
            }, points, allowShortfall: false);
            if (entry is null)
                return new LedgerResult(LedgerError.InsufficientPoints, balance, available);
            if (alongside is not null && !await alongside(new LedgerOperation(writer, requestId, null, null), ct))
            {
                scope.Refuse();
                return new LedgerResult(LedgerError.Refused, balance, available);
            }
            member.LastActivityUtc = scope.NowUtc;
            await writer.SaveMemberAsync();
            await scope.Rows.InsertAsync(new ProcessedEvent
            {
                EventId = requestId, MemberId = member.Id, Type = "Redeem", Points = -points, BalanceAfter = member.PointsBalance,
                TierAfter = member.TierCode, ProcessedAtUtc = scope.NowUtc, BodyHash = bodyHash,
            });
            return new LedgerResult(LedgerError.None, member.PointsBalance, member.AvailablePoints, EntryId: entry.Id);
        }, ct);
    }

    /// <summary>
    /// Writes one operator adjustment in the scope: the entry, its lot or FIFO debit, and the audit. The programme and the
    /// day are read by the caller before the write.
    /// </summary>
    private async Task<(AdjustResult Outcome, PointsEntry? Entry)> ApplyAdjustmentAsync(WriteScope scope, StaffActor actor, ProgrammeInForce programme,
        DateOnly today, long memberId, long points, AdjustmentReason reason, string? note, long? batchId, string auditAction, CancellationToken ct)
    {
        var member = await WritePipeline.LockMemberAsync(scope.Db, memberId, ct);
        if (member is null)
            return (AdjustResult.Invalid(SaveResult.Fail("", l["Member.NotFound"])), null);
        var before = new { member.PointsBalance, member.Version };
        var writer = new LedgerWriter(scope, member, programme.Programme.Expiry, scope.NowUtc, ct);
        var entry = new PointsEntry { Kind = PointsEntryKind.Adjust, Source = PointsSource.Operator, Reason = reason, Note = note, OperatorId = actor.UserId, BatchId = batchId };
        if (points > 0)
        {
            entry.Points = points;
            await writer.CreditAsync(entry, today);
        }
        else if (await writer.DebitAsync(entry, -points, allowShortfall: false) is null)
        {
            return (AdjustResult.Invalid(SaveResult.Fail(nameof(AdjustPointsModel.Points), l["Adjust.Overdraw", member.AvailablePoints])), null);
        }
        await writer.SaveMemberAsync();
        AuditLog.Record(scope.Db, actor, scope.NowUtc, auditAction, nameof(Member), member.Id, before,
            new { member.PointsBalance, member.Version, Points = points, Reason = reason.ToString(), Note = note, BatchId = batchId });
        return (new AdjustResult(AdjustOutcome.Applied, SaveResult.Ok(), member.PointsBalance, entry.Id == 0 ? null : entry.Id), entry);
    }

    private SaveResult ValidateAdjustment(AdjustPointsModel model)
    {
        var errors = new SaveResult();
        if (model.Points is not { } points || points == 0)
            errors.Add(nameof(model.Points), l["Adjust.PointsRequired"]);
        else if (Math.Abs(points) > 10_000_000)
            errors.Add(nameof(model.Points), l["Adjust.PointsTooLarge"]);
        if (model.Reason is not { } reason || !Enum.IsDefined(reason))
            errors.Add(nameof(model.Reason), l["Adjust.ReasonRequired"]);
        if (model.Reason == AdjustmentReason.Other && string.IsNullOrWhiteSpace(model.Note))
            errors.Add(nameof(model.Note), l["Adjust.NoteRequiredForOther"]);
        if (model.Note?.Trim().Length > NoteMaxLength)
            errors.Add(nameof(model.Note), l["Adjust.NoteTooLong", NoteMaxLength]);
        return errors.Text(nameof(model.Note), model.Note, multiLine: true);
    }
}
