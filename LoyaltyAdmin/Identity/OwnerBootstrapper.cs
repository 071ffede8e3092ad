using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Identity;

/// <summary>Where the one-time Owner password is shown: the console, never the log sinks.</summary>
public interface IBootstrapConsole
{
    void WriteLine(string text);
}

public sealed class StandardBootstrapConsole : IBootstrapConsole
{
    public void WriteLine(string text) => Console.Out.WriteLine(text);
}

/// <summary>
/// On an empty user table creates the Owner from <c>Bootstrap:OwnerEmail</c>/<c>Bootstrap:OwnerPassword</c>,
/// or with a generated one-time password printed once. No build carries a default password.
/// </summary>
public sealed class OwnerBootstrapper(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    IConfiguration configuration,
    IBootstrapConsole console,
    TimeProvider clock,
    ILogger<OwnerBootstrapper> logger)
{
    public const string DefaultOwnerEmail = "owner@loyalty.local";

    public async Task EnsureRolesAndOwnerAsync(CancellationToken ct = default)
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)));
        }

        if (await users.Users.AnyAsync(ct))
            return;

        var email = configuration["Bootstrap:OwnerEmail"];
        if (string.IsNullOrWhiteSpace(email))
            email = DefaultOwnerEmail;
        var configuredPassword = configuration["Bootstrap:OwnerPassword"];
        var generated = string.IsNullOrEmpty(configuredPassword);
        var password = generated ? GeneratePassword() : configuredPassword!;

        var owner = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = "Owner",
            MustChangePassword = generated,
            CreatedAtUtc = clock.GetUtcNow().UtcDateTime,
        };
        Check(await users.CreateAsync(owner, password));
        Check(await users.AddToRoleAsync(owner, Roles.Owner));
        logger.LogInformation("Created the first Owner account {Email} (password {Source})", email, generated ? "generated" : "from configuration");

        if (generated)
        {
            console.WriteLine("");
            console.WriteLine("==================== LoyaltyAdmin first run ====================");
            console.WriteLine($"  Owner account : {email}");
            console.WriteLine($"  One-time password: {password}");
            console.WriteLine("  It is shown only now; you will choose a new one at first sign-in.");
            console.WriteLine("================================================================");
            console.WriteLine("");
        }
    }

    /// <summary>A random password that satisfies the configured policy (upper, lower, digit, symbol, length 16).</summary>
    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnopqrstuvwxyz", digits = "23456789", symbols = "!@#$%*?";
        const string all = upper + lower + digits + symbols;
        var chars = new char[16];
        chars[0] = upper[RandomNumberGenerator.GetInt32(upper.Length)];
        chars[1] = lower[RandomNumberGenerator.GetInt32(lower.Length)];
        chars[2] = digits[RandomNumberGenerator.GetInt32(digits.Length)];
        chars[3] = symbols[RandomNumberGenerator.GetInt32(symbols.Length)];
        for (var i = 4; i < chars.Length; i++)
            chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        RandomNumberGenerator.Shuffle(chars.AsSpan());
        return new string(chars);
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException("Bootstrap failed: " + string.Join("; ", result.Errors.Select(e => e.Description)));
    }
}
