using LoyaltyAdmin.Data;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Settings;

/// <summary>
/// Staff accounts: create, change role and store, disable, reset password. Each call runs in its own DI scope,
/// so Identity's store gets a fresh context instead of one that lives as long as the Blazor circuit.
/// </summary>
public sealed class UserAdminService(
    IServiceScopeFactory scopeFactory,
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    TimeProvider clock,
    IStringLocalizer<Strings> l,
    ILogger<UserAdminService> logger)
{
    public async Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var rows = await (
            from u in db.Users.AsNoTracking()
            join s in db.Stores on u.StoreId equals s.Id into stores
            from s in stores.DefaultIfEmpty()
            let role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault()
            orderby u.Email
            select new { u.Id, u.Email, u.DisplayName, Role = role, u.StoreId, StoreName = s == null ? null : s.Name, u.IsDisabled, u.LockoutEnd, u.CreatedAtUtc })
            .ToListAsync(ct);
        return rows.Select(r => new UserRow(r.Id, r.Email ?? "", r.DisplayName, r.Role ?? "", r.StoreId, r.StoreName,
            r.IsDisabled, !r.IsDisabled && r.LockoutEnd > now, r.CreatedAtUtc)).ToList();
    }

    public async Task<UserSaveResult> SaveAsync(UserModel model, CancellationToken ct = default)
    {
        var result = await ValidateAsync(model, ct);
        if (!result.Succeeded)
            return new UserSaveResult(result, null);

        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var storeId = model.Role == Roles.StoreManager ? model.StoreId : null;

        if (model.Id is null)
        {
            var password = OwnerBootstrapper.GeneratePassword();
            var user = new AppUser
            {
                UserName = model.Email.Trim(),
                Email = model.Email.Trim(),
                EmailConfirmed = true,
                DisplayName = model.DisplayName.Trim(),
                StoreId = storeId,
                MustChangePassword = true,
                CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
            };
            var created = await users.CreateAsync(user, password);
            if (!created.Succeeded)
                return new UserSaveResult(FromIdentity(created, nameof(model.Email)), null);
            await users.AddToRoleAsync(user, model.Role);
            model.Id = user.Id;
            logger.LogInformation("User {Email} created with role {Role}", user.Email, model.Role);
            return new UserSaveResult(result, password);
        }

        var existing = await users.FindByIdAsync(model.Id);
        if (existing is null)
            return new UserSaveResult(result.Add("", l["Validation.NotFound"]), null);
        var currentRoles = await users.GetRolesAsync(existing);
        if (currentRoles.Contains(Roles.Owner) && model.Role != Roles.Owner && await CountActiveOwnersAsync(ct) <= 1 && !existing.IsDisabled)
            return new UserSaveResult(result.Add(nameof(model.Role), l["Settings.Users.LastOwner"]), null);

        existing.DisplayName = model.DisplayName.Trim();
        existing.StoreId = storeId;
        if (!string.Equals(existing.Email, model.Email.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            existing.Email = existing.UserName = model.Email.Trim();
        }
        var updated = await users.UpdateAsync(existing);
        if (!updated.Succeeded)
            return new UserSaveResult(FromIdentity(updated, nameof(model.Email)), null);
        if (!currentRoles.SequenceEqual([model.Role]))
        {
            await users.RemoveFromRolesAsync(existing, currentRoles);
            await users.AddToRoleAsync(existing, model.Role);
        }
        // A changed role or store must take effect in open sessions too.
        await users.UpdateSecurityStampAsync(existing);
        logger.LogInformation("User {Email} updated: role {Role}, store {StoreId}", existing.Email, model.Role, storeId);
        return new UserSaveResult(result, null);
    }

    /// <summary>Disables or re-enables a user. Refuses to disable oneself or the last active Owner.</summary>
    public async Task<SaveResult> SetDisabledAsync(string userId, bool disabled, string actingUserId, CancellationToken ct = default)
    {
        if (disabled && userId == actingUserId)
            return SaveResult.Fail("", l["Settings.Users.CannotDisableSelf"]);
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
            return SaveResult.Fail("", l["Validation.NotFound"]);
        if (disabled && await users.IsInRoleAsync(user, Roles.Owner) && await CountActiveOwnersAsync(ct) <= 1)
            return SaveResult.Fail("", l["Settings.Users.LastOwner"]);
        user.IsDisabled = disabled;
        if (!disabled)
            user.LockoutEnd = null;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user); // ends the user's open sessions
        logger.LogInformation("User {Email} {State}", user.Email, disabled ? "disabled" : "enabled");
        return SaveResult.Ok();
    }

    /// <summary>Replaces the password with a one-time one that must be changed at next sign-in.</summary>
    public async Task<UserSaveResult> ResetPasswordAsync(string userId, CancellationToken ct = default)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByIdAsync(userId);
        if (user is null)
            return new UserSaveResult(SaveResult.Fail("", l["Validation.NotFound"]), null);
        var password = OwnerBootstrapper.GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
            return new UserSaveResult(FromIdentity(reset, ""), null);
        user.MustChangePassword = true;
        user.LockoutEnd = null;
        await users.UpdateAsync(user);
        logger.LogInformation("Password of {Email} reset by an Owner", user.Email);
        return new UserSaveResult(SaveResult.Ok(), password);
    }

    private async Task<SaveResult> ValidateAsync(UserModel model, CancellationToken ct)
    {
        var result = new SaveResult();
        var email = model.Email?.Trim() ?? "";
        if (email.Length == 0)
            result.Add(nameof(model.Email), l["Validation.Required"]);
        else if (!System.Net.Mail.MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
            result.Add(nameof(model.Email), l["Validation.Email"]);
        if (string.IsNullOrWhiteSpace(model.DisplayName))
            result.Add(nameof(model.DisplayName), l["Validation.Required"]);
        else if (model.DisplayName.Trim().Length > 100)
            result.Add(nameof(model.DisplayName), l["Validation.MaxLength", 100]);
        result.Text(nameof(model.DisplayName), model.DisplayName);
        if (!Roles.All.Contains(model.Role))
            result.Add(nameof(model.Role), l["Validation.Required"]);
        if (model.Role == Roles.StoreManager && model.StoreId is null)
            result.Add(nameof(model.StoreId), l["Settings.Users.StoreRequired"]);
        if (!result.Succeeded)
            return result;

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalized = email.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized && u.Id != model.Id, ct))
            result.Add(nameof(model.Email), l["Settings.Users.EmailTaken"]);
        if (model.StoreId is { } storeId && model.Role == Roles.StoreManager && !await db.Stores.AnyAsync(s => s.Id == storeId, ct))
            result.Add(nameof(model.StoreId), l["Validation.NotFound"]);
        return result;
    }

    private async Task<int> CountActiveOwnersAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from ur in db.UserRoles
                      join r in db.Roles on ur.RoleId equals r.Id
                      join u in db.Users on ur.UserId equals u.Id
                      where r.Name == Roles.Owner && !u.IsDisabled
                      select u.Id).CountAsync(ct);
    }

    private SaveResult FromIdentity(IdentityResult identity, string field)
    {
        var result = new SaveResult();
        foreach (var error in identity.Errors)
            result.Add(field, IdentityErrorText.Describe(error, l));
        return result;
    }
}
