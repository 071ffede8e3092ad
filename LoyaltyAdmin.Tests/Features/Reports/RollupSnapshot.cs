using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Reports;

/// <summary>Every rollup row as text, in a fixed order, to compare the live rollups with a rebuild row by row.</summary>
public sealed record RollupSnapshot(List<string> Months, List<string> Totals, List<string> Activity)
{
    public static async Task<RollupSnapshot> TakeAsync(LoyaltyDbContext db)
    {
        var months = (await db.MemberMonths.AsNoTracking().ToListAsync())
            .Select(m => $"{m.Month}:{m.MemberId}:{m.JoinMonth}:{m.Purchases}:{m.SpendCents}:{m.Channels}:{m.FirstPurchaseAtUtc.Ticks}:{m.StoreId}:{m.TierCode}")
            .Order(StringComparer.Ordinal).ToList();
        var totals = (await db.MonthlyTotals.AsNoTracking().ToListAsync())
            .Select(t => $"{t.Month}:{t.Measure}:{t.Key}:{t.StoreId}:{t.Shard}:{t.Amount}:{t.Count}").Order(StringComparer.Ordinal).ToList();
        // A count moved from one tier to another leaves a row of zeros behind; the rebuild never writes one.
        var activity = (await db.MonthlyActivity.AsNoTracking().Where(a => a.Buyers != 0 || a.Repeat != 0 || a.Returned != 0).ToListAsync())
            .Select(a => $"{a.Month}:{a.JoinMonth}:{a.StoreId}:{a.TierCode}:{a.Channel}:{a.Shard}:{a.Buyers}:{a.Repeat}:{a.Returned}").Order(StringComparer.Ordinal).ToList();
        return new RollupSnapshot(months, totals, activity);
    }

    public void AssertEqual(RollupSnapshot other)
    {
        Assert.Equal(Months, other.Months);
        Assert.Equal(Totals, other.Totals);
        Assert.Equal(Activity, other.Activity);
    }
}
