using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Settings;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Onboarding;

/// <summary>One step of the first-run checklist: a resource key for its text, the page that does it, whether the data shows it done.</summary>
public sealed record ChecklistItem(string Key, string Href, bool Done);

/// <summary>What the dashboard's first-run checklist shows, or null once it is dismissed.</summary>
public sealed record Checklist(IReadOnlyList<ChecklistItem> Items)
{
    public int DoneCount => Items.Count(i => i.Done);
    public bool Complete => DoneCount == Items.Count;
}

/// <summary>
/// The first-run checklist. Every tick is derived from the data (a step done on another page, by the API or by an
/// import ticks itself); only the dismissal is stored, once per merchant.
/// </summary>
public sealed class ChecklistService(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The page Members → Import lives at.</summary>
    public const string ImportRoute = "members/import";

    /// <summary>The checklist, or null when the merchant dismissed it.</summary>
    public async Task<Checklist?> GetAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.MerchantSettings.AsNoTracking().SingleOrDefaultAsync(s => s.Id == MerchantSettings.SingletonId, ct) ?? new MerchantSettings();
        if (settings.ChecklistDismissedAtUtc is not null)
            return null;
        var defaults = new MerchantSettings();
        ChecklistItem[] items =
        [
            new("Onboarding.Item.Merchant", "settings/merchant", settings.Name != defaults.Name),
            new("Onboarding.Item.Stores", "settings/stores", await db.Stores.AnyAsync(ct)),
            // The seeded default is the only version the system writes; any other came from the Owner or the API.
            new("Onboarding.Item.Programme", "programme", await db.ProgrammeVersions.AnyAsync(v => v.CreatedBy != "system", ct)),
            new("Onboarding.Item.NewMemberPack", "coupons/packs",
                await db.CouponPacks.AnyAsync(p => p.IsActive && p.Trigger == CouponPackTrigger.Registration, ct)),
            new("Onboarding.Item.ApiKey", "settings/api-keys", await db.ApiKeys.AnyAsync(k => k.RevokedAtUtc == null, ct)),
            // The bootstrap Owner is the first account; staff means anyone else.
            new("Onboarding.Item.Staff", "settings/users", await db.Users.CountAsync(ct) > 1),
            new("Onboarding.Item.Import", ImportRoute, await db.Members.AnyAsync(ct)),
        ];
        return new Checklist(items);
    }

    /// <summary>Hides the checklist for every user of this merchant.</summary>
    public async Task DismissAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var settings = await db.MerchantSettings.SingleAsync(s => s.Id == MerchantSettings.SingletonId, ct);
        settings.ChecklistDismissedAtUtc ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }
}
