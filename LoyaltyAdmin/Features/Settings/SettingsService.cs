using System.Text.RegularExpressions;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Settings;

/// <summary>Merchant settings and stores. One context per operation; reads are projections.</summary>
public sealed partial class SettingsService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    MerchantClock merchantClock,
    TimeProvider clock,
    IStringLocalizer<Strings> l)
{
    public const long MaxDailyAdjustmentTotal = 10_000_000;

    public static IReadOnlyList<string> TimeZones { get; } =
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Where(id => id.Contains('/')).Order(StringComparer.Ordinal).ToList();

    public async Task<MerchantSettingsModel> GetMerchantAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.MerchantSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Id == MerchantSettings.SingletonId, ct) ?? new MerchantSettings();
        return new MerchantSettingsModel { Name = row.Name, Currency = row.Currency, TimeZoneId = row.TimeZoneId, DailyAdjustmentTotal = row.DailyAdjustmentTotal,
            StoreManagersMaySetTier = row.StoreManagersMaySetTier };
    }

    public async Task<SaveResult> SaveMerchantAsync(MerchantSettingsModel model, CancellationToken ct = default)
    {
        var result = new SaveResult();
        var name = model.Name?.Trim() ?? "";
        if (name.Length == 0)
            result.Add(nameof(model.Name), l["Validation.Required"]);
        else if (name.Length > 100)
            result.Add(nameof(model.Name), l["Validation.MaxLength", 100]);
        result.Text(nameof(model.Name), name);
        if (!Currencies.Symbols.ContainsKey(model.Currency ?? ""))
            result.Add(nameof(model.Currency), l["Settings.Merchant.CurrencyInvalid"]);
        if (!IsKnownZone(model.TimeZoneId))
            result.Add(nameof(model.TimeZoneId), l["Settings.TimeZoneInvalid"]);
        if (model.DailyAdjustmentTotal is not (>= 1 and <= MaxDailyAdjustmentTotal))
            result.Add(nameof(model.DailyAdjustmentTotal), l["Settings.Merchant.DailyAdjustmentTotalInvalid", MaxDailyAdjustmentTotal]);
        if (!result.Succeeded)
            return result;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.MerchantSettings.SingleOrDefaultAsync(s => s.Id == MerchantSettings.SingletonId, ct);
        if (row is null)
            db.MerchantSettings.Add(row = new MerchantSettings());
        row.Name = name;
        row.Currency = model.Currency!;
        row.TimeZoneId = model.TimeZoneId;
        row.DailyAdjustmentTotal = model.DailyAdjustmentTotal!.Value;
        row.StoreManagersMaySetTier = model.StoreManagersMaySetTier;
        row.UpdatedAtUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        merchantClock.Invalidate();
        return result;
    }

    public async Task<PagedResult<StoreRow>> GetStoresAsync(StoreQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stores = db.Stores.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            stores = stores.Where(s => s.Code.Contains(term) || s.Name.Contains(term));
        }
        var total = await stores.CountAsync(ct);
        stores = (query.SortBy, query.Descending) switch
        {
            (nameof(StoreRow.Name), false) => stores.OrderBy(s => s.Name),
            (nameof(StoreRow.Name), true) => stores.OrderByDescending(s => s.Name),
            (_, true) => stores.OrderByDescending(s => s.Code),
            _ => stores.OrderBy(s => s.Code),
        };
        var items = await stores
            .Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(s => new StoreRow(s.Id, s.Code, s.Name, s.Address, s.TimeZoneId, s.IsActive))
            .ToListAsync(ct);
        return new PagedResult<StoreRow>(items, total);
    }

    public async Task<IReadOnlyList<StoreOption>> GetStoreOptionsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Stores.AsNoTracking().Where(s => s.IsActive).OrderBy(s => s.Code)
            .Select(s => new StoreOption(s.Id, s.Code, s.Name)).ToListAsync(ct);
    }

    public async Task<SaveResult> SaveStoreAsync(StoreModel model, CancellationToken ct = default)
    {
        var result = new SaveResult();
        var code = (model.Code ?? "").Trim().ToUpperInvariant();
        var name = (model.Name ?? "").Trim();
        if (code.Length == 0)
            result.Add(nameof(model.Code), l["Validation.Required"]);
        else if (!StoreCodePattern().IsMatch(code))
            result.Add(nameof(model.Code), l["Settings.Stores.CodeInvalid"]);
        if (name.Length == 0)
            result.Add(nameof(model.Name), l["Validation.Required"]);
        else if (name.Length > 100)
            result.Add(nameof(model.Name), l["Validation.MaxLength", 100]);
        if (model.Address?.Length > 300)
            result.Add(nameof(model.Address), l["Validation.MaxLength", 300]);
        result.Text(nameof(model.Name), name).Text(nameof(model.Address), model.Address);
        var zone = string.IsNullOrWhiteSpace(model.TimeZoneId) ? null : model.TimeZoneId;
        if (zone is not null && !IsKnownZone(zone))
            result.Add(nameof(model.TimeZoneId), l["Settings.TimeZoneInvalid"]);
        if (!result.Succeeded)
            return result;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Stores.AnyAsync(s => s.Code == code && s.Id != model.Id, ct))
            return result.Add(nameof(model.Code), l["Settings.Stores.CodeTaken", code]);

        var store = model.Id == 0 ? null : await db.Stores.FirstOrDefaultAsync(s => s.Id == model.Id, ct);
        if (model.Id != 0 && store is null)
            return result.Add("", l["Validation.NotFound"]);
        if (store is null)
            db.Stores.Add(store = new Store { CreatedAtUtc = clock.GetUtcNow().UtcDateTime });
        store.Code = code;
        store.Name = name;
        store.Address = string.IsNullOrWhiteSpace(model.Address) ? null : model.Address.Trim();
        store.TimeZoneId = zone;
        store.IsActive = model.IsActive;
        await db.SaveChangesAsync(ct);
        model.Id = store.Id;
        return result;
    }

    private static bool IsKnownZone(string? id) => id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{1,31}$")]
    private static partial Regex StoreCodePattern();
}
