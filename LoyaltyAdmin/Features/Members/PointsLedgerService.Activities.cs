using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Reports;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

public sealed partial class PointsLedgerService
{
    /// <summary>The rows an activity writes when it concerns its member alone, all guarded by the member's version.</summary>
    private static readonly HashSet<Type> MemberOwnRows =
    [
        typeof(Member), typeof(PointsEntry), typeof(PointLot), typeof(GrowthEntry), typeof(MemberOrder), typeof(ProcessedEvent),
        typeof(MemberRuleCounter), typeof(MemberOnceKey), typeof(TierHistoryEntry),
    ];

    /// <summary>The contexts of activities being decided ahead of the writer; their reactions may not write shared rows.</summary>
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<LoyaltyDbContext, LoyaltyDbContext> decidedAhead = [];

    private const int DecideAheadAttempts = 3;

    private static readonly CompiledPerModel<Func<LoyaltyDbContext, long, CancellationToken, Task<long>>> VersionOf =
        new(() => EF.CompileAsyncQuery((LoyaltyDbContext db, long id, CancellationToken ct) => db.Members.Where(m => m.Id == id).Select(m => m.Version).SingleOrDefault()));

    /// <summary>
    /// Writes an activity that <paramref name="decide"/> works out (and leaves unsaved). On SQLite it is first decided
    /// outside the one writer, from what is committed, and only saved inside it: the member's version and the event id's
    /// unique index refuse the save if anyone wrote to the member or the event since, and it is decided again from what
    /// they committed. After <see cref="DecideAheadAttempts"/> refusals, or at once when the activity touched more than
    /// its member's own rows (a coupon pack's stock, a referral), it runs whole inside the writer like any other
    /// operation. So the writer spends its time on saving, while the reading and the rules run in parallel.
    /// Replays and refusals write nothing and are answered without queuing.
    /// </summary>
    private async Task<ActivityResult> WriteActivityAsync(Func<LoyaltyDbContext, Task<ActivityResult>> decide, CancellationToken ct)
    {
        for (var attempt = 0; sqliteWrites.IsEnabled && attempt < DecideAheadAttempts; attempt++)
        {
            try
            {
                if (await DecideOutsideTheWriterAsync(decide, ct) is not { } done)
                    break;
                return await CommittedAsync(done, ct);
            }
            catch (DbUpdateException)
            {
                // Someone wrote to the member or the event first, and has committed by now: decided again from what
                // they wrote, a re-sent event is a replay that never queues. The last try runs inside the writer,
                // where it cannot be overtaken.
                Interlocked.Increment(ref conflictsRetried);
            }
        }
        return await WriteAsync(async db =>
        {
            var result = await decide(db);
            if (result.Succeeded && !result.Duplicate)
                await db.SaveChangesAsync(ct);
            return result;
        }, ct);
    }

    /// <summary>The activity decided on its own context and saved in the writer's group; null when it must run inside the writer.</summary>
    private async Task<Written<ActivityResult>?> DecideOutsideTheWriterAsync(Func<LoyaltyDbContext, Task<ActivityResult>> decide, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        decidedAhead.Add(db, db);
        try
        {
            using var rollup = rollups.Track(db);
            ActivityResult result;
            try
            {
                result = await decide(db);
            }
            catch (DecidedAheadException)
            {
                return null;
            }
            if (!result.Succeeded || result.Duplicate)
                return new(result, [], null);
            var changed = db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged).ToList();
            if (afterCommit.TryGetValue(db, out _) || changed.Any(e => !MemberOwnRows.Contains(e.Metadata.ClrType)))
                return null;
            // Planned here, so the writer only binds and runs statements it has parsed once for its group.
            if (SqliteRowSave.Plan(db, changed) is not { } rows)
                return null;
            var members = db.ChangeTracker.EntriesAsTracked<Member>()
                .Select(e => (e.Entity.Id, Version: e.OriginalValues.GetValue<long>(nameof(Member.Version)), e.State)).ToList();
            rollup.Saving();
            var saved = false;
            return await sqliteWrites.RunAsync(async group =>
            {
                // Once only: when the group this was saved in failed to commit, the decision may be stale; it is made again.
                if (saved)
                    throw new DbUpdateException("The group commit failed; the activity is decided again.");
                saved = true;
                // A changed member's update is refused by its version (it runs first); a member only read is asked.
                foreach (var (id, version, state) in members)
                {
                    if (state == EntityState.Unchanged && await VersionOf.For(group)(group, id, ct) != version)
                        throw new DbUpdateConcurrencyException("The member changed since the activity was decided.");
                }
                await rows.RunAsync(sql => sqliteWrites.GroupCommand(group, sql), ct);
                rollup.Saved();
                await rollup.ApplyAsync(sqliteWrites.GroupShared(group, () => new PendingRollup()), ct);
                return new Written<ActivityResult>(result, [.. members.Select(m => m.Id)], null);
            }, CancellationToken.None); // waited for even when the caller gives up: the writer reads this context's entries
        }
        finally
        {
            afterCommit.Remove(db);
            decidedAhead.Remove(db);
        }
    }
}
