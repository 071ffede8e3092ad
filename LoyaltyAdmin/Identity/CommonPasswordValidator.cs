using System.Collections.Frozen;
using Microsoft.AspNetCore.Identity;

namespace LoyaltyAdmin.Identity;

/// <summary>
/// Refuses a password that is common, or that contains the name part of the account's email (when it has 3 or more
/// characters). Common means one of the 10,000 most common passwords (<c>CommonPasswords.txt</c>, SecLists'
/// 10k-most-common list), compared without regard to case, also once trailing digits and symbols are dropped, the way such
/// passwords are made to pass composition rules: "Password123" is "password".
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    public const string CommonCode = "PasswordCommon";
    public const string ContainsEmailNameCode = "PasswordContainsEmailName";

    private static readonly Lazy<FrozenSet<string>> Common = new(Load);

    public static int ListSize => Common.Value.Count;

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
            return Task.FromResult(IdentityResult.Success); // the length rule speaks for an empty one
        var errors = new List<IdentityError>();
        if (IsCommon(password))
            errors.Add(new IdentityError { Code = CommonCode, Description = "This password is one of the most common ones; choose another." });
        var name = (user.Email ?? user.UserName)?.Split('@')[0].Trim();
        if (name is { Length: >= 3 } && password.Contains(name, StringComparison.OrdinalIgnoreCase))
            errors.Add(new IdentityError { Code = ContainsEmailNameCode, Description = "The password must not contain the name part of the email." });
        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    public static bool IsCommon(string password)
    {
        var common = Common.Value;
        var end = password.Length;
        while (end > 0 && !char.IsLetter(password[end - 1]))
            end--;
        return common.Contains(password.Trim()) || (end > 0 && common.Contains(password[..end]));
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("LoyaltyAdmin.Identity.CommonPasswords.txt")
            ?? throw new InvalidOperationException("The common-password list is not embedded in the build.");
        using var reader = new StreamReader(stream);
        var words = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim() is { Length: > 0 } word)
                words.Add(word);
        }
        return words.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
