using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Tiers;

/// <summary>What a member's tier is decided on, read for many members at once (the dry run, the recalculation's batches).</summary>
internal sealed record QualificationRow(long Id, string TierCode, decimal LifetimeSpend, long GrowthValue, int ActiveDays, int SuccessfulReferrals,
    string? OverrideCode, DateOnly? OverrideUntil)
{
    public QualificationStats Stats(decimal rollingSpend) => new(LifetimeSpend, rollingSpend, GrowthValue, ActiveDays, SuccessfulReferrals);

    public TierOverride? Override => OverrideCode is { } code && OverrideUntil is { } until ? new TierOverride(code, until) : null;
}

/// <summary>
/// The ledger's own figures for many members without writing anything: the stored counters (lifetime spend, growth value,
/// active days, successful referrals) and, when a tier condition needs it, the confirmed spend net of refunds in the
/// rolling window (the same sum the ledger's tier path takes for one member), and the decision a recalculation makes.
/// </summary>
internal static class TierQualification
{
    /// <summary>The members after <paramref name="afterId"/>, in id order.</summary>
    public static IQueryable<QualificationRow> Rows(LoyaltyDbContext db, long afterId = 0) => db.Members.AsNoTracking()
        .Where(m => m.Id > afterId).OrderBy(m => m.Id)
        .Select(m => new QualificationRow(m.Id, m.TierCode, m.LifetimeSpend, m.GrowthValue, m.ActiveDays, m.SuccessfulReferrals, m.TierOverrideCode,
            m.TierOverrideUntil));

    /// <summary>Rolling spend per member in <paramref name="months"/> before <paramref name="atUtc"/>; for members <paramref name="fromId"/>..<paramref name="toId"/> when given.</summary>
    public static async Task<Dictionary<long, decimal>> RollingSpendAsync(LoyaltyDbContext db, int months, DateTime atUtc, CancellationToken ct,
        long? fromId = null, long? toId = null)
    {
        var since = atUtc.AddMonths(-months);
        var orders = db.MemberOrders.AsNoTracking().Where(o => o.PendingUntil == null && o.OccurredAtUtc >= since);
        if (fromId is { } from && toId is { } to)
            orders = orders.Where(o => o.MemberId >= from && o.MemberId <= to);
        // Summed here: decimals are text on SQLite, and one pass over the rows is what the database would do anyway.
        var sums = new Dictionary<long, decimal>();
        await foreach (var o in orders.Select(o => new { o.MemberId, o.Amount, o.RefundedAmount }).AsAsyncEnumerable().WithCancellation(ct))
            sums[o.MemberId] = sums.GetValueOrDefault(o.MemberId) + o.Amount - o.RefundedAmount;
        return sums;
    }

    /// <summary>
    /// What an explicit recalculation from <paramref name="before"/> to <paramref name="after"/> does to one member, on the
    /// rolling sums each programme's window gives (null when no tier condition of it looks at rolling spend).
    /// </summary>
    public static TierDecision Decide(Rules.Programme before, Rules.Programme after, QualificationRow row, Dictionary<long, decimal>? rollingBefore,
        Dictionary<long, decimal>? rollingAfter, DateOnly today)
    {
        var stats = row.Stats(rollingAfter?.GetValueOrDefault(row.Id) ?? 0m);
        var beforeStats = ReferenceEquals(rollingBefore, rollingAfter) ? stats : row.Stats(rollingBefore?.GetValueOrDefault(row.Id) ?? 0m);
        return TierReview.DecideRecalculation(before, after, row.TierCode, stats, row.Override, today, beforeStats);
    }

    /// <summary>The rolling sums each programme needs (the same dictionary when both look at the same window), for the given members.</summary>
    public static async Task<(Dictionary<long, decimal>? Before, Dictionary<long, decimal>? After)> RollingForAsync(LoyaltyDbContext db,
        Rules.Programme before, Rules.Programme after, DateTime atUtc, CancellationToken ct, long? fromId = null, long? toId = null)
    {
        var after_ = TierReview.UsesRollingSpend(after) ? await RollingSpendAsync(db, after.QualificationWindowMonths, atUtc, ct, fromId, toId) : null;
        if (!TierReview.UsesRollingSpend(before))
            return (null, after_);
        if (after_ is not null && before.QualificationWindowMonths == after.QualificationWindowMonths)
            return (after_, after_);
        return (await RollingSpendAsync(db, before.QualificationWindowMonths, atUtc, ct, fromId, toId), after_);
    }

    /// <summary>
    /// The version members were last qualified under: the one before the earliest version still waiting for a recalculation,
    /// or the newest version when none waits. Null before the first version.
    /// </summary>
    public static async Task<long?> BaselineVersionIdAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        var earliest = await db.ProgrammeVersions.Where(v => v.RecalculationPending).OrderBy(v => v.Number).Select(v => (int?)v.Number).FirstOrDefaultAsync(ct);
        var versions = earliest is { } n ? db.ProgrammeVersions.Where(v => v.Number < n) : db.ProgrammeVersions;
        return await versions.OrderByDescending(v => v.Number).ThenByDescending(v => v.Id).Select(v => (long?)v.Id).FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// Marks a version being added as waiting for a recalculation when it decides tiers differently from the baseline; a
    /// version that decides them as the baseline does makes every waiting flag moot, so they are cleared (saved with it).
    /// </summary>
    public static async Task MarkPendingAsync(LoyaltyDbContext db, ProgrammeStore store, ProgrammeVersion added, Rules.Programme programme, CancellationToken ct)
    {
        if (await BaselineVersionIdAsync(db, ct) is not { } baselineId)
            return;
        var baseline = (await store.GetVersionAsync(baselineId, ct)).Programme;
        added.RecalculationPending = TierReview.QualificationChanged(baseline, programme);
        if (added.RecalculationPending)
            return;
        foreach (var waiting in await db.ProgrammeVersions.Where(v => v.RecalculationPending).ToListAsync(ct))
            waiting.RecalculationPending = false;
    }
}
