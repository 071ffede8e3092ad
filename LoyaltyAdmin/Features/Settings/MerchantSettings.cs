namespace LoyaltyAdmin.Features.Settings;

/// <summary>The single row of merchant-wide settings.</summary>
public sealed class MerchantSettings
{
    public const int SingletonId = 1;
    public const string DefaultCurrency = "CNY";
    public const string DefaultTimeZone = "Asia/Shanghai";

    public int Id { get; set; } = SingletonId;
    public string Name { get; set; } = "My shop";
    public string Currency { get; set; } = DefaultCurrency;

    /// <summary>IANA zone id: every merchant "day" (double-points days, expiry, reports) is a day here.</summary>
    public string TimeZoneId { get; set; } = DefaultTimeZone;

    public DateTime UpdatedAtUtc { get; set; }
}
