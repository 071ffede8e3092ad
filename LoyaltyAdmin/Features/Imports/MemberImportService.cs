using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Imports;

/// <summary>
/// The member migration import (Owner): a template, a dry run that lists every bad row and writes nothing, then an apply of
/// all rows or none (<see cref="MemberImportWriter"/>). Members are known by phone: a phone already registered is skipped and
/// counted, so the same file imported twice changes nothing the second time.
/// </summary>
public sealed class MemberImportService(IDbContextFactory<LoyaltyDbContext> dbFactory, ProgrammeStore programmes, MerchantClock merchant, WritePipeline pipeline,
    IStringLocalizer<ImportText> l, ILogger<MemberImportService> logger)
{
    public const int MaxRows = 200_000;
    public const long MaxFileBytes = 64L * 1024 * 1024;

    /// <summary>The columns, in the template's order (keys of "Import.Col.*").</summary>
    public static readonly string[] Columns = ["phone", "name", "birthday", "joined", "store", "tier", "tierUntil", "spend", "growth", "points", "referralCode", "referredBy"];

    /// <summary>The template in the viewer's language: the header and one example row.</summary>
    public byte[] Template() => ImportSheet.Template(l["Import.Members.Sheet"], [.. Columns.Select(c => ImportParse.Label(l, c))],
        ["13812345678", l["Import.Members.ExampleName"], "1990-05-20", "2021-03-15", "S001", "gold", "2027-03-31", "3280.50", "3280", "500@2027-06-30; 120@2027-12-31",
            "", ""]);

    public async Task<ImportPreview<MemberImportRow>> PreviewAsync(StaffActor actor, Stream upload, string fileName, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.Import);
        var (sheet, fileError) = ImportHeaders.Read(upload, fileName, Columns, MaxRows, l);
        if (fileError is not null)
            return new(fileName, [], 0, [], fileError);
        var today = await merchant.TodayAsync(ct);
        var tiers = TierEngine.Ordered((await programmes.GetCurrentAsync(ct)).Programme);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stores = await db.Stores.AsNoTracking().Select(s => new { s.Id, s.Code, s.Name }).ToListAsync(ct);

        var problems = new List<ImportProblem>();
        var parsed = new List<MemberImportRow>();
        var firstRowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var codeRowOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in sheet!)
        {
            var reasons = new List<string>();
            var phone = ImportParse.Phone(row[0], "phone", reasons, l);
            if (phone is not null && !firstRowOf.TryAdd(phone, row.Number))
                reasons.Add(l["Import.DuplicatePhone", firstRowOf[phone]]);
            var name = row[1];
            if (name.Length == 0 || name.Length > 100)
                reasons.Add(l["Import.BadName"]);
            else if (SafeText.Problem(name) is { } unsafeName)
                reasons.Add(unsafeName);
            DateOnly? birthday = row[2].Length == 0 ? null : ImportParse.Day(row[2], "birthday", reasons, l);
            if (birthday > today)
                reasons.Add(l["Import.FutureDate", ImportParse.Label(l, "birthday")]);
            var joined = ImportParse.Day(row[3], "joined", reasons, l);
            if (joined > today)
                reasons.Add(l["Import.FutureDate", ImportParse.Label(l, "joined")]);
            var store = row[4].Length == 0 ? null : stores.FirstOrDefault(s => string.Equals(s.Code, row[4], StringComparison.OrdinalIgnoreCase))
                ?? stores.FirstOrDefault(s => string.Equals(s.Name, row[4], StringComparison.OrdinalIgnoreCase));
            if (row[4].Length > 0 && store is null)
                reasons.Add(l["Import.UnknownStore", row[4]]);
            var tier = row[5].Length == 0 ? tiers[0] : tiers.FirstOrDefault(t => string.Equals(t.Code, row[5], StringComparison.OrdinalIgnoreCase))
                ?? tiers.FirstOrDefault(t => string.Equals(t.Name, row[5], StringComparison.OrdinalIgnoreCase));
            if (tier is null)
                reasons.Add(l["Import.UnknownTier", row[5], string.Join(", ", tiers.Select(t => t.Code))]);
            DateOnly? tierUntil = row[6].Length == 0 ? null : ImportParse.Day(row[6], "tierUntil", reasons, l);
            if (tierUntil < today)
                reasons.Add(l["Import.TierEnded", row[6]]);
            var spend = ImportParse.Money(row[7], "spend", reasons, l);
            var growth = ImportParse.Count(row[8], "growth", reasons, l);
            var lots = ImportParse.Lots(row[9], today, reasons, l);
            var code = row[10].Length == 0 ? null : row[10].ToUpperInvariant();
            if (code is not null && (code.Length > 16 || !code.All(char.IsAsciiLetterOrDigit)))
                reasons.Add(l["Import.BadReferralCode", row[10]]);
            else if (code is not null && !codeRowOf.TryAdd(code, row.Number))
                reasons.Add(l["Import.DuplicateReferralCode", row[10], codeRowOf[code]]);
            var referredBy = row[11].Length == 0 ? null : ImportParse.Phone(row[11], "referredBy", reasons, l);
            if (referredBy is not null && referredBy == phone)
                reasons.Add(l["Import.ReferredBySelf"]);
            if (reasons.Count > 0)
                problems.Add(new ImportProblem(row.Number, row[0], reasons));
            else
                parsed.Add(new MemberImportRow(row.Number, phone!, name, birthday, joined!.Value, store?.Id, tier!.Code, tierUntil ?? TierEngine.ValidUntil(tier, today),
                    spend!.Value, growth!.Value, lots!, code, referredBy));
        }

        var existing = await ImportLookups.MemberIdsAsync(db, firstRowOf.Keys.Concat(parsed.Select(r => r.ReferredByPhone).OfType<string>()), ct);
        var takenCodes = await ImportLookups.TakenReferralCodesAsync(db, parsed.Where(r => !existing.ContainsKey(r.Phone)).Select(r => r.ReferralCode).OfType<string>(), ct);
        var fresh = new List<MemberImportRow>();
        foreach (var row in parsed)
        {
            if (existing.ContainsKey(row.Phone))
                continue;
            var reasons = new List<string>();
            if (row.ReferralCode is { } code && takenCodes.Contains(code))
                reasons.Add(l["Import.ReferralCodeTaken", code]);
            if (row.ReferredByPhone is { } by && !existing.ContainsKey(by) && !firstRowOf.ContainsKey(by))
                reasons.Add(l["Import.ReferrerNotFound", by]);
            if (reasons.Count > 0)
                problems.Add(new ImportProblem(row.RowNumber, row.Phone, reasons));
            else
                fresh.Add(row);
        }
        var (ordered, cycle) = ReferrersFirst(fresh, existing);
        problems.AddRange(cycle.Select(r => new ImportProblem(r.RowNumber, r.Phone, [l["Import.ReferralCycle", r.ReferredByPhone!]])));
        return new(fileName, ordered, parsed.Count - fresh.Count, [.. problems.OrderBy(p => p.RowNumber)], null);
    }

    /// <summary>Referrers before the members they invited, so each referee can name its referrer's id; rows in a loop of invitations are left out.</summary>
    private static (List<MemberImportRow> Ordered, List<MemberImportRow> Cycle) ReferrersFirst(List<MemberImportRow> rows, IReadOnlyDictionary<string, long> existing)
    {
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<MemberImportRow>(rows.Count);
        var waiting = rows;
        while (waiting.Count > 0)
        {
            var ready = waiting.Where(r => r.ReferredByPhone is not { } by || existing.ContainsKey(by) || placed.Contains(by)).ToList();
            if (ready.Count == 0)
                break;
            ordered.AddRange(ready);
            placed.UnionWith(ready.Select(r => r.Phone));
            waiting = waiting.Where(r => !placed.Contains(r.Phone)).ToList();
        }
        return (ordered, waiting);
    }

    /// <summary>Writes a valid dry run, all rows or none, in one write of the pipeline; answers the counts or why nothing was written.</summary>
    public async Task<ImportOutcome> ApplyAsync(StaffActor actor, ImportPreview<MemberImportRow> preview, IProgress<ImportProgress>? progress = null,
        CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.Import);
        if (!preview.IsValid)
            return new ImportOutcome(0, 0, 0, l["Import.NotValid"]);
        logger.LogInformation("Importing members from {FileName} for {User}: {Rows} rows", preview.FileName, actor.Name, preview.Rows.Count);
        var started = System.Diagnostics.Stopwatch.StartNew();
        var outcome = await pipeline.RunAsync(scope => new MemberImportWriter(scope, actor, l, progress, ct).WriteAsync(preview), ct);
        logger.LogInformation("Member import {FileName}: {Imported} imported, {Skipped} skipped, {Error} in {Elapsed} ms", preview.FileName, outcome.Imported,
            outcome.Skipped + preview.Skipped, outcome.Error ?? "no error", started.ElapsedMilliseconds);
        return outcome with { Skipped = outcome.Skipped + preview.Skipped };
    }

    internal static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
