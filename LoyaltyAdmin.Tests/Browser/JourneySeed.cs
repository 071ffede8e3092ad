using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Api;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Browser;

/// <summary>What an Owner would have set up before a journey starts: staff accounts and a till's API key, written straight to the app's database.</summary>
public static class JourneySeed
{
    /// <summary>Adds a staff account with <see cref="AppHost.StandardPassword"/> in <paramref name="role"/> (not saved).</summary>
    public static async Task AddStaffAsync(LoyaltyDbContext db, string email, string displayName, string role, int? storeId = null)
    {
        var user = new AppUser
        {
            UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
            EmailConfirmed = true, DisplayName = displayName, StoreId = storeId, SecurityStamp = Guid.NewGuid().ToString("N"), LockoutEnabled = true,
        };
        user.PasswordHash = new PasswordHasher<AppUser>().HashPassword(user, AppHost.StandardPassword);
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = (await db.Roles.SingleAsync(r => r.Name == role)).Id });
    }

    /// <summary>Adds an API key for the store (not saved) and returns the plain key, as the create-key dialog shows it once.</summary>
    public static string AddApiKey(LoyaltyDbContext db, int storeId, string name)
    {
        var plain = ApiKeyHasher.NewKey();
        db.ApiKeys.Add(new ApiKey
        {
            StoreId = storeId, Name = name, Prefix = ApiKeyHasher.DisplayPrefix(plain), Hash = ApiKeyHasher.Hash(plain), CreatedAtUtc = DateTime.UtcNow, CreatedBy = "journey",
        });
        return plain;
    }
}
