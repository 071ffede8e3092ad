using System.Globalization;
using System.Text;
using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LoyaltyAdmin.Features.Reports;

/// <summary>
/// Writes rollup rows: <c>INSERT … ON CONFLICT DO UPDATE</c> on SQLite and PostgreSQL, <c>MERGE … WITH (HOLDLOCK)</c>
/// on SQL Server; on SQLite one prepared statement per table run for each row, elsewhere one statement per 200 rows. Shared counters (<see cref="MonthlyTotal"/>,
/// <see cref="MonthlyActivity"/>) are incremented in the database, so two transactions adding to the same row both
/// count; a <see cref="MemberMonth"/> is replaced whole (its member is locked by the ledger). Rows go in key order, so
/// two writers never lock them in opposite orders.
/// </summary>
internal static class RollupSql
{
    private const int RowsPerStatement = 200;
    private const int MaxParameters = 2000; // SQL Server takes at most 2100 per command

    private static readonly string[] MemberMonthKeys = ["Month", "MemberId"];
    private static readonly string[] MemberMonthValues = ["JoinMonth", "Purchases", "SpendCents", "Channels", "FirstPurchaseAtUtc", "StoreId", "TierCode"];
    private static readonly string[] TotalKeys = ["Month", "Measure", "Key", "StoreId", "Shard"];
    private static readonly string[] TotalValues = ["Amount", "Count"];
    private static readonly string[] ActivityKeys = ["JoinMonth", "Month", "StoreId", "TierCode", "Channel", "Shard"];
    private static readonly string[] ActivityValues = ["Buyers", "Repeat", "Returned"];

    private static object[] Values(MemberMonth r) => [r.Month, r.MemberId, r.JoinMonth, r.Purchases, r.SpendCents, r.Channels, r.FirstPurchaseAtUtc, r.StoreId, r.TierCode];

    private static object[] Values(MonthlyTotal r) => [r.Month, r.Measure, r.Key, r.StoreId, r.Shard, r.Amount, r.Count];

    private static object[] Values(MonthlyActivity r) => [r.JoinMonth, r.Month, r.StoreId, r.TierCode, r.Channel, r.Shard, r.Buyers, r.Repeat, r.Returned];

    public static async Task UpsertAsync(LoyaltyDbContext db, IEnumerable<MemberMonth> memberMonths, IEnumerable<MonthlyTotal> totals,
        IEnumerable<MonthlyActivity> activity, CancellationToken ct)
    {
        if (db is SqliteLoyaltyDbContext)
        {
            // No round trips to save on SQLite, while parsing a statement of many rows cost more than running a
            // prepared one-row statement per row.
            await UpsertEachAsync(db, "MemberMonths", MemberMonthKeys, MemberMonthValues, Ordered(memberMonths).Select(Values), increment: false, ct);
            await UpsertEachAsync(db, "MonthlyTotals", TotalKeys, TotalValues, Ordered(totals).Select(Values), increment: true, ct);
            await UpsertEachAsync(db, "MonthlyActivity", ActivityKeys, ActivityValues, Ordered(activity).Select(Values), increment: true, ct);
            return;
        }
        // One command for all tables (a purchase touches each once), so the write pays one round trip, not three.
        var sql = new StringBuilder();
        var parameters = new List<object>();
        foreach (var statement in Statements(db is SqlServerLoyaltyDbContext, memberMonths, totals, activity))
        {
            if (parameters.Count > 0 && parameters.Count + statement.Parameters.Count > MaxParameters)
                await FlushAsync();
            var offset = parameters.Count;
            // Renumbered after the statements before it in this command: {0} becomes {offset}.
            var placeholders = new object[statement.Parameters.Count];
            for (var i = 0; i < placeholders.Length; i++)
                placeholders[i] = "{" + (i + offset).ToString(CultureInfo.InvariantCulture) + "}";
            sql.Append(string.Format(CultureInfo.InvariantCulture, statement.Sql, placeholders));
            sql.Append(statement.Sql.EndsWith(';') ? "\n" : ";\n");
            parameters.AddRange(statement.Parameters);
        }
        if (parameters.Count > 0)
            await FlushAsync();

        async Task FlushAsync()
        {
            await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
            sql.Clear();
            parameters.Clear();
        }
    }

    /// <summary>The upserts <see cref="UpsertAsync"/> runs on server databases, with <c>{n}</c> placeholders for their parameters.</summary>
    internal static IEnumerable<(string Sql, List<object> Parameters)> Statements(bool sqlServer, IEnumerable<MemberMonth> memberMonths,
        IEnumerable<MonthlyTotal> totals, IEnumerable<MonthlyActivity> activity)
    {
        foreach (var chunk in Ordered(memberMonths).Chunk(RowsPerStatement))
            yield return Upsert(sqlServer, "MemberMonths", MemberMonthKeys, MemberMonthValues, chunk.Select(Values), increment: false);
        foreach (var chunk in Ordered(totals).Chunk(RowsPerStatement))
            yield return Upsert(sqlServer, "MonthlyTotals", TotalKeys, TotalValues, chunk.Select(Values), increment: true);
        foreach (var chunk in Ordered(activity).Chunk(RowsPerStatement))
            yield return Upsert(sqlServer, "MonthlyActivity", ActivityKeys, ActivityValues, chunk.Select(Values), increment: true);
    }

    private static IEnumerable<MemberMonth> Ordered(IEnumerable<MemberMonth> rows) => rows.OrderBy(r => r.Month).ThenBy(r => r.MemberId);

    private static IEnumerable<MonthlyTotal> Ordered(IEnumerable<MonthlyTotal> rows) =>
        rows.OrderBy(r => r.Month).ThenBy(r => r.Measure, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ThenBy(r => r.StoreId).ThenBy(r => r.Shard);

    private static IEnumerable<MonthlyActivity> Ordered(IEnumerable<MonthlyActivity> rows) =>
        rows.OrderBy(r => r.JoinMonth).ThenBy(r => r.Month).ThenBy(r => r.StoreId).ThenBy(r => r.TierCode, StringComparer.Ordinal)
            .ThenBy(r => r.Channel).ThenBy(r => r.Shard);

    /// <summary>One upsert per row, on one prepared statement.</summary>
    private static Task UpsertEachAsync(LoyaltyDbContext db, string table, string[] keys, string[] values, IEnumerable<object[]> rows,
        bool increment, CancellationToken ct)
    {
        var columns = keys.Length + values.Length;
        var (sql, _) = Upsert(false, table, keys, values, [new object[columns]], increment);
        return RunPerRowAsync(db, string.Format(CultureInfo.InvariantCulture, sql, [.. Enumerable.Range(0, columns).Select(Parameter)]), rows, ct);
    }

    /// <summary>
    /// Plain inserts into empty rollup tables (the rebuild): one prepared statement run row by row in the caller's
    /// transaction, far cheaper than upserts for millions of rows.
    /// </summary>
    public static async Task InsertAsync(LoyaltyDbContext db, IEnumerable<MemberMonth> memberMonths, IEnumerable<MonthlyTotal> totals,
        IEnumerable<MonthlyActivity> activity, CancellationToken ct)
    {
        await InsertAsync(db, "MemberMonths", [.. MemberMonthKeys, .. MemberMonthValues], memberMonths.Select(Values), ct);
        await InsertAsync(db, "MonthlyTotals", [.. TotalKeys, .. TotalValues], totals.Select(Values), ct);
        await InsertAsync(db, "MonthlyActivity", [.. ActivityKeys, .. ActivityValues], activity.Select(Values), ct);
    }

    private static Task InsertAsync(LoyaltyDbContext db, string table, string[] columns, IEnumerable<object[]> rows, CancellationToken ct) =>
        RunPerRowAsync(db, $"INSERT INTO {Q(table)} ({string.Join(", ", columns.Select(Q))}) VALUES ({string.Join(", ", columns.Select((_, i) => Parameter(i)))})",
            rows, ct);

    /// <summary><paramref name="sql"/> (parameters @p0, @p1, …) prepared for the first row and run for each, in the context's transaction.</summary>
    private static async Task RunPerRowAsync(LoyaltyDbContext db, string sql, IEnumerable<object[]> rows, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        var prepared = false;
        foreach (var row in rows)
        {
            if (!prepared)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = Parameter(i);
                    parameter.Value = row[i];
                    command.Parameters.Add(parameter);
                }
                await command.PrepareAsync(ct);
                prepared = true;
            }
            for (var i = 0; i < row.Length; i++)
                command.Parameters[i].Value = row[i];
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static string Parameter(int i) => "@p" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// One upsert of <paramref name="rows"/> (key columns, then value columns) with <c>{n}</c> placeholders: value
    /// columns are added to the stored ones (<paramref name="increment"/>) or replace them.
    /// </summary>
    private static (string Sql, List<object> Parameters) Upsert(bool sqlServer, string table, string[] keys, string[] values,
        IEnumerable<object[]> rows, bool increment)
    {
        var columns = keys.Concat(values).ToArray();
        var parameters = new List<object>();
        var tuples = new List<string>();
        foreach (var row in rows)
        {
            tuples.Add("(" + string.Join(", ", row.Select(v =>
            {
                parameters.Add(v);
                return "{" + (parameters.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
            })) + ")");
        }
        var list = string.Join(", ", columns.Select(Q));
        var sql = new StringBuilder();
        if (sqlServer)
        {
            sql.Append($"MERGE {Q(table)} WITH (HOLDLOCK) AS t USING (VALUES {string.Join(", ", tuples)}) AS s ({list}) ON ");
            sql.Append(string.Join(" AND ", keys.Select(k => $"t.{Q(k)} = s.{Q(k)}")));
            sql.Append(" WHEN MATCHED THEN UPDATE SET ");
            sql.Append(string.Join(", ", values.Select(c => increment ? $"t.{Q(c)} = t.{Q(c)} + s.{Q(c)}" : $"t.{Q(c)} = s.{Q(c)}")));
            sql.Append($" WHEN NOT MATCHED THEN INSERT ({list}) VALUES ({string.Join(", ", columns.Select(c => "s." + Q(c)))});");
        }
        else
        {
            sql.Append($"INSERT INTO {Q(table)} ({list}) VALUES {string.Join(", ", tuples)} ON CONFLICT ({string.Join(", ", keys.Select(Q))}) DO UPDATE SET ");
            sql.Append(string.Join(", ", values.Select(c => increment ? $"{Q(c)} = {Q(table)}.{Q(c)} + excluded.{Q(c)}" : $"{Q(c)} = excluded.{Q(c)}")));
        }
        return (sql.ToString(), parameters);
    }

    private static string Q(string name) => "\"" + name + "\"";
}
