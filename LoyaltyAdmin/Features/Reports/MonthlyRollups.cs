using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Reports;

/// <summary>
/// A member's purchases in one merchant month (only months with a purchase have a row): the base of the retention
/// cohorts, active members and repurchase figures, so a report reads one row per active member instead of the ledger.
/// </summary>
public sealed class MemberMonth
{
    /// <summary>Merchant-local month as yyyymm.</summary>
    public int Month { get; set; }

    public long MemberId { get; set; }

    /// <summary>The member's join month (yyyymm, merchant time): the cohort.</summary>
    public int JoinMonth { get; set; }

    public int Purchases { get; set; }

    /// <summary>Gross spend in hundredths of the currency unit (integer, so concurrent increments stay exact).</summary>
    public long SpendCents { get; set; }

    /// <summary>Channels purchased on, as bits of <see cref="ChannelBits"/>.</summary>
    public int Channels { get; set; }
}

/// <summary>
/// A counter per merchant month, measure (points by kind, tier movements), key and home store. Spread over
/// <see cref="MonthlyRollups.Shards"/> rows per key so concurrent ledger writers on server databases rarely wait for
/// the same row; readers sum the shards.
/// </summary>
public sealed class MonthlyTotal
{
    public int Month { get; set; }
    public string Measure { get; set; } = "";
    public string Key { get; set; } = "";

    /// <summary>The member's home store when written; 0 = none.</summary>
    public int StoreId { get; set; }

    public int Shard { get; set; }
    public long Amount { get; set; }
    public long Count { get; set; }
}

public static class Measures
{
    /// <summary>Key = <see cref="PointsEntryKind"/>; amount = signed points.</summary>
    public const string Points = "Points";

    /// <summary>Key = "{TierChangeKind}:{to tier}"; count = changes.</summary>
    public const string Tier = "Tier";

    /// <summary>Month = the merchant month the points expire in; amount = points still open in lots expiring then.</summary>
    public const string Expiring = "Expiring";
}

public static class ChannelBits
{
    public static int Of(Channel channel) => 1 << (int)channel;
}

/// <summary>
/// Keeps <see cref="MemberMonth"/> and <see cref="MonthlyTotal"/> in step with the ledger, inside the ledger's own
/// transaction: <see cref="Track"/> watches what an operation adds, <see cref="Scope.ApplyAsync"/> adds it up with at
/// most two statements (atomic per-provider upserts, so concurrent writers on other members lose nothing).
/// </summary>
public sealed class MonthlyRollups(MerchantClock merchantClock)
{
    public const int Shards = 8;

    public Scope Track(LoyaltyDbContext db) => new(db, merchantClock);

    public sealed class Scope
    {
        private readonly LoyaltyDbContext db;
        private readonly MerchantClock merchantClock;
        private readonly List<object> added = [];
        private readonly List<(long MemberId, DateOnly ExpiresOn, long Delta)> lotChanges = [];
        private readonly List<(long MemberId, DateOnly ExpiresOn, long Delta)> unsaved = [];

        internal Scope(LoyaltyDbContext db, MerchantClock merchantClock)
        {
            this.db = db;
            this.merchantClock = merchantClock;
            db.ChangeTracker.Tracked += (_, e) =>
            {
                if (!e.FromQuery && e.Entry.State == EntityState.Added && e.Entry.Entity is PointsEntry or MemberOrder or TierHistoryEntry)
                    added.Add(e.Entry.Entity);
            };
            // A lot's open points change in place (spent, expired, reversed), so what changed is read as each save starts.
            db.SavingChanges += (_, _) => CaptureLots();
            db.SavedChanges += (_, _) => { lotChanges.AddRange(unsaved); unsaved.Clear(); };
            db.SaveChangesFailed += (_, _) => unsaved.Clear();
        }

        private void CaptureLots()
        {
            unsaved.Clear();
            foreach (var entry in db.ChangeTracker.Entries<PointLot>())
            {
                if (entry.Entity.ExpiresOn is not { } expiresOn || entry.State is not (EntityState.Added or EntityState.Modified))
                    continue;
                var delta = entry.Entity.Remaining - (entry.State == EntityState.Added ? 0 : entry.Property(l => l.Remaining).OriginalValue);
                if (delta != 0 || entry.State == EntityState.Added)
                    unsaved.Add((entry.Entity.MemberId, expiresOn, delta));
            }
        }

        /// <summary>Rolls up what the operation saved (not what it added and then abandoned).</summary>
        public async Task ApplyAsync(CancellationToken ct)
        {
            var saved = added.Where(e => db.Entry(e).State == EntityState.Unchanged).ToList();
            if (saved.Count == 0 && lotChanges.Count == 0)
                return;
            var zone = (await merchantClock.GetAsync(ct)).TimeZone;
            var members = new Dictionary<long, MemberFacts>();
            foreach (var memberId in saved.Select(MemberIdOf).Concat(lotChanges.Select(l => l.MemberId)).Distinct())
                members[memberId] = await FactsAsync(memberId, zone, ct);
            var rollup = new RollupBuilder(zone);
            foreach (var entity in saved)
            {
                switch (entity)
                {
                    case PointsEntry p: rollup.Add(p.MemberId, members[p.MemberId], p.Kind, p.Points, p.OccurredAtUtc); break;
                    case MemberOrder o: rollup.Add(o.MemberId, members[o.MemberId], o.Channel, o.Amount, o.OccurredAtUtc); break;
                    case TierHistoryEntry t: rollup.Add(t.MemberId, members[t.MemberId], t.Change, t.ToTier, t.OccurredAtUtc); break;
                }
            }
            foreach (var (memberId, expiresOn, delta) in lotChanges)
                rollup.AddOpenPoints(memberId, members[memberId], expiresOn, delta);
            await RollupSql.UpsertAsync(db, rollup.MemberMonths.Values, rollup.Totals.Values, ct);
        }

        private async Task<MemberFacts> FactsAsync(long memberId, TimeZoneInfo zone, CancellationToken ct)
        {
            // The ledger has the member tracked (it locked it); the query is only a fallback.
            var member = db.ChangeTracker.Entries<Member>().Select(e => e.Entity).FirstOrDefault(m => m.Id == memberId)
                ?? await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId, ct);
            return new MemberFacts(MonthKey.Of(member.JoinedAtUtc, zone), member.HomeStoreId ?? 0);
        }

        private static long MemberIdOf(object entity) => entity switch
        {
            PointsEntry p => p.MemberId,
            MemberOrder o => o.MemberId,
            TierHistoryEntry t => t.MemberId,
            _ => throw new ArgumentOutOfRangeException(nameof(entity)),
        };
    }
}

internal readonly record struct MemberFacts(int JoinMonth, int StoreId);

/// <summary>Adds ledger rows up into rollup rows; the same code for the live path and the rebuild, so they agree.</summary>
internal sealed class RollupBuilder(TimeZoneInfo zone)
{
    public Dictionary<(int Month, long MemberId), MemberMonth> MemberMonths { get; } = [];
    public Dictionary<(int Month, string Measure, string Key, int StoreId, int Shard), MonthlyTotal> Totals { get; } = [];

    public void Add(long memberId, MemberFacts member, PointsEntryKind kind, long points, DateTime occurredAtUtc) =>
        Total(MonthKey.Of(occurredAtUtc, zone), Measures.Points, kind.ToString(), member.StoreId, memberId, points);

    /// <summary>A tier change; the initial tier given at registration is not a movement.</summary>
    public void Add(long memberId, MemberFacts member, TierChangeKind change, string toTier, DateTime occurredAtUtc)
    {
        if (change != TierChangeKind.Initial)
            Total(MonthKey.Of(occurredAtUtc, zone), Measures.Tier, $"{change}:{toTier}", member.StoreId, memberId, 0);
    }

    /// <summary>Open points of a lot that expires on <paramref name="expiresOn"/>; counts lots, not changes, so the rebuild agrees.</summary>
    public void AddOpenPoints(long memberId, MemberFacts member, DateOnly expiresOn, long delta) =>
        Total(MonthKey.Of(expiresOn), Measures.Expiring, "", member.StoreId, memberId, delta, count: 0);

    public void Add(long memberId, MemberFacts member, Channel channel, decimal amount, DateTime occurredAtUtc)
    {
        var month = MonthKey.Of(occurredAtUtc, zone);
        if (!MemberMonths.TryGetValue((month, memberId), out var row))
            MemberMonths[(month, memberId)] = row = new MemberMonth { Month = month, MemberId = memberId, JoinMonth = member.JoinMonth };
        row.Purchases++;
        row.SpendCents += (long)Math.Round(amount * 100m, MidpointRounding.AwayFromZero);
        row.Channels |= ChannelBits.Of(channel);
    }

    private void Total(int month, string measure, string key, int storeId, long memberId, long amount, int count = 1)
    {
        var shard = (int)(memberId % MonthlyRollups.Shards);
        if (!Totals.TryGetValue((month, measure, key, storeId, shard), out var row))
            Totals[(month, measure, key, storeId, shard)] = row = new MonthlyTotal { Month = month, Measure = measure, Key = key, StoreId = storeId, Shard = shard };
        row.Amount += amount;
        row.Count += count;
    }
}
