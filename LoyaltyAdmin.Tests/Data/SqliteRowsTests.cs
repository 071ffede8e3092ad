using System.Data.Common;
using System.Text.RegularExpressions;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Data;

/// <summary>
/// The ledger's rows on the SQLite writer are written by explicit statements, not SaveChanges; what they store must be
/// exactly what SaveChanges stores (the reports and every other read see the same rows), column by column and kind by
/// kind, and they must refuse what SaveChanges refuses.
/// </summary>
public sealed partial class SqliteRowsTests : IAsyncLifetime
{
    private static readonly DateTime At = new(2026, 3, 4, 17, 5, 6, 789, DateTimeKind.Utc);
    private readonly MembersFixture f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public void EveryStatement_NamesEveryColumnOfItsTable_InTheEfModel()
    {
        using var db = f.NewContext();
        foreach (var sql in SqliteRows.Statements)
        {
            var match = StatementShape().Match(sql);
            Assert.True(match.Success, sql);
            var table = match.Groups["table"].Value;
            var entity = db.Model.GetEntityTypes().Single(e => e.GetTableName() == table);
            var model = entity.GetProperties().Where(p => p.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never || !p.IsKey())
                .Select(p => p.GetColumnName()).Order().ToList();
            var written = QuotedName().Matches(match.Groups["columns"].Value).Select(m => m.Groups[1].Value).Order().ToList();
            if (sql.StartsWith("UPDATE", StringComparison.Ordinal) && table != "Members")
                Assert.Subset(model.ToHashSet(), written.ToHashSet()); // a lot or an order changes only its open points, pending day or refunds
            else
                Assert.Equal(model, written);
        }
    }

    [Fact]
    public async Task EveryRowKind_IsStoredAsSaveChangesStoresIt_ColumnByColumn()
    {
        var byEf = await f.AddMemberAsync("13800000001");
        var byRows = await f.AddMemberAsync("13800000002");
        await using (var db = f.NewContext())
        {
            db.AddRange(Rows(byEf, "ef"));
            var member = await db.Members.SingleAsync(m => m.Id == byEf);
            Change(member);
            await db.SaveChangesAsync();
            var lot = await db.PointLots.SingleAsync(l => l.MemberId == byEf);
            var order = await db.MemberOrders.SingleAsync(o => o.MemberId == byEf);
            ChangeLater(lot, order);
            await db.SaveChangesAsync();
        }
        await WithRowsAsync(async (db, rows) =>
        {
            var added = Rows(byRows, "rows");
            foreach (var row in added)
                await InsertAsync(rows, row);
            var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == byRows);
            var read = member.Version;
            Change(member);
            await rows.UpdateAsync(member, read);
            var lot = added.OfType<PointLot>().Single();
            var order = added.OfType<MemberOrder>().Single();
            ChangeLater(lot, order);
            await rows.UpdateAsync(lot);
            await rows.UpdateAsync(order);
        });

        var keys = new[] { "Id", "MemberId", "EntryId", "Phone", "Name", "ReferralCode", "EventId", "Sequence", "Key" };
        foreach (var table in new[] { "Members", "PointsEntries", "PointLots", "GrowthEntries", "TierHistory", "MemberOrders", "ProcessedEvents", "OutboxEvents",
            "MemberOnceKeys", "MemberRuleCounters" })
        {
            var ef = await RowAsync(table, byEf);
            var explicitly = await RowAsync(table, byRows);
            Assert.Equal(ef.Keys, explicitly.Keys);
            foreach (var column in ef.Keys.Except(keys))
                Assert.True(Equals(ef[column], explicitly[column]), $"{table}.{column}: SaveChanges stored {ef[column]}, the statement {explicitly[column]}");
        }
        await using var check = f.NewContext();
        Assert.Equal((await check.PointsEntries.SingleAsync(e => e.MemberId == byRows)).Id, (await check.PointLots.SingleAsync(l => l.MemberId == byRows)).EntryId);
    }

    [Fact]
    public async Task AMemberChangedSinceItWasRead_IsRefused_AsADbUpdateConcurrencyException()
    {
        var id = await f.AddMemberAsync();
        await using var db = f.NewContext();
        var member = await db.Members.AsNoTracking().SingleAsync(m => m.Id == id);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => WithRowsAsync((_, rows) => rows.UpdateAsync(member, member.Version + 1)));
    }

    [Fact]
    public async Task AnIdempotencyKeyAlreadyRecorded_BreaksItsUniqueIndex_AsADbUpdateException()
    {
        var id = await f.AddMemberAsync();
        var record = new ProcessedEvent { EventId = "evt-1", MemberId = id, Type = "Purchase", TierAfter = "regular", ProcessedAtUtc = At };
        await WithRowsAsync((_, rows) => rows.InsertAsync(record));

        await Assert.ThrowsAsync<DbUpdateException>(() => WithRowsAsync((_, rows) => rows.InsertAsync(new ProcessedEvent
        {
            EventId = "evt-1", MemberId = id, Type = "Purchase", TierAfter = "regular", ProcessedAtUtc = At,
        })));
    }

    /// <summary>One row of every kind, with values whose conversions differ (decimals, dates, enums, nulls, flags).</summary>
    private static List<object> Rows(long memberId, string tag)
    {
        var entry = new PointsEntry
        {
            MemberId = memberId, Kind = PointsEntryKind.Adjust, Source = PointsSource.Operator, Points = 125, BalanceAfter = 125, OccurredAtUtc = At,
            RecordedAtUtc = At.AddSeconds(1), EventId = "evt-" + tag, OrderId = "order-1", RuleId = "base", Reason = AdjustmentReason.Goodwill,
            Note = "好的 🍵", OperatorId = "user-1", Shortfall = 3, Explanation = "¥12.50 × 10 = 125 积分",
            ExplanationData = """{"c":"¥","l":[{"k":"PurchaseBase","r":"base","n":"消费 🍵","a":12.5,"f":0.1,"b":0,"x":125}]}""",
        };
        return
        [
            entry,
            new PointLot
            {
                MemberId = memberId, Entry = entry, Points = 125, Remaining = 125, EarnedOn = new DateOnly(2026, 3, 5), ExpiresOn = new DateOnly(2027, 12, 31),
                AvailableFrom = new DateOnly(2026, 3, 12), IsPending = true, OrderId = "order-1",
            },
            new GrowthEntry { MemberId = memberId, Kind = GrowthEntryKind.Earn, Growth = 12, GrowthAfter = 12, OccurredAtUtc = At, EventId = "evt-" + tag, OrderId = "order-1" },
            new TierHistoryEntry
            {
                MemberId = memberId, FromTier = "regular", ToTier = "silver", Change = TierChangeKind.Upgrade, Reason = "spend ≥ 200", OccurredAtUtc = At,
                ReasonCode = "spend", ReasonArgument = "200.5",
                RecordedAtUtc = At.AddMinutes(5), ValidUntil = new DateOnly(2027, 3, 4),
            },
            new MemberOrder
            {
                MemberId = memberId, OrderId = "order-1", Amount = 12.50m, RefundedAmount = 0.10m, Channel = Channel.Store, Points = 125, Growth = 12,
                OccurredAtUtc = At, PendingUntil = new DateOnly(2026, 3, 12),
            },
            new ProcessedEvent
            {
                EventId = "evt-" + tag, MemberId = memberId, Type = "Purchase", Points = 125, Growth = 12, BalanceAfter = 125, TierAfter = "silver",
                ResultJson = "{\"a\":1}", BodyHash = "abc", ProcessedAtUtc = At,
            },
            BusinessEvents.Create(BusinessEvents.PointsEarned, memberId, new { points = 125 }, At, At.AddSeconds(1)),
            new MemberOnceKey { MemberId = memberId, RuleId = "review", Key = "order-1" },
            new MemberRuleCounter { MemberId = memberId, RuleId = "checkin", LastAwardDay = new DateOnly(2026, 3, 5), PointsThatDay = 5, PointsThatMonth = 20, PointsLifetime = 90 },
        ];
    }

    private static void Change(Member m)
    {
        (m.PointsBalance, m.PendingPoints, m.GrowthValue, m.LifetimeSpend, m.ActiveDays) = (125, 125, 12, 12.50m, 3);
        (m.LastActiveDay, m.LastActivityUtc, m.StreakLastDay, m.StreakLength, m.TierCode) = (new DateOnly(2026, 3, 5), At, new DateOnly(2026, 3, 5), 2, "silver");
        (m.TierSince, m.TierValidUntil, m.Birthday, m.Status, m.Version) = (new DateOnly(2026, 3, 5), null, new DateOnly(1990, 2, 28), MemberStatus.Frozen, m.Version + 1);
        (m.PreferredLanguage, m.MarketingConsent, m.ConsentChangedAtUtc, m.ConsentSource, m.ConsentWordingVersion) = ("zh-Hans", true, At, "mini_program", "v2");
    }

    private static void ChangeLater(PointLot lot, MemberOrder order)
    {
        (lot.Remaining, lot.IsPending) = (100, false);
        (order.RefundedAmount, order.PendingUntil) = (2.30m, null);
    }

    private static Task InsertAsync(IRowWriter rows, object row) => row switch
    {
        PointsEntry e => rows.InsertAsync(e),
        PointLot l => rows.InsertAsync(l),
        GrowthEntry g => rows.InsertAsync(g),
        TierHistoryEntry t => rows.InsertAsync(t),
        MemberOrder o => rows.InsertAsync(o),
        ProcessedEvent p => rows.InsertAsync(p),
        OutboxEvent o => rows.InsertAsync(o),
        MemberOnceKey k => rows.InsertAsync(k),
        MemberRuleCounter c => rows.UpsertAsync(c),
        _ => throw new ArgumentOutOfRangeException(nameof(row)),
    };

    /// <summary>As the group writer does: a transaction, and commands kept by statement.</summary>
    private async Task WithRowsAsync(Func<LoyaltyDbContext, IRowWriter, Task> write)
    {
        await using var db = f.NewContext();
        await db.Database.OpenConnectionAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var commands = new Dictionary<string, DbCommand>();
        DbCommand Prepared(string sql)
        {
            if (!commands.TryGetValue(sql, out var command))
            {
                command = db.Database.GetDbConnection().CreateCommand();
                command.Transaction = Microsoft.EntityFrameworkCore.Storage.DbContextTransactionExtensions.GetDbTransaction(tx);
                command.CommandText = sql;
                commands[sql] = command;
            }
            return command;
        }
        await write(db, new SqliteRows(db, Prepared));
        await tx.CommitAsync();
    }

    private async Task<Dictionary<string, object?>> RowAsync(string table, long memberId)
    {
        await using var db = f.NewContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = table == "Members" ? "SELECT * FROM \"Members\" WHERE \"Id\" = @m" : $"SELECT * FROM \"{table}\" WHERE \"MemberId\" = @m";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@m";
        parameter.Value = memberId;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"no {table} row for member {memberId}");
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i));
    }

    [GeneratedRegex(@"^(?:INSERT INTO ""(?<table>\w+)"" \((?<columns>[^)]*)\)|UPDATE ""(?<table>\w+)"" SET (?<columns>.*?) WHERE)")]
    private static partial Regex StatementShape();

    [GeneratedRegex(@"""(\w+)""(?: = @p\d+)?")]
    private static partial Regex QuotedName();
}
