namespace LoyaltyAdmin.Features.Programme;

/// <summary>
/// The programme in force from <see cref="ValidFromUtc"/>, as its JSON document. Minimal on purpose:
/// the programme-versioning issue adds authorship, validation state and history screens.
/// </summary>
public sealed class ProgrammeVersion
{
    public long Id { get; set; }
    public DateTime ValidFromUtc { get; set; }
    public string Json { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }
}
