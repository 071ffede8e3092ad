using System.Security.Cryptography;
using System.Text;
using LoyaltyAdmin.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Privacy;

/// <summary>
/// The salted hash (HMAC-SHA-256, hex) an erased member's phone is kept as: equal phones give equal hashes, so a number
/// that was referred or erased is recognised when it joins again, but the number cannot be read back from the database
/// (the salt is not in the hash's row, and without it the small space of phone numbers cannot be tried).
/// </summary>
public sealed class PhoneHasher(IOptions<PrivacyOptions> options)
{
    private const string SaltName = "phone-hash-salt";
    private byte[]? salt;

    /// <summary>
    /// The hash of <paramref name="phone"/>, read inside a write: the installation's salt is read with the write's context,
    /// and made in it on first use, so a salt commits with the first hash made from it or not at all.
    /// </summary>
    public async Task<string> HashAsync(LoyaltyDbContext db, string phone, DateTime nowUtc, CancellationToken ct) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(salt ?? await SaltAsync(db, nowUtc, ct), Encoding.UTF8.GetBytes(phone)));

    private async Task<byte[]> SaltAsync(LoyaltyDbContext db, DateTime nowUtc, CancellationToken ct)
    {
        if (options.Value.PhoneHashSalt is { Length: > 0 } configured)
            return salt = Encoding.UTF8.GetBytes(configured);
        var stored = await db.InstallSecrets.AsNoTracking().Where(s => s.Name == SaltName).Select(s => s.Value).SingleOrDefaultAsync(ct);
        if (stored is not null)
            return salt = Convert.FromBase64String(stored);
        // Made by this write and not saved yet: kept in memory only once read back, as the write may still roll back.
        if (db.InstallSecrets.Local.FirstOrDefault(s => s.Name == SaltName) is { } pending)
            return Convert.FromBase64String(pending.Value);
        var made = RandomNumberGenerator.GetBytes(32);
        db.InstallSecrets.Add(new InstallSecret { Name = SaltName, Value = Convert.ToBase64String(made), CreatedAtUtc = nowUtc });
        return made;
    }
}
