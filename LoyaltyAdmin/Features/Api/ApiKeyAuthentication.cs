using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// The <c>X-Api-Key</c> scheme of /api/v1. It is not the default scheme: only the API policy asks for it, so a
/// signed-in console cookie never opens the API and a key never opens the console.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyService keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Policy = "Api.Key";
    public const string Header = "X-Api-Key";
    public const string KeyIdClaim = "api_key_id";
    public const string StoreIdClaim = "api_store_id";
    public const string StoreCodeClaim = "api_store_code";
    private const int MaxKeyLength = 200;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
            return AuthenticateResult.NoResult();
        var presented = values[0]!.Trim();
        if (presented.Length > MaxKeyLength)
            return AuthenticateResult.Fail("The key is not valid.");
        var caller = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (caller is null)
            return AuthenticateResult.Fail("The key is unknown or revoked.");
        var identity = new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, "api:" + caller.StoreCode),
            new Claim(KeyIdClaim, caller.KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(StoreIdClaim, caller.StoreId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(StoreCodeClaim, caller.StoreCode),
        ], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var detail = result.Failure?.Message ?? $"Send the key in the {Header} header.";
        await ApiProblems.Unauthorized(detail).ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Problem(403, "forbidden", "This key may not do that.").ExecuteAsync(Context);

    /// <summary>The checked caller of an API request (only inside endpoints that require <see cref="Policy"/>).</summary>
    public static ApiCaller Caller(ClaimsPrincipal user) => new(
        int.Parse(user.FindFirstValue(KeyIdClaim)!, System.Globalization.CultureInfo.InvariantCulture),
        user.Identity?.Name ?? "",
        int.Parse(user.FindFirstValue(StoreIdClaim)!, System.Globalization.CultureInfo.InvariantCulture),
        user.FindFirstValue(StoreCodeClaim)!);
}
