using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Notices;

/// <summary>The notice settings in force (the stored row, or the defaults before the Owner saved any) and the day they apply to.</summary>
public sealed class NoticeSettingsStore(IDbContextFactory<LoyaltyDbContext> dbFactory, MerchantClock merchantClock, TimeProvider clock)
{
    public async Task<NoticeSettings> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.NoticeSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Id == NoticeSettings.SingletonId, ct) ?? new NoticeSettings();
    }

    /// <summary>Merchant <paramref name="day"/> computed now, in the merchant's zone and currency; today's when no day is given.</summary>
    public async Task<NoticeDay> DayAsync(DateOnly? day = null, CancellationToken ct = default)
    {
        var merchant = await merchantClock.GetAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        return new NoticeDay(day ?? DateOnly.FromDateTime(MerchantClock.ToLocal(now, merchant.TimeZone)), now, merchant.TimeZone,
            Currencies.Symbol(merchant.Currency), await GetAsync(ct));
    }
}
