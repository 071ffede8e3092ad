namespace LoyaltyAdmin.Features.Programme;

/// <summary>
/// The programme in force from <see cref="ValidFromUtc"/>, as its JSON document. Versions are never edited:
/// a save or a roll-back adds one, so an activity can always be evaluated under the rules of its own date.
/// </summary>
public sealed class ProgrammeVersion
{
    public long Id { get; set; }
    public DateTime ValidFromUtc { get; set; }
    public string Json { get; set; } = "";
    public DateTime CreatedAtUtc { get; set; }

    /// <summary>1, 2, 3… in the order saved, as owners refer to them.</summary>
    public int Number { get; set; }

    public string? CreatedBy { get; set; }

    /// <summary>What the owner said of the change, or how it came about (template, import, roll-back).</summary>
    public string? Note { get; set; }

    /// <summary>
    /// This version changed how tiers are decided and members have not been re-qualified since: they keep their tiers until
    /// the Owner runs the recalculation (<see cref="Tiers.TierRecalculation"/>), which clears the flag.
    /// </summary>
    public bool RecalculationPending { get; set; }
}
