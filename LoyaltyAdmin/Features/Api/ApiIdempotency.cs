using System.Security.Cryptography;
using System.Text.Json;

namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// The hash an API write keeps with its request id in the one idempotency store (<see cref="Data.Idempotency"/>): of the
/// parsed body re-serialised, so the same request sent with other whitespace or key order is still the same request.
/// </summary>
public static class ApiIdempotency
{
    public static string HashOf<T>(T body) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body, ApiJson.Options)));
}
