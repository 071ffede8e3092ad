namespace LoyaltyAdmin.Features.Settings;

/// <summary>A physical store (门店). Its time zone is the merchant's unless overridden.</summary>
public sealed class Store
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Address { get; set; }

    /// <summary>IANA zone id; null means "inherit the merchant's".</summary>
    public string? TimeZoneId { get; set; }

    public bool IsActive { get; set; } = true;
    public DateTime CreatedAtUtc { get; set; }
}
