using System.Globalization;
using Microsoft.Data.Sqlite;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>
/// The SQLite baseline of the load: per event, in one IMMEDIATE transaction, look up the event id, read the member, insert
/// the entry, its lot, the order and the processed-event row, update the member. What the ledger does, minus the rules
/// engine, EF and HTTP.
/// </summary>
internal static class SqliteBaseline
{
    public static async Task<(double PerSecond, double CpuMsPerEvent)> RunAsync(string path, int members, IReadOnlyList<Purchase> plan, int clients)
    {
        var cs = new SqliteConnectionStringBuilder { DataSource = path, DefaultTimeout = 30, Pooling = true }.ToString();
        await using (var setup = new SqliteConnection(cs))
        {
            await setup.OpenAsync();
            await using var cmd = setup.CreateCommand();
            cmd.CommandText = """
                PRAGMA journal_mode=WAL;
                CREATE TABLE Members (Id INTEGER PRIMARY KEY, Phone TEXT NOT NULL UNIQUE, Balance INTEGER NOT NULL, Version INTEGER NOT NULL);
                CREATE TABLE Entries (Id INTEGER PRIMARY KEY, MemberId INTEGER NOT NULL, Points INTEGER NOT NULL, BalanceAfter INTEGER NOT NULL, EventId TEXT, OrderId TEXT, OccurredAt TEXT NOT NULL);
                CREATE INDEX IX_Entries_Member ON Entries (MemberId, Id);
                CREATE TABLE Lots (Id INTEGER PRIMARY KEY, MemberId INTEGER NOT NULL, EntryId INTEGER NOT NULL, Points INTEGER NOT NULL, Remaining INTEGER NOT NULL, EarnedOn TEXT NOT NULL);
                CREATE INDEX IX_Lots_Member ON Lots (MemberId);
                CREATE TABLE Orders (Id INTEGER PRIMARY KEY, MemberId INTEGER NOT NULL, OrderId TEXT NOT NULL, Amount TEXT NOT NULL, Points INTEGER NOT NULL);
                CREATE UNIQUE INDEX IX_Orders ON Orders (MemberId, OrderId);
                CREATE TABLE Processed (Id INTEGER PRIMARY KEY, EventId TEXT NOT NULL UNIQUE, MemberId INTEGER NOT NULL, Points INTEGER NOT NULL, BalanceAfter INTEGER NOT NULL);
                """;
            await cmd.ExecuteNonQueryAsync();
            await using var tx = setup.BeginTransaction();
            await using var insert = setup.CreateCommand();
            insert.CommandText = "INSERT INTO Members (Id, Phone, Balance, Version) VALUES ($id, $phone, 0, 0)";
            var id = insert.Parameters.Add("$id", SqliteType.Integer);
            var phone = insert.Parameters.Add("$phone", SqliteType.Text);
            for (var i = 0; i < members; i++)
            {
                id.Value = i + 1;
                phone.Value = (13_000_000_000L + i).ToString(CultureInfo.InvariantCulture);
                await insert.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }

        // The same one-writer gate the API uses on SQLite, so both sides queue in memory instead of sleeping on SQLITE_BUSY.
        using var gate = new SemaphoreSlim(1, 1);
        return await LoadClients.RunRawAsync(plan, clients, async p =>
        {
            await using var db = new SqliteConnection(cs);
            await db.OpenAsync();
            await gate.WaitAsync();
            try
            {
                await EventAsync(db, p);
            }
            finally
            {
                gate.Release();
            }
        });
    }

    private static async Task EventAsync(SqliteConnection db, Purchase p)
    {
        await using var tx = (SqliteTransaction)await db.BeginTransactionAsync(); // IMMEDIATE, like the ledger's
        if (await ScalarAsync(db, tx, "SELECT COUNT(*) FROM Processed WHERE EventId = $e", ("$e", p.EventId)) > 0)
        {
            await tx.CommitAsync();
            return;
        }
        var memberId = p.Member + 1;
        var balance = await ScalarAsync(db, tx, "SELECT Balance FROM Members WHERE Id = $m", ("$m", memberId));
        var points = (long)Math.Floor(p.Amount);
        var entryId = await ScalarAsync(db, tx,
            "INSERT INTO Entries (MemberId, Points, BalanceAfter, EventId, OrderId, OccurredAt) VALUES ($m, $p, $b, $e, $o, $t) RETURNING Id",
            ("$m", memberId), ("$p", points), ("$b", balance + points), ("$e", p.EventId), ("$o", "o-" + p.EventId), ("$t", p.At.UtcDateTime.ToString("O")));
        await ScalarAsync(db, tx, "INSERT INTO Lots (MemberId, EntryId, Points, Remaining, EarnedOn) VALUES ($m, $x, $p, $p, $d) RETURNING Id",
            ("$m", memberId), ("$x", entryId), ("$p", points), ("$d", p.At.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        await ScalarAsync(db, tx, "INSERT INTO Orders (MemberId, OrderId, Amount, Points) VALUES ($m, $o, $a, $p) RETURNING Id",
            ("$m", memberId), ("$o", "o-" + p.EventId), ("$a", p.Amount.ToString(CultureInfo.InvariantCulture)), ("$p", points));
        await ScalarAsync(db, tx, "UPDATE Members SET Balance = Balance + $p, Version = Version + 1 WHERE Id = $m RETURNING Version", ("$m", memberId), ("$p", points));
        await ScalarAsync(db, tx, "INSERT INTO Processed (EventId, MemberId, Points, BalanceAfter) VALUES ($e, $m, $p, $b) RETURNING Id",
            ("$e", p.EventId), ("$m", memberId), ("$p", points), ("$b", balance + points));
        await tx.CommitAsync();
    }

    private static async Task<long> ScalarAsync(SqliteConnection db, SqliteTransaction tx, string sql, params (string Name, object Value)[] parameters)
    {
        await using var cmd = db.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
            cmd.Parameters.AddWithValue(name, value);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
