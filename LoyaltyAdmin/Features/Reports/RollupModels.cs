using LoyaltyAdmin.Rules;

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

/// <summary>The rollups' constants.</summary>
public static class MonthlyRollups
{
    /// <summary>Rows per key of the shared counters, so concurrent writers on server databases rarely wait for one row.</summary>
    public const int Shards = 8;
}
