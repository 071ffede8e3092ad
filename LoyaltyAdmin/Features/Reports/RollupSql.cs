using System.Globalization;
using System.Text;
using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LoyaltyAdmin.Features.Reports;

/// <summary>
/// Adds rollup rows onto existing ones in one statement per table: <c>INSERT … ON CONFLICT DO UPDATE</c> on SQLite and
/// PostgreSQL, <c>MERGE … WITH (HOLDLOCK)</c> on SQL Server. The increment happens in the database, so two transactions
/// adding to the same row both count. Rows go in key order, so two writers never lock them in opposite orders.
/// </summary>
internal static class RollupSql
{
    private const int RowsPerStatement = 200; // SQL Server takes at most 2100 parameters

    public static async Task UpsertAsync(LoyaltyDbContext db, IEnumerable<MemberMonth> memberMonths, IEnumerable<MonthlyTotal> totals, CancellationToken ct)
    {
        var serverKind = db.Database.IsSqlServer();
        foreach (var chunk in memberMonths.OrderBy(r => r.Month).ThenBy(r => r.MemberId).Chunk(RowsPerStatement))
        {
            await ExecuteAsync(db, serverKind, "MemberMonths", ["Month", "MemberId"], ["JoinMonth", "Purchases", "SpendCents", "Channels"],
                chunk.Select(r => new object[] { r.Month, r.MemberId, r.JoinMonth, r.Purchases, r.SpendCents, r.Channels }),
                column => column switch
                {
                    "JoinMonth" => null,
                    "Channels" => "|",
                    _ => "+",
                }, ct);
        }
        var ordered = totals.OrderBy(r => r.Month).ThenBy(r => r.Measure, StringComparer.Ordinal).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ThenBy(r => r.StoreId).ThenBy(r => r.Shard);
        foreach (var chunk in ordered.Chunk(RowsPerStatement))
        {
            await ExecuteAsync(db, serverKind, "MonthlyTotals", ["Month", "Measure", "Key", "StoreId", "Shard"], ["Amount", "Count"],
                chunk.Select(r => new object[] { r.Month, r.Measure, r.Key, r.StoreId, r.Shard, r.Amount, r.Count }),
                _ => "+", ct);
        }
    }

    /// <summary>
    /// Plain inserts into empty rollup tables (the rebuild): one prepared statement run row by row in the caller's
    /// transaction, far cheaper than upserts for millions of rows.
    /// </summary>
    public static async Task InsertAsync(LoyaltyDbContext db, IEnumerable<MemberMonth> memberMonths, IEnumerable<MonthlyTotal> totals, CancellationToken ct)
    {
        await InsertAsync(db, "MemberMonths", ["Month", "MemberId", "JoinMonth", "Purchases", "SpendCents", "Channels"],
            memberMonths.Select(r => new object[] { r.Month, r.MemberId, r.JoinMonth, r.Purchases, r.SpendCents, r.Channels }), ct);
        await InsertAsync(db, "MonthlyTotals", ["Month", "Measure", "Key", "StoreId", "Shard", "Amount", "Count"],
            totals.Select(r => new object[] { r.Month, r.Measure, r.Key, r.StoreId, r.Shard, r.Amount, r.Count }), ct);
    }

    private static async Task InsertAsync(LoyaltyDbContext db, string table, string[] columns, IEnumerable<object[]> rows, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"INSERT INTO {Q(table)} ({string.Join(", ", columns.Select(Q))}) VALUES ({string.Join(", ", columns.Select((_, i) => "@p" + i.ToString(CultureInfo.InvariantCulture)))})";
        var prepared = false;
        foreach (var row in rows)
        {
            if (!prepared)
            {
                for (var i = 0; i < row.Length; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = "@p" + i.ToString(CultureInfo.InvariantCulture);
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

    private static async Task ExecuteAsync(LoyaltyDbContext db, bool sqlServer, string table, string[] keys, string[] values,
        IEnumerable<object[]> rows, Func<string, string?> combine, CancellationToken ct)
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
        if (tuples.Count == 0)
            return;

        // Each value column is combined with the stored one by its operator; a null operator keeps the stored value.
        var updates = values.Select(c => (Column: c, Op: combine(c))).Where(u => u.Op is not null).ToList();
        var list = string.Join(", ", columns.Select(Q));
        var sql = new StringBuilder();
        if (sqlServer)
        {
            sql.Append($"MERGE {Q(table)} WITH (HOLDLOCK) AS t USING (VALUES {string.Join(", ", tuples)}) AS s ({list}) ON ");
            sql.Append(string.Join(" AND ", keys.Select(k => $"t.{Q(k)} = s.{Q(k)}")));
            sql.Append(" WHEN MATCHED THEN UPDATE SET ");
            sql.Append(string.Join(", ", updates.Select(u => $"t.{Q(u.Column)} = t.{Q(u.Column)} {u.Op} s.{Q(u.Column)}")));
            sql.Append($" WHEN NOT MATCHED THEN INSERT ({list}) VALUES ({string.Join(", ", columns.Select(c => "s." + Q(c)))});");
        }
        else
        {
            sql.Append($"INSERT INTO {Q(table)} ({list}) VALUES {string.Join(", ", tuples)} ON CONFLICT ({string.Join(", ", keys.Select(Q))}) DO UPDATE SET ");
            sql.Append(string.Join(", ", updates.Select(u => $"{Q(u.Column)} = {Q(table)}.{Q(u.Column)} {u.Op} excluded.{Q(u.Column)}")));
        }
        await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, ct);
    }

    private static string Q(string name) => "\"" + name + "\"";
}
