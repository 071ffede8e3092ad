using System.Data.Common;
using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Support;

/// <summary>
/// Fills a database with N synthetic members and their ledger (for scale tests and the benchmark):
/// raw batched inserts in large transactions, not the ledger service, because it writes millions of rows.
/// Balances are still the sum of each member's entries.
/// </summary>
public static class MemberDataGenerator
{
    public static async Task GenerateAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, int members, int entriesPerMember, DateTime nowUtc,
        IProgress<int>? progress = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(ct);
        var start = await db.Members.MaxAsync(m => (long?)m.Id, ct) ?? 0;
        var random = new Random(42);
        const int batch = 5_000;
        for (var done = 0; done < members; done += batch)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            var member = Command(connection, tx,
                "INSERT INTO Members (Id, Phone, Name, JoinedAtUtc, JoinChannel, ReferralCode, Status, TierCode, TierSince, PointsBalance, PendingPoints, GrowthValue, LifetimeSpend, ActiveDays, SuccessfulReferrals, StreakLength, LastActivityUtc, Version) " +
                "VALUES (@id, @phone, @name, @joined, 'MiniProgram', @code, 'Active', 'regular', '2024-01-01', @balance, 0, @balance, @spend, 1, 0, 0, @last, @version)",
                "@id", "@phone", "@name", "@joined", "@code", "@balance", "@spend", "@last", "@version");
            var entry = Command(connection, tx,
                "INSERT INTO PointsEntries (MemberId, Kind, Source, Points, BalanceAfter, OccurredAtUtc, RecordedAtUtc, Shortfall, OrderId, RuleId) " +
                "VALUES (@member, 'Earn', 'Order', @points, @after, @at, @at, 0, @order, 'purchase')",
                "@member", "@points", "@after", "@at", "@order");
            // Each entry's lot, as the ledger keeps them: what the expiry schedule (member centre) reads.
            var lot = Command(connection, tx,
                "INSERT INTO PointLots (MemberId, EntryId, Points, Remaining, EarnedOn, ExpiresOn, AvailableFrom, IsPending, OrderId) " +
                "VALUES (@member, last_insert_rowid(), @points, @points, @earned, @expires, @earned, 0, @order)",
                "@member", "@points", "@earned", "@expires", "@order");
            for (var i = done; i < Math.Min(members, done + batch); i++)
            {
                var id = start + i + 1;
                var joined = nowUtc.AddMinutes(-random.Next(0, 3 * 365 * 24 * 60));
                var points = new int[entriesPerMember];
                var times = new DateTime[entriesPerMember];
                var at = joined;
                for (var e = 0; e < entriesPerMember; e++)
                {
                    points[e] = random.Next(1, 300);
                    times[e] = at = at.AddMinutes(random.Next(1, 2000));
                }
                long balance = points.Sum(p => (long)p);
                Set(member, id, (13_000_000_000L + id * 7919 % 8_999_999_999L).ToString(CultureInfo.InvariantCulture), $"Member {id}", Text(joined),
                    "G" + id.ToString("X7", CultureInfo.InvariantCulture), balance, balance.ToString(CultureInfo.InvariantCulture), Text(at), entriesPerMember);
                await member.ExecuteNonQueryAsync(ct);
                long running = 0;
                for (var e = 0; e < entriesPerMember; e++)
                {
                    running += points[e];
                    Set(entry, id, points[e], running, Text(times[e]), $"G{id}-{e}");
                    await entry.ExecuteNonQueryAsync(ct);
                    var earned = DateOnly.FromDateTime(times[e]);
                    Set(lot, id, points[e], Day(earned), Day(earned.AddMonths(12)), $"G{id}-{e}");
                    await lot.ExecuteNonQueryAsync(ct);
                }
            }
            await tx.CommitAsync(ct);
            progress?.Report(Math.Min(members, done + batch));
        }
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Text(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static DbCommand Command(DbConnection connection, DbTransaction tx, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
        }
        command.Prepare();
        return command;
    }

    private static void Set(DbCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i];
    }
}
