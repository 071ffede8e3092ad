using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

public sealed partial class PointsLedgerService
{
    /// <summary>Applies checked bulk rows in one transaction; if any row is refused now, nothing is written.</summary>
    internal async Task<SaveResult> ApplyBatchAsync(StaffActor actor, string fileName, IReadOnlyList<BulkRow> rows, CancellationToken ct)
    {
        // Read before the transaction: on a server database the member row lock is held while rows are applied.
        var programme = await programmes.GetCurrentAsync(ct);
        var today = await merchantClock.TodayAsync(ct);
        try
        {
            return await pipeline.RunAsync(async scope =>
            {
                var db = scope.Db;
                var now = scope.NowUtc;
                var batch = new AdjustmentBatch
                {
                    FileName = Truncate(Path.GetFileName(fileName), 260) ?? "", RowCount = rows.Count, TotalPoints = rows.Sum(r => r.Points),
                    CreatedById = actor.UserId ?? "", CreatedByName = actor.Name, CreatedAtUtc = now,
                };
                db.AdjustmentBatches.Add(batch);
                await scope.SaveAsync(ct); // the batch's id, for its entries
                foreach (var row in rows)
                {
                    var (outcome, _) = await ApplyAdjustmentAsync(scope, actor, programme, today, row.MemberId!.Value, row.Points, row.Reason!.Value, row.Note, batch.Id,
                        "points.bulk-adjusted", ct);
                    if (outcome.Outcome != AdjustOutcome.Applied)
                        throw new BatchRefusedException(SaveResult.Fail("", l["Bulk.RowRefused", row.RowNumber, string.Join(" ", outcome.Errors.Errors.Values)]));
                }
                AuditLog.Record(db, actor, now, "batch.applied", nameof(AdjustmentBatch), batch.Id, null, new { batch.FileName, batch.RowCount, batch.TotalPoints });
                return SaveResult.Ok();
            }, ct);
        }
        catch (BatchRefusedException refused)
        {
            return refused.Result;
        }
    }

    /// <summary>
    /// Undoes a whole batch with reversing entries. Points already spent cannot be taken back: the balance
    /// stops at zero and the shortfall is recorded on the reversal, as for refunds.
    /// </summary>
    internal async Task<SaveResult> UndoBatchAsync(StaffActor actor, long batchId, CancellationToken ct)
    {
        var programme = await programmes.GetCurrentAsync(ct);
        var today = await merchantClock.TodayAsync(ct);
        return await pipeline.RunAsync(async scope =>
        {
            var db = scope.Db;
            var batch = await db.AdjustmentBatches.SingleOrDefaultAsync(b => b.Id == batchId, ct);
            if (batch is null || batch.UndoneAtUtc is not null)
                return SaveResult.Fail("", l["Bulk.AlreadyUndone"]);
            var now = scope.NowUtc;
            // Newest first, so a deduction later in the batch is given back before the credit it spent is taken.
            var entries = await db.PointsEntries.AsNoTracking()
                .Where(e => e.BatchId == batchId && e.Kind == PointsEntryKind.Adjust).OrderByDescending(e => e.Id).ToListAsync(ct);
            foreach (var group in entries.GroupBy(e => e.MemberId))
            {
                var member = (await WritePipeline.LockMemberAsync(db, group.Key, ct))!;
                var writer = new LedgerWriter(scope, member, programme.Programme.Expiry, now, ct);
                foreach (var entry in group)
                {
                    var reversal = new PointsEntry
                    {
                        Kind = PointsEntryKind.Reverse, Source = PointsSource.Operator, OperatorId = actor.UserId, BatchId = batchId,
                        ReversesEntryId = entry.Id, Reason = entry.Reason, Note = l["Bulk.UndoNote", batchId], OccurredAtUtc = now,
                    };
                    if (entry.Points > 0)
                        await writer.DebitAsync(reversal, entry.Points, allowShortfall: true);
                    else
                    {
                        reversal.Points = -entry.Points;
                        await writer.CreditAsync(reversal, today);
                    }
                }
                await writer.SaveMemberAsync();
            }
            batch.UndoneAtUtc = now;
            batch.UndoneByName = actor.Name;
            AuditLog.Record(db, actor, now, "batch.undone", nameof(AdjustmentBatch), batch.Id, new { Undone = false }, new { Undone = true, Entries = entries.Count });
            return SaveResult.Ok();
        }, ct);
    }

    private sealed class BatchRefusedException(SaveResult result) : Exception("A bulk row was refused; the batch is rolled back.")
    {
        public SaveResult Result { get; } = result;
    }
}
