using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Programme;

public sealed record ProgrammeVersionRow(long Id, int Number, DateTime ValidFromUtc, string? CreatedBy, string? Note);

/// <summary>What the save dialog answers: the note, and whether to recalculate every member's tier right after saving.</summary>
public sealed record SaveChoice(string Note, bool Recalculate);

/// <summary>The outcome of saving a draft: a new version with its changes, or the reasons nothing was saved.</summary>
public sealed record ProgrammeSaveResult(
    bool Saved, IReadOnlyList<ValidationError> Errors, IReadOnlyList<DiffLine> Changes, ProgrammeVersionRow? Version)
{
    public static ProgrammeSaveResult Invalid(IReadOnlyList<ValidationError> errors) => new(false, errors, [], null);

    public static ProgrammeSaveResult Unchanged { get; } = new(false, [], [], null);
}

/// <summary>A problem with the whole-programme document, at the path of the field (e.g. <c>couponTemplates[2].amount</c>).</summary>
public sealed record DocumentError(string Path, string Message);

/// <summary>
/// What an import does to one section: entries added, changed, deactivated (in the database, not in the document) and,
/// for the programme part only, elements removed. <see cref="Given"/> is false when the document leaves the section out.
/// </summary>
public sealed record SectionSummary(string Section, bool Given, int Added, int Changed, int Deactivated, int Removed = 0)
{
    public bool Unchanged => Added + Changed + Deactivated + Removed == 0;
}

/// <summary>A whole-programme document read from a file or the API: what it would change, or why it cannot be used.</summary>
public sealed record DocumentPreview(
    ProgrammeDocument? Document, string? ParseError, IReadOnlyList<DocumentError> Errors, IReadOnlyList<DiffLine> Changes, IReadOnlyList<SectionSummary> Sections)
{
    public bool CanApply => Document is not null && ParseError is null && Errors.Count == 0 && Changes.Count > 0;

    public static DocumentPreview Unreadable(string message) => new(null, message, [], [], []);
}

/// <summary>The outcome of importing a document: applied as a whole (with the new programme version if the programme changed), or not at all.</summary>
public sealed record DocumentImportResult(bool Applied, DocumentPreview Preview, ProgrammeVersionRow? Version);
