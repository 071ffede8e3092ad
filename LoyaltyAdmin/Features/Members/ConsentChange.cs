namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// One change of a member's marketing consent: what was agreed to (or withdrawn), where, which wording the member was
/// shown and who recorded it. Append-only; written only by <see cref="MemberConsent.SetAsync"/>. Kept after an erasure
/// (it holds no personal data), so the merchant can still show what the member had agreed to.
/// </summary>
public sealed class ConsentChange
{
    public long Id { get; set; }
    public long MemberId { get; set; }
    public bool Consent { get; set; }

    /// <summary>A channel (mini_program, app, store), "console", "import" or "erasure".</summary>
    public string Source { get; set; } = "";

    public string? WordingVersion { get; set; }
    public DateTime ChangedAtUtc { get; set; }

    /// <summary>The staff user who recorded it; null for the API or the system.</summary>
    public string? ByUserId { get; set; }

    /// <summary>Who recorded it: a staff user's name, or the API key's store ("api:S001").</summary>
    public string ByName { get; set; } = "";
}
