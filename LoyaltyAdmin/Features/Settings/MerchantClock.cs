using System.Globalization;
using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Settings;

/// <summary>
/// The merchant's time zone and currency, cached: every "day" in the product is a day in this zone,
/// whatever the server's own zone is. Time itself always comes from the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class MerchantClock(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    private volatile MerchantSnapshot? snapshot;

    public sealed record MerchantSnapshot(string Name, string Currency, TimeZoneInfo TimeZone,
        long DailyAdjustmentTotal = MerchantSettings.DefaultDailyAdjustmentTotal, bool StoreManagersMaySetTier = false);

    public async Task<MerchantSnapshot> GetAsync(CancellationToken ct = default)
    {
        if (snapshot is { } s)
            return s;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await db.MerchantSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Id == MerchantSettings.SingletonId, ct) ?? new MerchantSettings();
        return snapshot = new MerchantSnapshot(row.Name, row.Currency, FindZone(row.TimeZoneId), row.DailyAdjustmentTotal, row.StoreManagersMaySetTier);
    }

    public void Invalidate() => snapshot = null;

    public DateTimeOffset UtcNow => clock.GetUtcNow();

    /// <summary>The merchant-local calendar date of now.</summary>
    public async Task<DateOnly> TodayAsync(CancellationToken ct = default) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(clock.GetUtcNow(), (await GetAsync(ct)).TimeZone).DateTime);

    public static DateTime ToLocal(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    public static TimeZoneInfo FindZone(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.FindSystemTimeZoneById(MerchantSettings.DefaultTimeZone);

    public static string FormatMoney(decimal amount, string currency, CultureInfo? culture = null) =>
        Currencies.Symbol(currency) + amount.ToString("#,##0.##", culture ?? CultureInfo.CurrentCulture);
}
