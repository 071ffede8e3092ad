using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Reports;

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

    /// <summary>Adds what this builder holds to <paramref name="other"/> (a write's deltas into its group's).</summary>
    public void AddTo(RollupBuilder other)
    {
        foreach (var (key, row) in MemberMonths)
            other.MemberMonths[key] = Combine(other.MemberMonths.GetValueOrDefault(key), row);
        foreach (var (key, row) in Totals)
        {
            if (!other.Totals.TryGetValue(key, out var total))
                other.Totals[key] = total = new MonthlyTotal { Month = row.Month, Measure = row.Measure, Key = row.Key, StoreId = row.StoreId, Shard = row.Shard };
            total.Amount += row.Amount;
            total.Count += row.Count;
        }
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
