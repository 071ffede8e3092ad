namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// A key a store's backend calls the integration API with. Only the hash of the secret is stored;
/// the plain key is shown once when it is created.
/// </summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public int StoreId { get; set; }
    public string Name { get; set; } = "";

    /// <summary>The first characters of the key, so staff can tell keys apart without the secret.</summary>
    public string Prefix { get; set; } = "";

    /// <summary>SHA-256 of the whole key, lower-case hex (see <see cref="ApiKeyHasher"/>).</summary>
    public string Hash { get; set; } = "";

    public DateTime CreatedAtUtc { get; set; }
    public string CreatedBy { get; set; } = "";
    /// <summary>
    /// Whether this key may replace the whole programme (PUT /api/v1/program). Off for a till's key: a store's
    /// POS has no business rewriting every store's earning rules.
    /// </summary>
    public bool MayChangeProgramme { get; set; }

    public DateTime? LastUsedAtUtc { get; set; }
    public DateTime? RevokedAtUtc { get; set; }
    public string? RevokedBy { get; set; }
}
