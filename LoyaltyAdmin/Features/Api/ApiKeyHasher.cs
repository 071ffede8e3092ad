using System.Security.Cryptography;
using System.Text;

namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// Makes and hashes keys. A key is 32 random bytes, so a plain SHA-256 is enough: there is nothing
/// to brute-force that a slow password hash would protect, and every request must be checked quickly.
/// </summary>
public static class ApiKeyHasher
{
    public const string KeyPrefix = "lak_";
    public const int PrefixLength = 12;

    public static string NewKey() =>
        KeyPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string DisplayPrefix(string key) => key.Length <= PrefixLength ? key : key[..PrefixLength];
}
