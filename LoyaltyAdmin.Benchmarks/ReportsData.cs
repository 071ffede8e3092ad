using System.Globalization;
using System.Text.RegularExpressions;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;
using Microsoft.Data.Sqlite;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>
/// The reports benchmark's data: members and a mixed ledger (purchases with their orders and lots, FIFO redemptions,
/// expiries, adjustments, tier upgrades) written straight into a migrated SQLite file.
/// </summary>
internal static class ReportsData
{
    private sealed record Lot(long EntryId, long Points, DateOnly EarnedOn)
    {
        public long Remaining { get; set; } = Points;
    }

    /// <summary>Raw prepared inserts in large transactions (millions of rows); balances and lots stay consistent per member.</summary>
    public static (long Entries, long Orders) Generate(string file, int members, int entries, DateTime now)
    {
        // A member's row goes in after its ledger (its balance is the sum); the set is complete when each batch commits.
        using var connection = new SqliteConnection($"Data Source={file};Foreign Keys=False");
        connection.Open();
        var random = new Random(20261115);
        var zone = MerchantClock.FindZone(null);
        var perMember = Math.Max(1, entries / members);
        long entryId = 0, orderId = 0, orders = 0;
        const int Batch = 5_000;
        for (var first = 1; first <= members; first += Batch)
        {
            using var tx = connection.BeginTransaction();
            var member = Prepare(connection, tx, "INSERT INTO Members (Id, Phone, Name, JoinedAtUtc, JoinChannel, HomeStoreId, ReferralCode, Status, TierCode, TierSince, PointsBalance, PendingPoints, GrowthValue, LifetimeSpend, ActiveDays, SuccessfulReferrals, StreakLength, LastActivityUtc, Version) VALUES ($id, $phone, $name, $joined, $channel, $store, $code, 'Active', $tier, $since, $balance, 0, 0, $spend, 1, 0, 0, $last, 1)");
            var entry = Prepare(connection, tx, "INSERT INTO PointsEntries (Id, MemberId, Kind, Source, Points, BalanceAfter, OccurredAtUtc, RecordedAtUtc, Shortfall, OrderId) VALUES ($id, $member, $kind, $source, $points, $after, $at, $at, 0, $order)");
            var order = Prepare(connection, tx, "INSERT INTO MemberOrders (Id, MemberId, OrderId, Amount, RefundedAmount, Points, Growth, OccurredAtUtc, Channel) VALUES ($id, $member, $order, $amount, '0.0', $points, 0, $at, $channel)");
            var lot = Prepare(connection, tx, "INSERT INTO PointLots (MemberId, EntryId, Points, Remaining, EarnedOn, ExpiresOn, AvailableFrom, IsPending, OrderId) VALUES ($member, $entry, $points, $remaining, $earned, $expires, $earned, 0, NULL)");
            var tier = Prepare(connection, tx, "INSERT INTO TierHistory (MemberId, FromTier, ToTier, Change, Reason, OccurredAtUtc) VALUES ($member, $from, $to, 'Upgrade', 'Spend', $at)");
            for (var id = first; id < Math.Min(members + 1, first + Batch); id++)
            {
                var joined = now.AddMinutes(-random.Next(1, 24 * 30 * 24 * 60));
                var count = random.Next(perMember / 5, perMember * 9 / 5 + 1);
                var times = Enumerable.Range(0, count).Select(_ => joined.AddMinutes(random.NextDouble() * (now - joined).TotalMinutes)).Order().ToArray();
                var lots = new List<Lot>();
                long balance = 0;
                decimal spend = 0;
                var tierCode = "regular";
                foreach (var at in times)
                {
                    var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(at, zone));
                    var roll = random.NextDouble();
                    var expiring = lots.Where(l => l.Remaining > 0 && l.EarnedOn.AddMonths(12) <= day).ToList();
                    if (roll < 0.05 && expiring.Count > 0)
                    {
                        var points = expiring.Sum(l => l.Remaining);
                        expiring.ForEach(l => l.Remaining = 0);
                        balance -= points;
                        Exec(entry, ++entryId, id, "Expire", "Job", -points, balance, Text(at), null);
                    }
                    else if (roll < 0.17 && balance > 0)
                    {
                        var points = Math.Min(balance, random.Next(50, 500));
                        Take(lots, points);
                        balance -= points;
                        Exec(entry, ++entryId, id, "Redeem", "Operator", -points, balance, Text(at), null);
                    }
                    else if (roll < 0.20)
                    {
                        var points = random.Next(1, 100);
                        balance += points;
                        Exec(entry, ++entryId, id, "Adjust", "Operator", points, balance, Text(at), null);
                        lots.Add(new Lot(entryId, points, day));
                    }
                    else
                    {
                        var amount = random.Next(1_000, 30_000) / 100m;
                        var points = (long)amount;
                        var orderCode = "O" + (++orderId).ToString(CultureInfo.InvariantCulture);
                        balance += points;
                        spend += amount;
                        Exec(entry, ++entryId, id, "Earn", "Order", points, balance, Text(at), orderCode);
                        Exec(order, orderId, id, orderCode, amount.ToString(CultureInfo.InvariantCulture), points, Text(at), ((Channel)random.Next(3)).ToString());
                        orders++;
                        lots.Add(new Lot(entryId, points, day));
                        var reached = spend >= 1000 ? "gold" : spend >= 200 ? "silver" : "regular";
                        if (reached != tierCode)
                        {
                            Exec(tier, id, tierCode, reached, Text(at));
                            tierCode = reached;
                        }
                    }
                }
                int? store = random.Next(10) == 0 ? null : random.Next(1, 6);
                Exec(member, id, (13_000_000_000L + id).ToString(CultureInfo.InvariantCulture), "Member " + id, Text(joined), ((Channel)random.Next(3)).ToString(),
                    store, "B" + id.ToString("X7", CultureInfo.InvariantCulture), tierCode, DateOnly.FromDateTime(joined).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    balance, spend.ToString(CultureInfo.InvariantCulture), Text(times.Length > 0 ? times[^1] : joined));
                foreach (var l in lots)
                    Exec(lot, id, l.EntryId, l.Points, l.Remaining, l.EarnedOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                        l.EarnedOn.AddMonths(12).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }
            tx.Commit();
            if (first % 50_000 == 1)
                Console.WriteLine($"  {Math.Min(members, first + Batch - 1):N0} members, {entryId:N0} entries");
        }
        return (entryId, orders);
    }

    private static void Take(List<Lot> lots, long points)
    {
        foreach (var l in lots.Where(l => l.Remaining > 0))
        {
            var take = Math.Min(l.Remaining, points);
            l.Remaining -= take;
            points -= take;
            if (points == 0)
                return;
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (Match m in Regex.Matches(sql, @"\$\w+"))
        {
            if (!command.Parameters.Contains(m.Value))
                command.Parameters.Add(new SqliteParameter(m.Value, null));
        }
        command.Prepare();
        return command;
    }

    private static void Exec(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        command.ExecuteNonQuery();
    }

    private static string Text(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
