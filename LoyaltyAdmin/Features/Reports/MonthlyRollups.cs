using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;

namespace LoyaltyAdmin.Features.Reports;

/// <summary>
/// A member's purchases in one merchant month (only months with a purchase have a row): what makes the counts of
/// <see cref="MonthlyActivity"/> incremental (a write knows whether this is the member's first or second purchase of
/// the month and whether they bought the month before or after), and the facts the report filters need.
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

    /// <summary>When the month's earliest purchase happened (microseconds, as every provider stores them): the moment <see cref="TierCode"/> is read at.</summary>
    public DateTime FirstPurchaseAtUtc { get; set; }

    /// <summary>The member's home store when the row was created; 0 = none.</summary>
    public int StoreId { get; set; }

    /// <summary>The tier the member held when they made the month's first purchase (before any change that purchase caused).</summary>
    public string TierCode { get; set; } = "";
}

/// <summary>
/// Member counts per merchant month, home store, tier at the time and channel (<see cref="AllChannels"/> for any
/// channel), once for all cohorts together (<see cref="AllCohorts"/>: what repurchase, month-over-month retention and
/// the dashboard read) and once per join month (the cohort matrix), spread over <see cref="MonthlyRollups.Shards"/>
/// rows: reports read a few thousand of these instead of one row per active member. A member buying on two channels
/// counts once in the all-channels row and once in each channel's row.
/// </summary>
public sealed class MonthlyActivity
{
    public const int AllChannels = -1;
    public const int AllCohorts = 0;

    /// <summary>The cohort (join month, yyyymm), or <see cref="AllCohorts"/>.</summary>
    public int JoinMonth { get; set; }

    public int Month { get; set; }
    public int StoreId { get; set; }
    public string TierCode { get; set; } = "";

    /// <summary>A <see cref="Rules.Channel"/> as int, or <see cref="AllChannels"/>.</summary>
    public int Channel { get; set; }

    public int Shard { get; set; }

    /// <summary>Members with at least one purchase (on the row's channel) in the month.</summary>
    public long Buyers { get; set; }

    /// <summary>Of those, members with two or more purchases in the month (on any channel).</summary>
    public long Repeat { get; set; }

    /// <summary>Of those, members who bought (on the row's channel) again the next month: month-over-month retention.</summary>
    public long Returned { get; set; }
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
/// Keeps the rollups in step with the ledger, inside the ledger's own transaction: <see cref="Track"/> watches what an
/// operation adds, <see cref="Scope.ApplyAsync"/> adds it up. <see cref="MonthlyTotal"/> and <see cref="MonthlyActivity"/>
/// rows are shared by many members, so they are incremented in the database by atomic per-provider upserts (concurrent
/// writers on other members lose nothing); <see cref="MemberMonth"/> rows belong to one member, whom the ledger holds
/// locked for the transaction, so they are read, changed and written back whole.
/// </summary>
public sealed class MonthlyRollups(MerchantClock merchantClock)
{
    public const int Shards = 8;

    public Scope Track(LoyaltyDbContext db) => new(db, merchantClock);

    /// <summary>Watches one operation on <c>db</c>; disposed when the operation ends, as the context may serve the next one.</summary>
    public sealed class Scope : IDisposable
    {
        private readonly LoyaltyDbContext db;
        private readonly MerchantClock merchantClock;
        private readonly List<EntityEntry> added = [];
        private readonly List<object> saved = [];
        private readonly List<object> saving = [];
        private readonly List<(long MemberId, DateOnly ExpiresOn, long Delta)> lotChanges = [];
        private readonly List<(long MemberId, DateOnly ExpiresOn, long Delta)> unsaved = [];

        internal Scope(LoyaltyDbContext db, MerchantClock merchantClock)
        {
            this.db = db;
            this.merchantClock = merchantClock;
            db.ChangeTracker.Tracked += OnTracked;
            // A lot's open points change in place (spent, expired, reversed), so what changed is read as each save starts.
            db.SavingChanges += OnSaving;
            db.SavedChanges += OnSaved;
            db.SaveChangesFailed += OnFailed;
        }

        public void Dispose()
        {
            db.ChangeTracker.Tracked -= OnTracked;
            db.SavingChanges -= OnSaving;
            db.SavedChanges -= OnSaved;
            db.SaveChangesFailed -= OnFailed;
        }

        private void OnTracked(object? sender, EntityTrackedEventArgs e)
        {
            if (!e.FromQuery && e.Entry.State == EntityState.Added && e.Entry.Entity is PointsEntry or MemberOrder or TierHistoryEntry)
                added.Add(e.Entry);
        }

        private void OnSaving(object? sender, SavingChangesEventArgs e) => Saving();

        private void OnSaved(object? sender, SavedChangesEventArgs e) => Saved();

        private void OnFailed(object? sender, SaveChangesFailedEventArgs e)
        {
            unsaved.Clear();
            saving.Clear();
        }

        /// <summary>Called by a save that bypasses SaveChanges (<see cref="Data.SqliteRowSave"/>) before it, changes detected.</summary>
        public void Saving()
        {
            saving.Clear();
            saving.AddRange(added.Where(e => e.State == EntityState.Added).Select(e => e.Entity));
            unsaved.Clear();
            foreach (var entry in db.ChangeTracker.EntriesAsTracked<PointLot>())
            {
                if (entry.Entity.ExpiresOn is not { } expiresOn || entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Unchanged))
                    continue;
                // Against the value read, not the entry's state: the save has not looked for changes yet.
                var added = entry.State == EntityState.Added;
                var delta = entry.Entity.Remaining - (added ? 0 : entry.OriginalValues.GetValue<long>(nameof(PointLot.Remaining)));
                if (delta != 0 || added)
                    unsaved.Add((entry.Entity.MemberId, expiresOn, delta));
            }
        }

        /// <summary>Called by a save that bypasses SaveChanges once it succeeded.</summary>
        public void Saved()
        {
            saved.AddRange(saving);
            saving.Clear();
            lotChanges.AddRange(unsaved);
            unsaved.Clear();
        }

        /// <summary>
        /// Rolls up what the operation saved (not what it added and then abandoned): into <paramref name="group"/>, which
        /// is written once for a group of writes, or at once. Call it last in the operation: what it adds to a group stays.
        /// </summary>
        public async Task ApplyAsync(PendingRollup? group, CancellationToken ct)
        {
            if (saved.Count == 0 && lotChanges.Count == 0)
                return;
            var zone = (await merchantClock.GetAsync(ct)).TimeZone;
            var members = new Dictionary<long, MemberFacts>();
            foreach (var memberId in saved.Select(MemberIdOf).Concat(lotChanges.Select(l => l.MemberId)).Distinct())
                members[memberId] = await FactsAsync(memberId, zone, ct);
            var pending = group ?? new PendingRollup();
            pending.Add(zone, members, saved, lotChanges);
            if (group is null)
                await pending.WriteAsync(db, ct);
        }

        private async Task<MemberFacts> FactsAsync(long memberId, TimeZoneInfo zone, CancellationToken ct)
        {
            // The ledger has the member tracked (it locked it); the query is only a fallback.
            var member = db.ChangeTracker.EntriesAsTracked<Member>().Select(e => e.Entity).FirstOrDefault(m => m.Id == memberId)
                ?? await db.Members.AsNoTracking().SingleAsync(m => m.Id == memberId, ct);
            return new MemberFacts(MonthKey.Of(member.JoinedAtUtc, zone), member.HomeStoreId ?? 0, member.TierCode);
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

/// <summary>
/// Rollup changes added up over one operation, or over a group of SQLite writes (<see cref="SqliteWriteQueue"/>), and
/// written together: the members' months are read and written once, and shared counters touched by many writes of the
/// group get one increment each. Its member facts are the latest seen (the tier now, for a month's tier).
/// </summary>
public sealed class PendingRollup : SqliteWriteQueue.IBeforeGroupCommit
{
    private readonly Dictionary<long, MemberFacts> members = [];
    private RollupBuilder? builder;

    internal void Add(TimeZoneInfo zone, Dictionary<long, MemberFacts> facts, List<object> saved,
        List<(long MemberId, DateOnly ExpiresOn, long Delta)> lotChanges)
    {
        var rollup = builder ??= new RollupBuilder(zone);
        foreach (var (memberId, fact) in facts)
            members[memberId] = fact;
        foreach (var entity in saved)
        {
            switch (entity)
            {
                case PointsEntry p: rollup.Add(p.MemberId, facts[p.MemberId], p.Kind, p.Points, p.OccurredAtUtc); break;
                case MemberOrder o: rollup.Add(o.MemberId, facts[o.MemberId], o.Channel, o.Amount, o.OccurredAtUtc); break;
                case TierHistoryEntry t: rollup.Add(t.MemberId, facts[t.MemberId], t.Change, t.ToTier, t.OccurredAtUtc); break;
            }
        }
        foreach (var (memberId, expiresOn, delta) in lotChanges)
            rollup.AddOpenPoints(memberId, facts[memberId], expiresOn, delta);
    }

    public async Task WriteAsync(LoyaltyDbContext db, CancellationToken ct)
    {
        if (builder is null)
            return;
        var (memberMonths, activity) = await MergeMemberMonthsAsync(db, builder.MemberMonths, ct);
        await RollupSql.UpsertAsync(db, memberMonths, builder.Totals.Values, activity, ct);
    }

    Task SqliteWriteQueue.IBeforeGroupCommit.BeforeCommitAsync(LoyaltyDbContext db) => WriteAsync(db, CancellationToken.None);

    /// <summary>
    /// Adds the operation's purchases to the members' stored months, and works out how the activity counts change:
    /// what the touched months and the months before them (whose "returned" depends on them) count now, minus what
    /// they counted before.
    /// </summary>
    private async Task<(List<MemberMonth> Rows, List<MonthlyActivity> Activity)> MergeMemberMonthsAsync(LoyaltyDbContext db,
        Dictionary<(int Month, long MemberId), MemberMonth> purchases, CancellationToken ct)
    {
        if (purchases.Count == 0)
            return ([], []);
        var before = await ReadMonthsAsync(db, purchases.Keys, ct);
        // A month's tier is read from the history only when the month is new or starts earlier now.
        var earlier = purchases.Where(p => !before.TryGetValue(p.Key, out var old) || p.Value.FirstPurchaseAtUtc < old.FirstPurchaseAtUtc)
            .Select(p => p.Key).ToHashSet();
        var histories = await ReadHistoriesAsync(db, earlier.Select(k => k.MemberId).Distinct(), ct);
        var after = new Dictionary<(int Month, long MemberId), MemberMonth>(before);
        var changed = new List<MemberMonth>();
        foreach (var (key, bought) in purchases)
        {
            var row = RollupBuilder.Combine(before.TryGetValue(key, out var old) ? Copy(old) : null, bought);
            if (earlier.Contains(key))
                row.TierCode = TierMark.TierAt(histories.GetValueOrDefault(key.MemberId) ?? [], row.FirstPurchaseAtUtc, members[key.MemberId].TierCode);
            after[key] = row;
            changed.Add(row);
        }

        var counts = new ActivityCounter();
        foreach (var key in purchases.Keys.SelectMany(k => new[] { k, (MonthKey.Add(k.Month, -1), k.MemberId) }).Distinct())
        {
            var next = (MonthKey.Add(key.Item1, 1), key.MemberId);
            if (before.TryGetValue(key, out var old))
                counts.Add(old, before.GetValueOrDefault(next), -1);
            if (after.TryGetValue(key, out var now))
                counts.Add(now, after.GetValueOrDefault(next), +1);
        }
        return (changed, counts.Changed().ToList());
    }

    /// <summary>The members' stored months around the touched ones: one statement per 500 members (SQL Server takes 2,100 parameters).</summary>
    private static async Task<Dictionary<(int Month, long MemberId), MemberMonth>> ReadMonthsAsync(
        LoyaltyDbContext db, IEnumerable<(int Month, long MemberId)> touched, CancellationToken ct)
    {
        var rows = new Dictionary<(int Month, long MemberId), MemberMonth>();
        var months = touched.SelectMany(k => new[] { MonthKey.Add(k.Month, -1), k.Month, MonthKey.Add(k.Month, 1) }).Distinct().Order().ToList();
        foreach (var memberIds in touched.Select(k => k.MemberId).Distinct().Chunk(MembersPerRead))
        {
            // Months of other touched members in the list are read too; nothing looks them up.
            await using var command = Command(db, "SELECT \"Month\", \"MemberId\", \"JoinMonth\", \"Purchases\", \"SpendCents\", \"Channels\", \"FirstPurchaseAtUtc\", \"StoreId\", \"TierCode\" " +
                "FROM \"MemberMonths\" WHERE \"MemberId\" IN ({0}) AND \"Month\" IN ({1})", memberIds.Cast<object>(), months.Cast<object>());
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var row = new MemberMonth
                {
                    Month = reader.GetInt32(0), MemberId = reader.GetInt64(1), JoinMonth = reader.GetInt32(2), Purchases = reader.GetInt32(3),
                    SpendCents = reader.GetInt64(4), Channels = reader.GetInt32(5), FirstPurchaseAtUtc = reader.GetDateTime(6),
                    StoreId = reader.GetInt32(7), TierCode = reader.GetString(8),
                };
                rows[(row.Month, row.MemberId)] = row;
            }
        }
        return rows;
    }

    /// <summary>The members' tier changes, oldest first.</summary>
    private static async Task<Dictionary<long, List<TierMark>>> ReadHistoriesAsync(LoyaltyDbContext db, IEnumerable<long> memberIds, CancellationToken ct)
    {
        var marks = new Dictionary<long, List<TierMark>>();
        foreach (var chunk in memberIds.Chunk(MembersPerRead))
        {
            await using var command = Command(db, "SELECT \"MemberId\", \"Id\", \"OccurredAtUtc\", \"FromTier\", \"ToTier\" FROM \"TierHistory\" WHERE \"MemberId\" IN ({0})",
                chunk.Cast<object>());
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var memberId = reader.GetInt64(0);
                if (!marks.TryGetValue(memberId, out var list))
                    marks[memberId] = list = [];
                list.Add(new TierMark(reader.GetInt64(1), reader.GetDateTime(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetString(4)));
            }
        }
        return marks.ToDictionary(m => m.Key, m => TierMark.Ordered(m.Value));
    }

    private const int MembersPerRead = 500;

    /// <summary>A command in the context's transaction; each {n} of <paramref name="sql"/> becomes the parameters of the n-th list.</summary>
    private static System.Data.Common.DbCommand Command(LoyaltyDbContext db, string sql, params IEnumerable<object>[] lists)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var names = new object[lists.Length];
        for (var i = 0; i < lists.Length; i++)
        {
            names[i] = string.Join(", ", lists[i].Select(value =>
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "@r" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                parameter.Value = value;
                command.Parameters.Add(parameter);
                return parameter.ParameterName;
            }));
        }
        command.CommandText = string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, names);
        return command;
    }

    private static MemberMonth Copy(MemberMonth r) => new()
    {
        Month = r.Month, MemberId = r.MemberId, JoinMonth = r.JoinMonth, Purchases = r.Purchases, SpendCents = r.SpendCents, Channels = r.Channels,
        FirstPurchaseAtUtc = r.FirstPurchaseAtUtc, StoreId = r.StoreId, TierCode = r.TierCode,
    };
}

internal readonly record struct MemberFacts(int JoinMonth, int StoreId, string TierCode);

/// <summary>One tier change, to find the tier a member held at a moment.</summary>
internal sealed record TierMark(long Id, DateTime AtUtc, string? FromTier, string ToTier)
{
    public static List<TierMark> Ordered(IEnumerable<TierMark> marks) => [.. marks.OrderBy(m => m.AtUtc).ThenBy(m => m.Id)];

    /// <summary>
    /// The tier held just before <paramref name="atUtc"/>: the last change strictly before it; before the first change,
    /// the tier that change left (or gave, for the registration's); with no history, the member's tier now.
    /// </summary>
    public static string TierAt(List<TierMark> ordered, DateTime atUtc, string current)
    {
        TierMark? last = null;
        foreach (var mark in ordered)
        {
            if (mark.AtUtc >= atUtc)
                break;
            last = mark;
        }
        return last?.ToTier ?? (ordered.Count > 0 ? ordered[0].FromTier ?? ordered[0].ToTier : current);
    }
}

/// <summary>
/// What member-months contribute to <see cref="MonthlyActivity"/>, added up with a sign: the live path adds a month's
/// new state and subtracts its old one, the rebuild adds every month once, so they agree.
/// </summary>
internal sealed class ActivityCounter
{
    private static readonly Channel[] Channels = Enum.GetValues<Channel>();

    public Dictionary<(int JoinMonth, int Month, int StoreId, string TierCode, int Channel, int Shard), MonthlyActivity> Rows { get; } = [];

    /// <param name="row">The member's month.</param>
    /// <param name="next">The same member's next month, if they bought then.</param>
    public void Add(MemberMonth row, MemberMonth? next, int sign)
    {
        var repeat = row.Purchases >= 2 ? sign : 0;
        Bump(row, MonthlyActivity.AllChannels, sign, repeat, next is null ? 0 : sign);
        foreach (var channel in Channels)
        {
            var bit = ChannelBits.Of(channel);
            if ((row.Channels & bit) != 0)
                Bump(row, (int)channel, sign, repeat, next is not null && (next.Channels & bit) != 0 ? sign : 0);
        }
    }

    /// <summary>Rows whose counts moved (a change that cancels out writes nothing).</summary>
    public IEnumerable<MonthlyActivity> Changed() => Rows.Values.Where(r => r.Buyers != 0 || r.Repeat != 0 || r.Returned != 0);

    private void Bump(MemberMonth row, int channel, int buyers, int repeat, int returned)
    {
        Bump(MonthlyActivity.AllCohorts, row, channel, buyers, repeat, returned);
        Bump(row.JoinMonth, row, channel, buyers, repeat, returned);
    }

    private void Bump(int joinMonth, MemberMonth row, int channel, int buyers, int repeat, int returned)
    {
        var shard = (int)(row.MemberId % MonthlyRollups.Shards);
        var key = (joinMonth, row.Month, row.StoreId, row.TierCode, channel, shard);
        if (!Rows.TryGetValue(key, out var total))
        {
            Rows[key] = total = new MonthlyActivity
            {
                JoinMonth = joinMonth, Month = row.Month, StoreId = row.StoreId, TierCode = row.TierCode, Channel = channel, Shard = shard,
            };
        }
        total.Buyers += buyers;
        total.Repeat += repeat;
        total.Returned += returned;
    }
}

/// <summary>Adds ledger rows up into rollup rows; the same code for the live path and the rebuild, so they agree.</summary>
internal sealed class RollupBuilder(TimeZoneInfo zone)
{
    /// <summary>Purchases per member and month (without tier: that needs the member's tier history).</summary>
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
        var purchase = new MemberMonth
        {
            Month = month, MemberId = memberId, JoinMonth = member.JoinMonth, StoreId = member.StoreId, Purchases = 1,
            SpendCents = (long)Math.Round(amount * 100m, MidpointRounding.AwayFromZero), Channels = ChannelBits.Of(channel),
            FirstPurchaseAtUtc = Microseconds(occurredAtUtc),
        };
        MemberMonths[(month, memberId)] = Combine(MemberMonths.GetValueOrDefault((month, memberId)), purchase);
    }

    /// <summary>A member's month with more purchases added; the row keeps its cohort, store and tier.</summary>
    public static MemberMonth Combine(MemberMonth? row, MemberMonth more)
    {
        if (row is null)
            return more;
        row.Purchases += more.Purchases;
        row.SpendCents += more.SpendCents;
        row.Channels |= more.Channels;
        if (more.FirstPurchaseAtUtc < row.FirstPurchaseAtUtc)
            row.FirstPurchaseAtUtc = more.FirstPurchaseAtUtc;
        return row;
    }

    /// <summary>PostgreSQL keeps microseconds; trimming here makes a stored time compare the same as the one in memory.</summary>
    private static DateTime Microseconds(DateTime utc) => new(utc.Ticks - utc.Ticks % 10, DateTimeKind.Utc);

    private void Total(int month, string measure, string key, int storeId, long memberId, long amount, int count = 1)
    {
        var shard = (int)(memberId % MonthlyRollups.Shards);
        if (!Totals.TryGetValue((month, measure, key, storeId, shard), out var row))
            Totals[(month, measure, key, storeId, shard)] = row = new MonthlyTotal { Month = month, Measure = measure, Key = key, StoreId = storeId, Shard = shard };
        row.Amount += amount;
        row.Count += count;
    }
}
