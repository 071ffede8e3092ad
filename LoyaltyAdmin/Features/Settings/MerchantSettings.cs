namespace LoyaltyAdmin.Features.Settings;

/// <summary>The single row of merchant-wide settings.</summary>
public sealed class MerchantSettings
{
    public const int SingletonId = 1;
    public const string DefaultCurrency = "CNY";
    public const string DefaultTimeZone = "Asia/Shanghai";
    public const long DefaultDailyAdjustmentTotal = 2_000;

    public int Id { get; set; } = SingletonId;
    public string Name { get; set; } = "My shop";
    public string Currency { get; set; } = DefaultCurrency;

    /// <summary>IANA zone id: every merchant "day" (double-points days, expiry, reports) is a day here.</summary>
    public string TimeZoneId { get; set; } = DefaultTimeZone;

    /// <summary>
    /// Points one operator may adjust in a merchant day (either way, every member together) before each further
    /// adjustment waits for the Owner.
    /// </summary>
    public long DailyAdjustmentTotal { get; set; } = DefaultDailyAdjustmentTotal;

    /// <summary>Whether store managers may set a member's tier by hand (the Owner always may).</summary>
    public bool StoreManagersMaySetTier { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>When the Owner dismissed the dashboard's first-run checklist; null while it shows.</summary>
    public DateTime? ChecklistDismissedAtUtc { get; set; }

    /// <summary>
    /// The install's language ("en" or "zh-Hans"), chosen at the first run: the names of the default programme and of the
    /// programme templates are written in it.
    /// </summary>
    public string Language { get; set; } = "en";
}
