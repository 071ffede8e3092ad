using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Reports;

/// <summary>
/// Recomputes every rollup row from the ledger, in one transaction, with the same <see cref="RollupBuilder"/> the live
/// path uses. For a new installation's history, after a restore, or when a check finds them apart; run it while the
/// ledger is quiet (it holds the rollup tables for its duration).
/// </summary>
public sealed class RollupRebuild(IDbContextFactory<LoyaltyDbContext> dbFactory, MerchantClock merchantClock)
{
    private const int MembersPerChunk = 20_000;

    /// <param name="progress">What is being done, in words (the command line prints it).</param>
    /// <param name="percent">How far it has got, 0–100 (the console's progress bar).</param>
    public async Task<(int MemberMonths, int Totals)> RebuildAsync(IProgress<string>? progress = null, CancellationToken ct = default, IProgress<int>? percent = null)
    {
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await db.Database.OpenConnectionAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.MemberMonths.ExecuteDeleteAsync(ct);
        await db.MonthlyTotals.ExecuteDeleteAsync(ct);
        await db.MonthlyActivity.ExecuteDeleteAsync(ct);

        var members = (await db.Members.AsNoTracking().Select(m => new { m.Id, m.JoinedAtUtc, m.HomeStoreId, m.TierCode }).ToListAsync(ct))
            .ToDictionary(m => m.Id, m => new MemberFacts(MonthKey.Of(m.JoinedAtUtc, zone), m.HomeStoreId ?? 0, m.TierCode));
        progress?.Report($"members: {members.Count}");
        var totals = new RollupBuilder(zone);
        await foreach (var e in db.PointsEntries.AsNoTracking().Select(e => new { e.MemberId, e.Kind, e.Points, e.OccurredAtUtc }).AsAsyncEnumerable().WithCancellation(ct))
            totals.Add(e.MemberId, members[e.MemberId], e.Kind, e.Points, e.OccurredAtUtc);
        await foreach (var t in db.TierHistory.AsNoTracking().Select(t => new { t.MemberId, t.Change, t.ToTier, t.OccurredAtUtc }).AsAsyncEnumerable().WithCancellation(ct))
            totals.Add(t.MemberId, members[t.MemberId], t.Change, t.ToTier, t.OccurredAtUtc);
        await foreach (var l in db.PointLots.AsNoTracking().Where(l => l.ExpiresOn != null).Select(l => new { l.MemberId, l.ExpiresOn, l.Remaining })
                           .AsAsyncEnumerable().WithCancellation(ct))
            totals.AddOpenPoints(l.MemberId, members[l.MemberId], l.ExpiresOn!.Value, l.Remaining);
        await RollupSql.InsertAsync(db, [], totals.Totals.Values, [], ct);
        progress?.Report($"monthly totals: {totals.Totals.Count}");
        percent?.Report(10);

        var memberMonths = 0;
        var activity = new ActivityCounter();
        var ids = members.Keys.Order().ToArray();
        var chunks = 0;
        foreach (var chunk in ids.Chunk(MembersPerChunk))
        {
            var (first, last) = (chunk[0], chunk[^1]);
            var builder = new RollupBuilder(zone);
            var orders = await db.MemberOrders.AsNoTracking().Where(o => o.MemberId >= first && o.MemberId <= last)
                .Select(o => new { o.MemberId, o.Channel, o.Amount, o.OccurredAtUtc }).ToListAsync(ct);
            foreach (var o in orders)
                builder.Add(o.MemberId, members[o.MemberId], o.Channel, o.Amount, o.OccurredAtUtc);
            var histories = (await db.TierHistory.AsNoTracking().Where(t => t.MemberId >= first && t.MemberId <= last)
                    .Select(t => new { t.MemberId, Mark = new TierMark(t.Id, t.OccurredAtUtc, t.FromTier, t.ToTier) }).ToListAsync(ct))
                .GroupBy(t => t.MemberId).ToDictionary(g => g.Key, g => TierMark.Ordered(g.Select(t => t.Mark)));
            foreach (var row in builder.MemberMonths.Values)
                row.TierCode = TierMark.TierAt(histories.GetValueOrDefault(row.MemberId) ?? [], row.FirstPurchaseAtUtc, members[row.MemberId].TierCode);
            foreach (var row in builder.MemberMonths.Values)
                activity.Add(row, builder.MemberMonths.GetValueOrDefault((MonthKey.Add(row.Month, 1), row.MemberId)), +1);
            await RollupSql.InsertAsync(db, builder.MemberMonths.Values, [], [], ct);
            memberMonths += builder.MemberMonths.Count;
            progress?.Report($"member months: {memberMonths} (members up to {last})");
            percent?.Report(Math.Min(95, 10 + 85 * ++chunks * MembersPerChunk / Math.Max(ids.Length, 1)));
        }
        await RollupSql.InsertAsync(db, [], [], activity.Rows.Values, ct);
        progress?.Report($"activity counts: {activity.Rows.Count}");
        await tx.CommitAsync(ct);
        percent?.Report(100);
        return (memberMonths, totals.Totals.Count);
    }
}
