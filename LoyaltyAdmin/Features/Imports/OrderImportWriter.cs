using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Imports;

/// <summary>
/// One order history import as ONE write of the <see cref="WritePipeline"/> (all or nothing, like the member import), in
/// chunks of members. Each order becomes an order row without points or growth, counted in the reports' month of its own
/// time; each member's active days, last activity and lifetime spend follow. Lifetime spend becomes the larger of what the
/// member had and what all their orders now add up to: a member imported with the old system's total (which already holds
/// these orders) keeps it, a member without one gets the orders' sum.
/// </summary>
internal sealed class OrderImportWriter(WriteScope scope, StaffActor actor, IProgress<ImportProgress>? progress, CancellationToken ct)
{
    public const int ChunkSize = 500;

    public async Task<ImportOutcome> WriteAsync(ImportPreview<OrderImportRow> preview)
    {
        var db = scope.Db;
        // Read again inside the write: an order stored since the dry run is skipped like any other.
        var stored = (await OrderImportService.StoredOrdersAsync(db, preview.Rows.Select(r => r.OrderId), ct))
            .Select(o => (o.StoreId, o.OrderId)).ToHashSet();
        var rows = preview.Rows.Where(r => !stored.Contains((r.StoreId, r.OrderId))).ToList();
        if (rows.Count == 0)
            return new ImportOutcome(0, preview.Rows.Count, 0, null);
        var (done, amount) = (0, 0m);
        foreach (var chunk in rows.GroupBy(r => r.MemberId).Chunk(ChunkSize))
        {
            var ids = chunk.Select(g => g.Key).ToList();
            var members = await db.Members.AsNoTracking().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
            var before = (await db.MemberOrders.AsNoTracking().Where(o => ids.Contains(o.MemberId))
                    .Select(o => new { o.MemberId, o.OccurredAtUtc, Net = o.Amount - o.RefundedAmount }).ToListAsync(ct))
                .ToLookup(o => o.MemberId);
            foreach (var orders in chunk)
            {
                var member = members[orders.Key];
                var readVersion = member.Version;
                var days = before[member.Id].Select(o => Day(o.OccurredAtUtc)).ToHashSet();
                foreach (var row in orders.OrderBy(o => o.OccurredAtUtc))
                {
                    await scope.Rows.InsertAsync(new MemberOrder
                    {
                        MemberId = member.Id, OrderId = row.OrderId, StoreId = row.StoreId, Amount = row.Amount, OccurredAtUtc = row.OccurredAtUtc, Channel = row.Channel,
                    });
                    scope.Rollups.Purchase(member, row.Channel, row.Amount, row.OccurredAtUtc);
                    var day = Day(row.OccurredAtUtc);
                    if (days.Add(day))
                        member.ActiveDays++;
                    if (member.LastActiveDay is not { } last || day > last)
                        member.LastActiveDay = day;
                    if (member.LastActivityUtc is not { } lastAt || row.OccurredAtUtc > lastAt)
                        member.LastActivityUtc = row.OccurredAtUtc;
                    amount += row.Amount;
                }
                member.LifetimeSpend = Math.Max(member.LifetimeSpend, before[member.Id].Sum(o => o.Net) + orders.Sum(o => o.Amount));
                member.Version++;
                await scope.Rows.UpdateAsync(member, readVersion);
                scope.Touched(member.Id);
                done += orders.Count();
            }
            await scope.SaveAsync(ct);
            if (!db.Database.IsSqlite())
                db.ChangeTracker.Clear(); // saved; SQLite's rows never join the context
            progress?.Report(new ImportProgress(done, rows.Count));
        }
        await AuditLog.RecordAsync(scope, actor, "orders.imported", "OrderImport", preview.FileName, null,
            new { File = preview.FileName, Imported = rows.Count, Skipped = preview.Rows.Count - rows.Count + preview.Skipped, Amount = amount });
        return new ImportOutcome(rows.Count, preview.Rows.Count - rows.Count, 0, null);
    }

    private DateOnly Day(DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), scope.Zone));
}
