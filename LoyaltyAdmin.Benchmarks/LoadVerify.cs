using System.Data.Common;
using System.Globalization;
using LoyaltyAdmin.Data;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>
/// Checks the app's database after the load, in SQL both SQLite and PostgreSQL read (quoted names, as EF created them):
/// every balance equals its ledger and the expected awards, nothing awarded twice, each unique purchase processed once
/// with its order, and one points-earned outbox event per purchase (none with the outbox off).
/// </summary>
internal static class LoadVerify
{
    /// <summary>The number of failed checks; each failure is printed.</summary>
    public static async Task<int> RunAsync(DbConnection db, string[] phones, long[] expected, int uniqueEvents, bool outbox)
    {
        var problems = 0;
        var balances = new Dictionary<string, (long Balance, long Ledger)>();
        await using (var cmd = db.CreateCommand())
        {
            cmd.CommandText = """
                SELECT m."Phone", m."PointsBalance", COALESCE((SELECT SUM(e."Points") FROM "PointsEntries" e WHERE e."MemberId" = m."Id"), 0)
                FROM "Members" m
                """;
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                balances[reader.GetString(0)] = (Long(reader.GetValue(1)), Long(reader.GetValue(2)));
        }
        var wrong = 0;
        for (var i = 0; i < phones.Length; i++)
        {
            if (!balances.TryGetValue(phones[i], out var b) || b.Balance != b.Ledger || b.Balance != expected[i])
            {
                if (wrong++ < 5)
                    Console.WriteLine($"  FAIL: member {phones[i]} balance {b.Balance}, ledger {b.Ledger}, expected {expected[i]}");
            }
        }
        if (wrong > 0)
        {
            Console.WriteLine($"  FAIL: {wrong} member(s) with a wrong balance");
            problems++;
        }
        var duplicates = await ScalarAsync(db, """SELECT COUNT(*) FROM (SELECT "EventId", "RuleId" FROM "PointsEntries" WHERE "Kind" = 'Earn' GROUP BY "EventId", "RuleId" HAVING COUNT(*) > 1) d""");
        var processed = await ScalarAsync(db, """SELECT COUNT(*) FROM "ProcessedEvents" WHERE "Type" = 'Purchase'""");
        var orders = await ScalarAsync(db, """SELECT COUNT(*) FROM "MemberOrders" """);
        var earned = await ScalarAsync(db, $"""SELECT COUNT(*) FROM "OutboxEvents" WHERE "Type" = '{BusinessEvents.PointsEarned}'""");
        var expectedEarned = outbox ? uniqueEvents : 0;
        Console.WriteLine($"  ledger: {processed:N0} purchases processed (expected {uniqueEvents:N0}), {orders:N0} orders, {duplicates} duplicate awards, " +
            $"{wrong} wrong balances; outbox: {earned:N0} points-earned events (expected {expectedEarned:N0})");
        if (duplicates > 0 || processed != uniqueEvents || orders != uniqueEvents || earned != expectedEarned)
            problems++;
        return problems;
    }

    private static async Task<long> ScalarAsync(DbConnection db, string sql)
    {
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return Long(await cmd.ExecuteScalarAsync());
    }

    // PostgreSQL sums bigints as numeric; SQLite gives long.
    private static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);
}
