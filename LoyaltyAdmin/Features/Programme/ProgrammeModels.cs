using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Programme;

public sealed record ProgrammeVersionRow(long Id, int Number, DateTime ValidFromUtc, string? CreatedBy, string? Note);

/// <summary>The outcome of saving a draft: a new version with its changes, or the reasons nothing was saved.</summary>
public sealed record ProgrammeSaveResult(
    bool Saved, IReadOnlyList<ValidationError> Errors, IReadOnlyList<DiffLine> Changes, ProgrammeVersionRow? Version)
{
    public static ProgrammeSaveResult Invalid(IReadOnlyList<ValidationError> errors) => new(false, errors, [], null);

    public static ProgrammeSaveResult Unchanged { get; } = new(false, [], [], null);
}

/// <summary>A programme document read from a file: what it would change, or why it cannot be used.</summary>
public sealed record ImportPreview(Rules.Programme? Programme, string? ParseError, IReadOnlyList<ValidationError> Errors, IReadOnlyList<DiffLine> Changes)
{
    public bool CanApply => Programme is not null && ParseError is null && Errors.Count == 0 && Changes.Count > 0;
}
