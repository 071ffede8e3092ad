using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Programme;

/// <summary>
/// Export and import of the whole programme (<see cref="ProgrammeDocument"/>): the rules-engine programme plus coupon
/// templates, packs, referral campaigns and catalogue items. An import is checked as a whole and applied in one
/// transaction with one audit entry, or not at all; the programme part becomes a new version when it changed.
/// </summary>
public sealed class ProgrammeDocumentService(IDbContextFactory<LoyaltyDbContext> dbFactory, ProgrammeStore store, TimeProvider clock, DocumentRules rules)
{
    public async Task<ProgrammeDocument> GetAsync(CancellationToken ct = default)
    {
        var current = await store.GetCurrentAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        var merge = new ProgrammeDocumentMerge(db, new ProgrammeDocument(current.Programme), rules, save: false);
        await merge.LoadAsync(ct);
        return merge.Export(current.Programme);
    }

    public async Task<string> ExportAsync(CancellationToken ct = default) => ProgrammeDocumentJson.Serialize(await GetAsync(ct));

    /// <summary>Reads a document and says what it would change, section by section; nothing is stored.</summary>
    public async Task<DocumentPreview> PreviewAsync(string json, CancellationToken ct = default)
    {
        if (!ProgrammeDocumentJson.TryDeserialize(json, out var document, out var error))
            return DocumentPreview.Unreadable(error!.Message); // says where, in the document's terms
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (merge, programmeChanges) = await MergeAsync(db, document!, save: false, ct);
        return Preview(document!, merge, programmeChanges);
    }

    /// <summary>Applies a document after the same checks as <see cref="PreviewAsync"/>: everything in one transaction, or nothing.</summary>
    public async Task<DocumentImportResult> ImportAsync(string json, StaffActor actor, string? note, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Programme.Manage, systemMayAct: true);
        actor.Demand(Permissions.Coupons.Manage, systemMayAct: true);
        actor.Demand(Permissions.Referrals.Manage, systemMayAct: true);
        actor.Demand(Permissions.Catalogue.Manage, systemMayAct: true);
        var preview = await PreviewAsync(json, ct);
        if (!preview.CanApply)
            return new DocumentImportResult(false, preview, null);

        var document = preview.Document!;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        try
        {
            // Merged again inside the transaction: what is saved is checked against the rows as they are now.
            var (merge, programmeChanges) = await MergeAsync(db, document, save: true, ct);
            var applied = Preview(document, merge, programmeChanges);
            if (applied.Errors.Count > 0 || applied.Changes.Count == 0)
                return new DocumentImportResult(false, applied, null);
            var trimmedNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 500)];
            var version = programmeChanges.Count == 0 ? null : await store.AddVersionAsync(db, document.Programme, now, actor.Name, trimmedNote, ct);
            await db.SaveChangesAsync(ct);
            AuditLog.Record(db, actor, now, "programme.import", nameof(ProgrammeDocument), version?.Number.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                null, new
                {
                    version?.Number, Note = trimmedNote,
                    Sections = applied.Sections.Where(s => s.Given).Select(s => new { s.Section, s.Added, s.Changed, s.Deactivated, s.Removed }).ToList(),
                    Changes = applied.Changes.Select(c => c.ToString()).ToList(),
                });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            if (version is not null)
                store.VersionsChanged(); // the timeline read between the save and the commit did not see it yet
            return new DocumentImportResult(true, applied,
                version is null ? null : new ProgrammeVersionRow(version.Id, version.Number, version.ValidFromUtc, version.CreatedBy, version.Note));
        }
        catch (DbUpdateConcurrencyException)
        {
            return new DocumentImportResult(false, preview with { Errors = [new DocumentError("", rules.Text["Document.ChangedMeanwhile"])] }, null);
        }
    }

    private async Task<(ProgrammeDocumentMerge Merge, IReadOnlyList<DiffLine> ProgrammeChanges)> MergeAsync(
        LoyaltyDbContext db, ProgrammeDocument document, bool save, CancellationToken ct)
    {
        var current = await store.GetCurrentAsync(ct);
        var merge = new ProgrammeDocumentMerge(db, document, rules, save) { Now = clock.GetUtcNow().UtcDateTime };
        merge.Errors.AddRange(ProgrammeValidator.Validate(document.Programme).Select(e => new DocumentError(e.Path, e.Message)));
        var programmeChanges = ProgrammeDiff.Compare(current.Programme, document.Programme);
        await merge.LoadAsync(ct);
        await merge.MergeAsync(ct);
        return (merge, programmeChanges);
    }

    private static DocumentPreview Preview(ProgrammeDocument document, ProgrammeDocumentMerge merge, IReadOnlyList<DiffLine> programmeChanges)
    {
        var programme = new SectionSummary("programme", true, programmeChanges.Count(c => c.Kind == DiffKind.Added),
            programmeChanges.Count(c => c.Kind == DiffKind.Changed), 0, programmeChanges.Count(c => c.Kind == DiffKind.Removed));
        return new DocumentPreview(document, null, merge.Errors, [.. programmeChanges, .. merge.Changes], [programme, .. merge.Sections]);
    }
}
