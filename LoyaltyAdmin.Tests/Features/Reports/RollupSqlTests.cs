using LoyaltyAdmin.Features.Reports;

namespace LoyaltyAdmin.Tests.Features.Reports;

/// <summary>
/// The statements the rollup step sends. SQLite and PostgreSQL run them in the other tests; no SQL Server exists here,
/// so its MERGE text is checked: shared counters are added to, a member's month is replaced, one statement per table.
/// </summary>
public sealed class RollupSqlTests
{
    private static readonly MemberMonth Month = new()
    {
        Month = 202603, MemberId = 7, JoinMonth = 202601, Purchases = 2, SpendCents = 1500, Channels = 1,
        FirstPurchaseAtUtc = new DateTime(2026, 3, 2, 2, 0, 0, DateTimeKind.Utc), StoreId = 1, TierCode = "silver",
    };

    private static readonly MonthlyActivity[] Counts =
    [
        new() { Month = 202603, JoinMonth = 202601, StoreId = 1, TierCode = "silver", Channel = MonthlyActivity.AllChannels, Shard = 7, Buyers = 1, Repeat = 1 },
        new() { Month = 202602, JoinMonth = 202601, StoreId = 1, TierCode = "regular", Channel = MonthlyActivity.AllChannels, Shard = 7, Returned = 1 },
    ];

    [Fact]
    public void SqlServer_AddsToActivityCounts_WithOneHoldlockMerge_InKeyOrder()
    {
        var statements = RollupSql.Statements(sqlServer: true, [Month], [], Counts).ToList();

        Assert.Equal(2, statements.Count);
        var (sql, parameters) = statements[1];
        Assert.Equal(
            "MERGE \"MonthlyActivity\" WITH (HOLDLOCK) AS t USING (VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}), ({9}, {10}, {11}, {12}, {13}, {14}, {15}, {16}, {17})) " +
            "AS s (\"JoinMonth\", \"Month\", \"StoreId\", \"TierCode\", \"Channel\", \"Shard\", \"Buyers\", \"Repeat\", \"Returned\") " +
            "ON t.\"JoinMonth\" = s.\"JoinMonth\" AND t.\"Month\" = s.\"Month\" AND t.\"StoreId\" = s.\"StoreId\" AND t.\"TierCode\" = s.\"TierCode\" AND t.\"Channel\" = s.\"Channel\" AND t.\"Shard\" = s.\"Shard\" " +
            "WHEN MATCHED THEN UPDATE SET t.\"Buyers\" = t.\"Buyers\" + s.\"Buyers\", t.\"Repeat\" = t.\"Repeat\" + s.\"Repeat\", t.\"Returned\" = t.\"Returned\" + s.\"Returned\" " +
            "WHEN NOT MATCHED THEN INSERT (\"JoinMonth\", \"Month\", \"StoreId\", \"TierCode\", \"Channel\", \"Shard\", \"Buyers\", \"Repeat\", \"Returned\") " +
            "VALUES (s.\"JoinMonth\", s.\"Month\", s.\"StoreId\", s.\"TierCode\", s.\"Channel\", s.\"Shard\", s.\"Buyers\", s.\"Repeat\", s.\"Returned\");",
            sql);
        // February before March: writers lock shared rows in one order.
        Assert.Equal([202601, 202602, 1, "regular", -1, 7, 0L, 0L, 1L], parameters.Take(9));
    }

    [Fact]
    public void SqlServer_ReplacesTheMembersMonth_WholeRow()
    {
        var (sql, parameters) = RollupSql.Statements(sqlServer: true, [Month], [], []).Single();

        Assert.StartsWith("MERGE \"MemberMonths\" WITH (HOLDLOCK) AS t USING (VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8})) AS s ", sql);
        Assert.Contains("WHEN MATCHED THEN UPDATE SET t.\"JoinMonth\" = s.\"JoinMonth\", t.\"Purchases\" = s.\"Purchases\", t.\"SpendCents\" = s.\"SpendCents\", " +
            "t.\"Channels\" = s.\"Channels\", t.\"FirstPurchaseAtUtc\" = s.\"FirstPurchaseAtUtc\", t.\"StoreId\" = s.\"StoreId\", t.\"TierCode\" = s.\"TierCode\" WHEN NOT MATCHED", sql);
        Assert.Equal(9, parameters.Count);
    }

    [Fact]
    public void SqliteAndPostgreSql_AddToCounters_OnConflict()
    {
        var (sql, _) = RollupSql.Statements(sqlServer: false, [], [], Counts).Single();

        Assert.EndsWith("ON CONFLICT (\"JoinMonth\", \"Month\", \"StoreId\", \"TierCode\", \"Channel\", \"Shard\") DO UPDATE SET " +
            "\"Buyers\" = \"MonthlyActivity\".\"Buyers\" + excluded.\"Buyers\", \"Repeat\" = \"MonthlyActivity\".\"Repeat\" + excluded.\"Repeat\", " +
            "\"Returned\" = \"MonthlyActivity\".\"Returned\" + excluded.\"Returned\"", sql);
    }
}
