using System.Data.Common;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace LoyaltyAdmin.Tests.Data;

/// <summary>
/// The ledger's saves on the SQLite writer bypass SaveChanges; what they store must be exactly what SaveChanges
/// stores (the reports and every other read see the same rows), and they must refuse what SaveChanges refuses.
/// </summary>
public sealed class SqliteRowSaveTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task RowsSavedWithoutSaveChanges_AreStoredByteForByte_AsSaveChangesStoresThem()
    {
        var byEf = await f.AddMemberAsync("13800000001");
        var byPlan = await f.AddMemberAsync("13800000002");

        await using (var db = f.NewContext())
        {
            await ChangeAsync(db, byEf);
            await db.SaveChangesAsync();
        }
        await using (var db = f.NewContext())
        {
            await ChangeAsync(db, byPlan);
            await SaveByPlanAsync(db);
        }

        foreach (var table in new[] { "Members", "PointsEntries", "PointLots", "GrowthEntries", "MemberOrders", "ProcessedEvents" })
        {
            var ef = await RowAsync(table, byEf);
            var planned = await RowAsync(table, byPlan);
            Assert.Equal(ef.Keys, planned.Keys);
            foreach (var column in ef.Keys.Where(c => c is not ("Id" or "MemberId" or "EntryId" or "Phone" or "Name" or "ReferralCode" or "EventId")))
                Assert.True(Equals(ef[column], planned[column]), $"{table}.{column}: SaveChanges stored {ef[column]}, the plan {planned[column]}");
        }
        await using var check = f.NewContext();
        var lotRow = await check.PointLots.SingleAsync(l => l.MemberId == byPlan);
        Assert.Equal((await check.PointsEntries.SingleAsync(e => e.MemberId == byPlan)).Id, lotRow.EntryId);
        await f.AssertLedgerConsistentAsync(byPlan);
    }

    [Fact]
    public async Task AMemberChangedSinceItWasRead_IsRefused_AndNothingOfThePlanIsWritten()
    {
        var id = await f.AddMemberAsync();
        await using var db = f.NewContext();
        await ChangeAsync(db, id);
        await using (var other = f.NewContext())
        {
            var member = await other.Members.SingleAsync(m => m.Id == id);
            member.Version++;
            await other.SaveChangesAsync();
        }

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => SaveByPlanAsync(db));

        await using var check = f.NewContext();
        Assert.Empty(await check.PointsEntries.Where(e => e.MemberId == id).ToListAsync());
        Assert.Equal(0, (await check.Members.SingleAsync(m => m.Id == id)).PointsBalance);
    }

    [Fact]
    public async Task AnEventIdAlreadyProcessed_BreaksItsUniqueIndex_AsADbUpdateException()
    {
        var first = await f.AddMemberAsync("13800000001");
        var second = await f.AddMemberAsync("13800000002");
        await using (var db = f.NewContext())
        {
            await ChangeAsync(db, first, "evt-1");
            await db.SaveChangesAsync();
        }
        await using var again = f.NewContext();
        await ChangeAsync(again, second, "evt-1"); // the same event id, for another member

        await Assert.ThrowsAsync<DbUpdateException>(() => SaveByPlanAsync(again));
    }

    [Fact]
    public async Task ADelete_IsNotPlanned_AndLeftToSaveChanges()
    {
        var id = await f.AddMemberAsync();
        await using var db = f.NewContext();
        db.Members.Remove(await db.Members.SingleAsync(m => m.Id == id));

        Assert.Null(SqliteRowSave.Plan(db, [.. db.ChangeTracker.Entries()]));
    }

    /// <summary>A purchase's rows, as the ledger writes them: a member update guarded by its version and five inserts, one referring to another.</summary>
    private static async Task ChangeAsync(LoyaltyDbContext db, long memberId, string? eventId = null)
    {
        eventId ??= $"evt-{memberId}";
        var member = await db.Members.SingleAsync(m => m.Id == memberId);
        var at = new DateTime(2026, 3, 4, 17, 5, 6, 789, DateTimeKind.Utc);
        var entry = new PointsEntry
        {
            MemberId = memberId, Kind = PointsEntryKind.Earn, Source = PointsSource.Order, Points = 125, BalanceAfter = 125,
            OccurredAtUtc = at, RecordedAtUtc = at.AddSeconds(1), EventId = eventId, OrderId = "order-1", RuleId = "base",
            Explanation = "¥12.50 × 10 = 125 积分",
        };
        db.PointsEntries.Add(entry);
        db.PointLots.Add(new PointLot
        {
            MemberId = memberId, Entry = entry, Points = 125, Remaining = 125, EarnedOn = new DateOnly(2026, 3, 5),
            ExpiresOn = new DateOnly(2027, 12, 31), AvailableFrom = new DateOnly(2026, 3, 5), OrderId = "order-1",
        });
        db.GrowthEntries.Add(new GrowthEntry { MemberId = memberId, Kind = GrowthEntryKind.Earn, Growth = 12, GrowthAfter = 12, OccurredAtUtc = at, EventId = eventId });
        db.MemberOrders.Add(new MemberOrder
        {
            MemberId = memberId, OrderId = "order-1", Amount = 12.50m, Channel = Channel.Store, Points = 125, Growth = 12, OccurredAtUtc = at,
        });
        db.ProcessedEvents.Add(new ProcessedEvent { EventId = eventId, MemberId = memberId, Type = "Purchase", Points = 125, BalanceAfter = 125, TierAfter = "regular", ProcessedAtUtc = at });
        member.PointsBalance = 125;
        member.GrowthValue = 12;
        member.LifetimeSpend += 12.50m;
        member.LastActivityUtc = at;
        member.LastActiveDay = new DateOnly(2026, 3, 5);
        member.ActiveDays++;
        member.Version++;
    }

    /// <summary>As the writer does: planned first, then run in a transaction over commands it keeps by statement.</summary>
    private static async Task SaveByPlanAsync(LoyaltyDbContext db)
    {
        var plan = SqliteRowSave.Plan(db, [.. db.ChangeTracker.Entries().Where(e => e.State != EntityState.Unchanged)]);
        Assert.NotNull(plan);
        await db.Database.OpenConnectionAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var commands = new Dictionary<string, DbCommand>();
        try
        {
            await plan.RunAsync(sql =>
            {
                if (!commands.TryGetValue(sql, out var command))
                {
                    commands[sql] = command = db.Database.GetDbConnection().CreateCommand();
                    command.CommandText = sql;
                    command.Transaction = tx.GetDbTransaction();
                }
                return command;
            }, CancellationToken.None);
            await tx.CommitAsync();
        }
        finally
        {
            foreach (var command in commands.Values)
                await command.DisposeAsync();
        }
    }

    private async Task<Dictionary<string, object>> RowAsync(string table, long memberId)
    {
        await using var db = f.NewContext();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = table == "Members" ? "SELECT * FROM \"Members\" WHERE \"Id\" = $id" : $"SELECT * FROM \"{table}\" WHERE \"MemberId\" = $id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "$id";
        parameter.Value = memberId;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no {table} row for member {memberId}");
        var row = Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, reader.GetValue);
        Assert.False(await reader.ReadAsync(), $"more than one {table} row for member {memberId}");
        return row;
    }
}
