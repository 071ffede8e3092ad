using System.Data.Common;
using System.Globalization;
using LoyaltyAdmin.Features.Members;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Data;

/// <summary>
/// The ledger's rows on SQLite, one explicit statement per row kind, run at once on commands the group prepares once
/// (<see cref="SqliteGroupCommit"/>): for a purchase's half-dozen rows SaveChanges spent most of the one writer's time
/// building and parsing statements. Values are stored as EF stores them (enums as names, decimals as EF's text, dates as
/// ISO text); <c>SqliteRowsTests</c> compares every column of every kind with a row EF saved. A failed row throws what
/// SaveChanges would: <see cref="DbUpdateConcurrencyException"/> for a changed version, <see cref="DbUpdateException"/>
/// for a broken constraint.
/// </summary>
internal sealed class SqliteRows(LoyaltyDbContext db, Func<string, DbCommand> prepared) : IRowWriter
{
    private static readonly string InsertMember = Insert("Members", MemberColumns(), returnsId: true);
    private static readonly string UpdateMember = "UPDATE \"Members\" SET " + string.Join(", ", MemberColumns().Select((c, i) => $"\"{c}\" = @p{i}"))
        + $" WHERE \"Id\" = @p{MemberColumns().Length} AND \"Version\" = @p{MemberColumns().Length + 1}";
    private static readonly string InsertEntry = Insert("PointsEntries", ["MemberId", "Kind", "Source", "Points", "BalanceAfter", "OccurredAtUtc", "RecordedAtUtc",
        "EventId", "OrderId", "RuleId", "Reason", "Note", "OperatorId", "BatchId", "ReversesEntryId", "Shortfall", "Explanation"], returnsId: true);
    private static readonly string InsertLot = Insert("PointLots", ["MemberId", "EntryId", "Points", "Remaining", "EarnedOn", "ExpiresOn", "AvailableFrom",
        "IsPending", "OrderId"], returnsId: true);
    private const string UpdateLot = "UPDATE \"PointLots\" SET \"Remaining\" = @p0, \"IsPending\" = @p1 WHERE \"Id\" = @p2";
    private static readonly string InsertGrowth = Insert("GrowthEntries", ["MemberId", "Kind", "Growth", "GrowthAfter", "OccurredAtUtc", "EventId", "OrderId",
        "RuleId"], returnsId: true);
    private static readonly string InsertTier = Insert("TierHistory", ["MemberId", "FromTier", "ToTier", "Change", "Reason", "OccurredAtUtc", "RecordedAtUtc",
        "ValidUntil"], returnsId: true);
    private static readonly string InsertOrder = Insert("MemberOrders", ["MemberId", "OrderId", "StoreId", "Amount", "RefundedAmount", "Points", "Growth",
        "OccurredAtUtc", "Channel", "PendingUntil"], returnsId: true);
    private const string UpdateOrder = "UPDATE \"MemberOrders\" SET \"RefundedAmount\" = @p0, \"PendingUntil\" = @p1 WHERE \"Id\" = @p2";
    private static readonly string InsertProcessed = Insert("ProcessedEvents", ["EventId", "MemberId", "Type", "Points", "Growth", "BalanceAfter", "TierAfter",
        "ResultJson", "BodyHash", "ProcessedAtUtc"], returnsId: true);
    private static readonly string InsertOutbox = Insert("OutboxEvents", ["MemberId", "Type", "Payload", "OccurredAtUtc", "RecordedAtUtc"], returnsId: false)
        + " RETURNING \"Sequence\"";
    private static readonly string InsertOnceKey = Insert("MemberOnceKeys", ["MemberId", "RuleId", "Key"], returnsId: false);
    private static readonly string InsertAudit = Insert("AuditLog", ["AtUtc", "UserId", "UserName", "StoreId", "Action", "EntityType", "EntityId", "Before", "After"],
        returnsId: true);
    private static readonly string UpsertCounter = Insert("MemberRuleCounters", ["MemberId", "RuleId", "LastAwardDay", "PointsThatDay", "PointsThatMonth",
        "PointsLifetime"], returnsId: false) + " ON CONFLICT (\"MemberId\", \"RuleId\") DO UPDATE SET \"LastAwardDay\" = excluded.\"LastAwardDay\", "
        + "\"PointsThatDay\" = excluded.\"PointsThatDay\", \"PointsThatMonth\" = excluded.\"PointsThatMonth\", \"PointsLifetime\" = excluded.\"PointsLifetime\"";

    /// <summary>Every statement, so a test can hold their columns to the EF model.</summary>
    internal static IReadOnlyList<string> Statements =>
        [InsertMember, UpdateMember, InsertEntry, InsertLot, UpdateLot, InsertGrowth, InsertTier, InsertOrder, UpdateOrder, InsertProcessed, InsertOutbox, InsertOnceKey,
            UpsertCounter, InsertAudit];

    private static string[] MemberColumns() =>
    [
        "Phone", "Name", "Birthday", "JoinedAtUtc", "JoinChannel", "HomeStoreId", "ReferralCode", "ReferredByMemberId", "Status", "TierCode", "TierSince",
        "TierValidUntil", "PointsBalance", "PendingPoints", "GrowthValue", "LifetimeSpend", "ActiveDays", "LastActiveDay", "SuccessfulReferrals",
        "StreakLastDay", "StreakLength", "LastActivityUtc", "PreferredLanguage", "MarketingConsent", "ConsentChangedAtUtc", "ConsentSource",
        "ConsentWordingVersion", "Version",
    ];

    private static object?[] MemberValues(Member m) =>
    [
        m.Phone, m.Name, m.Birthday, m.JoinedAtUtc, Text(m.JoinChannel), m.HomeStoreId, m.ReferralCode, m.ReferredByMemberId, Text(m.Status), m.TierCode,
        m.TierSince, m.TierValidUntil, m.PointsBalance, m.PendingPoints, m.GrowthValue, Number(m.LifetimeSpend), m.ActiveDays, m.LastActiveDay,
        m.SuccessfulReferrals, m.StreakLastDay, m.StreakLength, m.LastActivityUtc, m.PreferredLanguage, m.MarketingConsent, m.ConsentChangedAtUtc,
        m.ConsentSource, m.ConsentWordingVersion, m.Version,
    ];

    /// <summary>The new member is tracked as saved, so the rest of the write (a pack's member lock) finds this one instance.</summary>
    public async Task InsertAsync(Member member)
    {
        member.Id = await ScalarAsync(InsertMember, MemberValues(member));
        db.Attach(member);
    }

    public async Task UpdateAsync(Member member, long readVersion)
    {
        if (await NonQueryAsync(UpdateMember, [.. MemberValues(member), member.Id, readVersion]) == 0)
            throw new DbUpdateConcurrencyException($"Member {member.Id} changed since this write read it.");
        Saved(member);
    }

    public async Task InsertAsync(PointsEntry e) =>
        e.Id = await ScalarAsync(InsertEntry, e.MemberId, Text(e.Kind), Text(e.Source), e.Points, e.BalanceAfter, e.OccurredAtUtc, e.RecordedAtUtc, e.EventId,
            e.OrderId, e.RuleId, TextOrNull(e.Reason), e.Note, e.OperatorId, e.BatchId, e.ReversesEntryId, e.Shortfall, e.Explanation);

    public async Task InsertAsync(PointLot lot)
    {
        lot.EntryId = lot.Entry?.Id ?? lot.EntryId;
        lot.Id = await ScalarAsync(InsertLot, lot.MemberId, lot.EntryId, lot.Points, lot.Remaining, lot.EarnedOn, lot.ExpiresOn, lot.AvailableFrom,
            lot.IsPending, lot.OrderId);
    }

    public async Task UpdateAsync(PointLot lot)
    {
        await NonQueryAsync(UpdateLot, lot.Remaining, lot.IsPending, lot.Id);
        Saved(lot);
    }

    public async Task InsertAsync(GrowthEntry g) =>
        g.Id = await ScalarAsync(InsertGrowth, g.MemberId, Text(g.Kind), g.Growth, g.GrowthAfter, g.OccurredAtUtc, g.EventId, g.OrderId, g.RuleId);

    public async Task InsertAsync(TierHistoryEntry t) =>
        t.Id = await ScalarAsync(InsertTier, t.MemberId, t.FromTier, t.ToTier, Text(t.Change), t.Reason, t.OccurredAtUtc, t.RecordedAtUtc, t.ValidUntil);

    public async Task InsertAsync(MemberOrder o) =>
        o.Id = await ScalarAsync(InsertOrder, o.MemberId, o.OrderId, o.StoreId, Number(o.Amount), Number(o.RefundedAmount), o.Points, o.Growth,
            o.OccurredAtUtc, Text(o.Channel), o.PendingUntil);

    public async Task UpdateAsync(MemberOrder order)
    {
        await NonQueryAsync(UpdateOrder, Number(order.RefundedAmount), order.PendingUntil, order.Id);
        Saved(order);
    }

    public async Task InsertAsync(ProcessedEvent p) =>
        p.Id = await ScalarAsync(InsertProcessed, p.EventId, p.MemberId, p.Type, p.Points, p.Growth, p.BalanceAfter, p.TierAfter, p.ResultJson, p.BodyHash,
            p.ProcessedAtUtc);

    public async Task InsertAsync(OutboxEvent e) =>
        e.Sequence = await ScalarAsync(InsertOutbox, e.MemberId, e.Type, e.Payload, e.OccurredAtUtc, e.RecordedAtUtc);

    public Task InsertAsync(MemberOnceKey key) => NonQueryAsync(InsertOnceKey, key.MemberId, key.RuleId, key.Key);

    public async Task InsertAsync(Features.Audit.AuditEntry a) =>
        a.Id = await ScalarAsync(InsertAudit, a.AtUtc, a.UserId, a.UserName, a.StoreId, a.Action, a.EntityType, a.EntityId, a.Before, a.After);

    public Task UpsertAsync(MemberRuleCounter c) =>
        NonQueryAsync(UpsertCounter, c.MemberId, c.RuleId, c.LastAwardDay, c.PointsThatDay, c.PointsThatMonth, c.PointsLifetime);

    /// <summary>
    /// A tracked entity just written by a statement: its values become what the context holds as stored, so the save at
    /// the end of the write does not write it again (marking it unchanged alone would put its old values back).
    /// </summary>
    private void Saved(object entity)
    {
        var entry = db.Entry(entity);
        if (entry.State == EntityState.Detached)
            return;
        entry.OriginalValues.SetValues(entry.CurrentValues);
        entry.State = EntityState.Unchanged;
    }

    private static string Insert(string table, string[] columns, bool returnsId) =>
        $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})"
        + (returnsId ? " RETURNING \"Id\"" : "");

    private static string Text<TEnum>(TEnum value) where TEnum : struct, Enum => value.ToString();

    private static string? TextOrNull<TEnum>(TEnum? value) where TEnum : struct, Enum => value?.ToString();

    /// <summary>EF's text for a decimal on SQLite (at least one decimal place, no trailing zeros).</summary>
    private static string Number(decimal value) => value.ToString("0.0###########################", CultureInfo.InvariantCulture);

    private async Task<long> ScalarAsync(string sql, params object?[] values) =>
        Convert.ToInt64(await RunAsync(sql, values, static c => c.ExecuteScalarAsync()), CultureInfo.InvariantCulture);

    private async Task<int> NonQueryAsync(string sql, params object?[] values) => await RunAsync(sql, values, static c => c.ExecuteNonQueryAsync());

    private async Task<T> RunAsync<T>(string sql, object?[] values, Func<DbCommand, Task<T>> run)
    {
        var command = prepared(sql);
        for (var i = command.Parameters.Count; i < values.Length; i++)
            command.Parameters.Add(new SqliteParameter("@p" + i.ToString(CultureInfo.InvariantCulture), null));
        for (var i = 0; i < values.Length; i++)
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        try
        {
            return await run(command);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19) // SQLITE_CONSTRAINT: a unique key or foreign key
        {
            throw new DbUpdateException(ex.Message, ex);
        }
    }
}
