using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Programme;

/// <summary>
/// Saving, history, roll-back and export of the rules-engine programme. Every save is validated by the engine's
/// validator, stored as a new version with who, when and a note, and audited with its diff. Importing a document
/// (the programme with coupons, campaigns and catalogue) is <see cref="ProgrammeDocumentService"/>'s.
/// </summary>
public sealed class ProgrammeService(IDbContextFactory<LoyaltyDbContext> dbFactory, ProgrammeStore store, TimeProvider clock)
{
    public async Task<(ProgrammeVersionRow Version, Rules.Programme Programme)> GetCurrentAsync(CancellationToken ct = default)
    {
        var current = await store.GetCurrentAsync(ct);
        return (await RowAsync(current.VersionId, ct), current.Programme);
    }

    public async Task<ProgrammeSaveResult> SaveAsync(Rules.Programme draft, StaffActor actor, string? note, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Programme.Manage, systemMayAct: true);
        var errors = ProgrammeValidator.Validate(draft);
        if (errors.Count > 0)
            return ProgrammeSaveResult.Invalid(errors);

        var current = await store.GetCurrentAsync(ct);
        var changes = ProgrammeDiff.Compare(current.Programme, draft);
        if (changes.Count == 0)
            return ProgrammeSaveResult.Unchanged;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var trimmedNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim()[..Math.Min(note.Trim().Length, 500)];
        var version = await store.AddVersionAsync(db, draft, now, actor.Name, trimmedNote, ct);
        AuditLog.Record(db, actor, now, "programme.save", "Programme", version.Number, null,
            new { version.Number, Note = trimmedNote, Changes = changes.Select(c => c.ToString()).ToList() });
        await db.SaveChangesAsync(ct);
        return new ProgrammeSaveResult(true, [], changes, ToRow(version));
    }

    /// <summary>Puts an earlier version back in force, as a new version (history is never rewritten).</summary>
    public async Task<ProgrammeSaveResult> RollbackAsync(long versionId, StaffActor actor, string note, CancellationToken ct = default)
    {
        var earlier = await store.GetVersionAsync(versionId, ct);
        return await SaveAsync(earlier.Programme, actor, note, ct);
    }

    public async Task<IReadOnlyList<ProgrammeVersionRow>> GetHistoryAsync(CancellationToken ct = default)
    {
        await store.GetCurrentAsync(ct); // a new installation has its first version before anyone looks
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ProgrammeVersions.AsNoTracking()
            .OrderByDescending(p => p.Number).ThenByDescending(p => p.Id)
            .Select(p => new ProgrammeVersionRow(p.Id, p.Number, p.ValidFromUtc, p.CreatedBy, p.Note))
            .ToListAsync(ct);
    }

    /// <summary>What a version changed compared with the one saved before it.</summary>
    public async Task<IReadOnlyList<DiffLine>> GetChangesAsync(long versionId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var number = await db.ProgrammeVersions.Where(p => p.Id == versionId).Select(p => p.Number).SingleAsync(ct);
        var previousId = await db.ProgrammeVersions.Where(p => p.Number < number).OrderByDescending(p => p.Number).Select(p => (long?)p.Id).FirstOrDefaultAsync(ct);
        var version = await store.GetVersionAsync(versionId, ct);
        var previous = previousId is null ? null : (await store.GetVersionAsync(previousId.Value, ct)).Programme;
        return ProgrammeDiff.Compare(previous, version.Programme);
    }

    public async Task<string> ExportAsync(long? versionId = null, CancellationToken ct = default)
    {
        var version = versionId is null ? await store.GetCurrentAsync(ct) : await store.GetVersionAsync(versionId.Value, ct);
        return ProgrammeJson.Serialize(version.Programme);
    }

    private async Task<ProgrammeVersionRow> RowAsync(long id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.ProgrammeVersions.AsNoTracking().Where(p => p.Id == id)
            .Select(p => new ProgrammeVersionRow(p.Id, p.Number, p.ValidFromUtc, p.CreatedBy, p.Note)).SingleAsync(ct);
    }

    private static ProgrammeVersionRow ToRow(ProgrammeVersion v) => new(v.Id, v.Number, v.ValidFromUtc, v.CreatedBy, v.Note);
}
