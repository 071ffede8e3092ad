using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Identity;

/// <summary>
/// Refuses sign-in to disabled accounts, whatever their password. An unknown, locked or disabled account costs one password
/// hash check, as a known one does, so the time of the answer does not tell which accounts exist (the sign-in page gives
/// all of them the same words).
/// </summary>
public sealed class LoyaltySignInManager(
    UserManager<AppUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<AppUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<AppUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<AppUser> confirmation,
    IPasswordHasher<AppUser> hasher)
    : SignInManager<AppUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    private static readonly AppUser Nobody = new();
    private static string? decoyHash;

    public override async Task<bool> CanSignInAsync(AppUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.FindByNameAsync(userName) is { } user)
            return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        CheckDecoy(password);
        return SignInResult.Failed;
    }

    /// <summary>A refusal here (disabled, locked) comes before Identity checks the password: check one anyway.</summary>
    protected override async Task<SignInResult?> PreSignInCheck(AppUser user)
    {
        var refused = await base.PreSignInCheck(user);
        if (refused is not null)
            CheckDecoy(Guid.NewGuid().ToString());
        return refused;
    }

    private void CheckDecoy(string password)
    {
        decoyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(Nobody, decoyHash, password);
    }
}

/// <summary>Adds the claims the console needs on every request: display name, store, forced password change.</summary>
public sealed class LoyaltyClaimsPrincipalFactory(
    UserManager<AppUser> userManager,
    RoleManager<IdentityRole> roleManager,
    IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(userManager, roleManager, options)
{
    public const string DisplayNameClaim = "loyalty:display_name";
    public const string StoreIdClaim = "loyalty:store_id";
    public const string MustChangePasswordClaim = "loyalty:must_change_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        if (user.StoreId is { } storeId)
            identity.AddClaim(new Claim(StoreIdClaim, storeId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (user.MustChangePassword)
            identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        return identity;
    }
}
