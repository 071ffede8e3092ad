namespace LoyaltyAdmin.Features.Settings;

/// <summary>Form model of the merchant settings page.</summary>
public sealed class MerchantSettingsModel
{
    public string Name { get; set; } = "";
    public string Currency { get; set; } = MerchantSettings.DefaultCurrency;
    public string TimeZoneId { get; set; } = MerchantSettings.DefaultTimeZone;
    public long? DailyAdjustmentTotal { get; set; } = MerchantSettings.DefaultDailyAdjustmentTotal;
    public bool StoreManagersMaySetTier { get; set; }
}

/// <summary>Form model of the store dialog; <see cref="Id"/> is 0 for a new store.</summary>
public sealed class StoreModel
{
    public int Id { get; set; }
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public string? Address { get; set; }
    public string? TimeZoneId { get; set; }
    public bool IsActive { get; set; } = true;
}

public sealed record StoreRow(int Id, string Code, string Name, string? Address, string? TimeZoneId, bool IsActive);

public sealed record StoreOption(int Id, string Code, string Name);

public sealed record StoreQuery(string? Search, string? SortBy, bool Descending, int Page, int PageSize);

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount);

/// <summary>The currencies a merchant can choose; amounts are always decimal, formatted with the symbol.</summary>
public static class Currencies
{
    public static readonly IReadOnlyDictionary<string, string> Symbols = new Dictionary<string, string>
    {
        ["CNY"] = "¥", ["HKD"] = "HK$", ["TWD"] = "NT$", ["SGD"] = "S$", ["MYR"] = "RM",
        ["USD"] = "$", ["EUR"] = "€", ["GBP"] = "£", ["JPY"] = "¥",
    };

    public static string Symbol(string currency) => Symbols.GetValueOrDefault(currency, currency + " ");
}
