using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Imports;

/// <summary>
/// The order history import (Owner): past orders of registered members, so spend, active days and the monthly reports are
/// right from the first day, WITHOUT points (the opening balance already holds them). Orders are known by (store, order id):
/// one already there is skipped and counted, so a file imported twice changes nothing the second time. Tiers are then
/// recalculated on request (the programme's own recalculation).
/// </summary>
public sealed class OrderImportService(IDbContextFactory<LoyaltyDbContext> dbFactory, MerchantClock merchant, WritePipeline pipeline, TimeProvider clock,
    IStringLocalizer<ImportText> l, ILogger<OrderImportService> logger)
{
    public const int MaxRows = 500_000;

    public static readonly string[] Columns = ["phone", "orderId", "amount", "occurredAt", "channel", "orderStore"];

    public byte[] Template() => ImportSheet.Template(l["Import.Orders.Sheet"], [.. Columns.Select(c => ImportParse.Label(l, c))],
        ["13812345678", "POS-2025-000123", "86.50", "2025-11-02 14:35", l[$"Import.Channel.{Channel.Store}"], "S001"]);

    public async Task<ImportPreview<OrderImportRow>> PreviewAsync(StaffActor actor, Stream upload, string fileName, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.Import);
        var (sheet, fileError) = ImportHeaders.Read(upload, fileName, Columns, MaxRows, l);
        if (fileError is not null)
            return new(fileName, [], 0, [], fileError);
        var zone = (await merchant.GetAsync(ct)).TimeZone;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stores = await db.Stores.AsNoTracking().Select(s => new { s.Id, s.Code, s.Name }).ToListAsync(ct);
        var members = await ImportLookups.MemberIdsAsync(db, sheet!.Select(r => Members.PhoneNumbers.Normalize(r[0])).OfType<string>(), ct);
        var stored = (await StoredOrdersAsync(db, sheet!.Select(r => r[1]), ct)).ToLookup(o => o.OrderId, StringComparer.Ordinal);
        var channels = Enum.GetValues<Channel>().SelectMany(c => ImportHeaders.BothLanguages(() => l[$"Import.Channel.{c}"]).Append(c.ToString()).Select(n => (Name: n, Channel: c)))
            .ToList();

        var problems = new List<ImportProblem>();
        var rows = new List<OrderImportRow>();
        var firstRowOf = new Dictionary<(int, string), int>();
        var skipped = 0;
        foreach (var row in sheet!)
        {
            var reasons = new List<string>();
            var phone = ImportParse.Phone(row[0], "phone", reasons, l);
            long memberId = 0;
            if (phone is not null && !members.TryGetValue(phone, out memberId))
                reasons.Add(l["Import.MemberNotFound", phone]);
            var orderId = row[1];
            if (orderId.Length == 0 || orderId.Length > 64 || SafeText.Problem(orderId) is not null)
                reasons.Add(l["Import.BadOrderId"]);
            var amount = ImportParse.Money(row[2], "amount", reasons, l);
            if (amount == 0)
                reasons.Add(l["Import.BadAmount", ImportParse.Label(l, "amount"), row[2]]);
            var at = ImportParse.Time(row[3], "occurredAt", zone, reasons, l);
            if (at > now)
                reasons.Add(l["Import.FutureDate", ImportParse.Label(l, "occurredAt")]);
            var channel = row[4].Length == 0 ? Channel.Store : channels.FirstOrDefault(c => string.Equals(c.Name, row[4], StringComparison.OrdinalIgnoreCase)).Channel;
            if (row[4].Length > 0 && !channels.Any(c => string.Equals(c.Name, row[4], StringComparison.OrdinalIgnoreCase)))
                reasons.Add(l["Import.UnknownChannel", row[4], string.Join(", ", Enum.GetValues<Channel>().Select(c => l[$"Import.Channel.{c}"].Value))]);
            var store = stores.FirstOrDefault(s => string.Equals(s.Code, row[5], StringComparison.OrdinalIgnoreCase))
                ?? stores.FirstOrDefault(s => string.Equals(s.Name, row[5], StringComparison.OrdinalIgnoreCase));
            if (store is null)
                reasons.Add(l["Import.UnknownStore", row[5]]);
            if (store is not null && orderId.Length > 0)
            {
                if (!firstRowOf.TryAdd((store.Id, orderId), row.Number))
                    reasons.Add(l["Import.DuplicateOrder", orderId, firstRowOf[(store.Id, orderId)]]);
                else if (stored[orderId].Any(o => o.StoreId != store.Id && o.MemberId == memberId))
                    reasons.Add(l["Import.OrderIdUsed", orderId]);
            }
            if (reasons.Count > 0)
                problems.Add(new ImportProblem(row.Number, row[0], reasons));
            else if (stored[orderId].Any(o => o.StoreId == store!.Id))
                skipped++;
            else
                rows.Add(new OrderImportRow(row.Number, phone!, memberId, orderId, amount!.Value, at!.Value, channel, store!.Id));
        }
        return new(fileName, rows, skipped, problems, null);
    }

    /// <summary>Writes a valid dry run, all rows or none, in one write of the pipeline; no points are awarded.</summary>
    public async Task<ImportOutcome> ApplyAsync(StaffActor actor, ImportPreview<OrderImportRow> preview, IProgress<ImportProgress>? progress = null,
        CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.Import);
        if (!preview.IsValid)
            return new ImportOutcome(0, 0, 0, l["Import.NotValid"]);
        logger.LogInformation("Importing orders from {FileName} for {User}: {Rows} rows", preview.FileName, actor.Name, preview.Rows.Count);
        var outcome = await pipeline.RunAsync(scope => new OrderImportWriter(scope, actor, progress, ct).WriteAsync(preview), ct);
        return outcome with { Skipped = outcome.Skipped + preview.Skipped };
    }

    internal sealed record StoredOrder(long MemberId, int? StoreId, string OrderId);

    /// <summary>Orders already stored under these order ids (any store, any member).</summary>
    internal static async Task<List<StoredOrder>> StoredOrdersAsync(LoyaltyDbContext db, IEnumerable<string> orderIds, CancellationToken ct)
    {
        var found = new List<StoredOrder>();
        foreach (var chunk in orderIds.Where(o => o.Length > 0).Distinct().Chunk(500))
            found.AddRange(await db.MemberOrders.AsNoTracking().Where(o => chunk.Contains(o.OrderId)).Select(o => new StoredOrder(o.MemberId, o.StoreId, o.OrderId))
                .ToListAsync(ct));
        return found;
    }
}
