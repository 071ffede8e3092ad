using ClosedXML.Excel;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Spreadsheets;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// Bulk adjustment from an Excel sheet (phone, points, reason, note): read and check every row first,
/// apply all rows or none through <see cref="PointsLedgerService"/>, undo a whole batch later.
/// </summary>
public sealed class BulkAdjustmentService(IDbContextFactory<LoyaltyDbContext> dbFactory, PointsLedgerService ledger, IStringLocalizer<MembersText> l,
    ILogger<BulkAdjustmentService> logger)
{
    public const int MaxRows = 10_000;
    public const long MaxFileBytes = 5 * 1024 * 1024;
    private static readonly string[] Header = ["Phone", "Points", "Reason", "Note"];

    /// <summary>The workbook staff fill in: the header, one example row, and the reason codes on a second sheet.</summary>
    public static byte[] Template()
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Adjustments");
        for (var i = 0; i < Header.Length; i++)
            sheet.Cell(1, i + 1).Value = Header[i];
        sheet.Row(1).Style.Font.Bold = true;
        sheet.Cell(2, 1).Value = "13812345678";
        sheet.Cell(2, 2).Value = 100;
        sheet.Cell(2, 3).Value = nameof(AdjustmentReason.Goodwill);
        sheet.Cell(2, 4).Value = "Example row: replace or delete";
        sheet.Column(1).Width = 16;
        sheet.Column(3).Width = 18;
        sheet.Column(4).Width = 40;
        sheet.SheetView.FreezeRows(1);
        var reasons = workbook.AddWorksheet("Reasons");
        var row = 1;
        foreach (var reason in Enum.GetNames<AdjustmentReason>())
            reasons.Cell(row++, 1).Value = reason;
        using var stream = new MemoryStream();
        Xlsx.Save(workbook, stream);
        return stream.ToArray();
    }

    public async Task<BulkPreview> PreviewAsync(StaffActor actor, Stream upload, string fileName, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.BulkAdjust);
        var parsed = Read(upload, fileName);
        if (parsed.FileError is not null)
            return parsed;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var phones = parsed.Rows.Select(r => PhoneNumbers.Normalize(r.Phone)).OfType<string>().Distinct().ToList();
        var members = new Dictionary<string, (long Id, long Available)>(StringComparer.Ordinal);
        foreach (var chunk in phones.Chunk(500))
        {
            foreach (var m in await db.Members.AsNoTracking().Where(m => chunk.Contains(m.Phone))
                         .Select(m => new { m.Phone, m.Id, Available = m.PointsBalance - m.PendingPoints }).ToListAsync(ct))
                members[m.Phone] = (m.Id, m.Available);
        }

        // Deductions are checked against what each member has after the sheet's earlier rows.
        var running = members.ToDictionary(kv => kv.Key, kv => kv.Value.Available, StringComparer.Ordinal);
        var rows = new List<BulkRow>(parsed.Rows.Count);
        foreach (var row in parsed.Rows)
        {
            var phone = PhoneNumbers.Normalize(row.Phone);
            var checkedRow = row;
            if (row.Error is null && phone is null)
                checkedRow = row with { Error = l["Bulk.PhoneInvalid"] };
            else if (row.Error is null && !members.TryGetValue(phone!, out _))
                checkedRow = row with { Error = l["Bulk.MemberUnknown"] };
            else if (row.Error is null)
            {
                checkedRow = row with { Phone = phone!, MemberId = members[phone!].Id };
                if (running[phone!] + row.Points < 0)
                    checkedRow = checkedRow with { Error = l["Adjust.Overdraw", running[phone!]] };
                else
                    running[phone!] += row.Points;
            }
            rows.Add(checkedRow);
        }
        return parsed with { Rows = rows };
    }

    /// <summary>Applies a valid preview in one transaction: every row, or (on any refusal) none.</summary>
    public async Task<SaveResult> ApplyAsync(StaffActor actor, BulkPreview preview, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.BulkAdjust);
        if (!preview.IsValid)
            return SaveResult.Fail("", l["Bulk.NotValid"]);
        logger.LogInformation("Applying bulk adjustment {FileName} for {User}: {Rows} rows, {Points} points", preview.FileName, actor.Name, preview.Rows.Count, preview.TotalPoints);
        var result = await ledger.ApplyBatchAsync(actor, preview.FileName, preview.Rows, ct);
        logger.LogInformation("Bulk adjustment {FileName}: {Outcome}", preview.FileName, result.Succeeded ? "applied" : "refused, nothing written");
        return result;
    }

    public Task<SaveResult> UndoAsync(StaffActor actor, long batchId, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.BulkAdjust);
        return ledger.UndoBatchAsync(actor, batchId, ct);
    }

    public async Task<IReadOnlyList<BatchRow>> GetBatchesAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.BulkAdjust);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AdjustmentBatches.AsNoTracking().OrderByDescending(b => b.Id).Take(50)
            .Select(b => new BatchRow(b.Id, b.FileName, b.RowCount, b.TotalPoints, b.CreatedByName, b.CreatedAtUtc, b.UndoneAtUtc, b.UndoneByName))
            .ToListAsync(ct);
    }

    private BulkPreview Read(Stream upload, string fileName)
    {
        try
        {
            using var workbook = Xlsx.Open(upload);
            var sheet = workbook.Worksheet(1);
            var header = Enumerable.Range(1, Header.Length).Select(c => sheet.Cell(1, c).GetString().Trim()).ToArray();
            if (!header.SequenceEqual(Header, StringComparer.OrdinalIgnoreCase))
                return new BulkPreview(fileName, [], l["Bulk.HeaderInvalid", string.Join(", ", Header)]);
            var rows = new List<BulkRow>();
            var last = sheet.LastRowUsed()?.RowNumber() ?? 1;
            if (last - 1 > MaxRows)
                return new BulkPreview(fileName, [], l["Bulk.TooManyRows", MaxRows]);
            for (var r = 2; r <= last; r++)
            {
                var phone = sheet.Cell(r, 1).GetString().Trim();
                var pointsText = sheet.Cell(r, 2).GetString().Trim();
                var reasonText = sheet.Cell(r, 3).GetString().Trim();
                var note = sheet.Cell(r, 4).GetString().Trim();
                if (phone.Length == 0 && pointsText.Length == 0 && reasonText.Length == 0 && note.Length == 0)
                    continue;
                string? error = null;
                if (!long.TryParse(pointsText, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var points) || points == 0)
                    error = l["Bulk.PointsInvalid"];
                var reason = ParseReason(reasonText);
                if (error is null && reason is null)
                    error = l["Bulk.ReasonInvalid", string.Join(", ", Enum.GetNames<AdjustmentReason>())];
                error ??= SafeText.Problem(phone) ?? SafeText.Problem(note, multiLine: true);
                if (error is null && note.Length > PointsLedgerService.NoteMaxLength)
                    error = l["Adjust.NoteTooLong", PointsLedgerService.NoteMaxLength];
                if (error is null && reason == AdjustmentReason.Other && note.Length == 0)
                    error = l["Adjust.NoteRequiredForOther"];
                rows.Add(new BulkRow(r, phone, points, reason, note.Length == 0 ? null : note, null, error));
            }
            return new BulkPreview(fileName, rows, rows.Count == 0 ? l["Bulk.Empty"].Value : null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new BulkPreview(fileName, [], l["Bulk.NotAWorkbook"]);
        }
    }

    private static AdjustmentReason? ParseReason(string text)
    {
        var compact = text.Replace(" ", "").Replace("_", "").Replace("-", "");
        return Enum.TryParse<AdjustmentReason>(compact, ignoreCase: true, out var reason) && Enum.IsDefined(reason) ? reason : null;
    }
}
