using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using StandardWebhooks;

namespace LoyaltyAdmin.Features.Webhooks;

/// <summary>
/// Endpoint secrets: made (<c>whsec_</c> + 24 random bytes in base64, as Standard Webhooks has them), kept encrypted with
/// Data Protection (the key ring is in the database, shared by every instance), and used to sign. Decrypted signers are
/// kept in memory, by the encrypted text, so a delivery costs no decryption.
/// </summary>
public sealed class WebhookSecrets(IDataProtectionProvider protection)
{
    public const string Prefix = "whsec_";

    private readonly IDataProtector protector = protection.CreateProtector("LoyaltyAdmin.Webhooks.EndpointSecret");
    private readonly ConcurrentDictionary<string, StandardWebhook> signers = new(StringComparer.Ordinal);

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// <summary><c>whsec_</c> and the base64 of 24 to 64 bytes.</summary>
    public static bool IsValid(string? secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        Span<byte> bytes = stackalloc byte[128];
        return Convert.TryFromBase64String(secret[Prefix.Length..], bytes, out var length) && length is >= 24 and <= 64;
    }

    public string Protect(string secret) => protector.Protect(secret);

    /// <summary>
    /// The <c>webhook-signature</c> header: <c>v1,</c> and the signature with the current secret, then, during a rotation's
    /// overlap, a space and the signature with the previous one.
    /// </summary>
    public string Sign(ClaimedDelivery delivery, string messageId, DateTimeOffset timestamp, string body)
    {
        var current = Signer(delivery.ProtectedSecret).Sign(messageId, timestamp, body);
        return delivery.PreviousProtectedSecret is { } previous && delivery.PreviousSecretUntilUtc > timestamp.UtcDateTime
            ? current + " " + Signer(previous).Sign(messageId, timestamp, body)
            : current;
    }

    private StandardWebhook Signer(string protectedSecret) =>
        signers.GetOrAdd(protectedSecret, p => new StandardWebhook(protector.Unprotect(p)));
}
