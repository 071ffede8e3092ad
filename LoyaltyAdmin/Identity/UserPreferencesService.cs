using System.Security.Claims;
using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Identity;

/// <summary>Per-user console preferences that follow the user across browsers.</summary>
public sealed class UserPreferencesService(IDbContextFactory<LoyaltyDbContext> dbFactory)
{
    public async Task<bool> GetDarkModeAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null)
            return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => u.DarkMode).FirstOrDefaultAsync(ct);
    }

    public async Task SetDarkModeAsync(ClaimsPrincipal user, bool darkMode, CancellationToken ct = default)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null)
            return;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DarkMode, darkMode), ct);
    }
}
