using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Api;

/// <summary>The integration API under /api/v1 (see PRODUCT.md, "Integration API"), its OpenAPI document and reference page.</summary>
public static class ApiEndpoints
{
    public const string RateLimitPolicy = "api-key";

    public static IServiceCollection AddLoyaltyApi(this IServiceCollection services)
    {
        services.AddOptions<ApiOptions>().BindConfiguration("Api");
        services.AddSingleton<ApiKeyService>();
        services.AddSingleton<ApiMembers>();
        services.AddHostedService<ApiKeyBootstrapper>();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder().AddPolicy(ApiKeyAuthenticationHandler.Policy, p =>
            p.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser().RequireClaim(ApiKeyAuthenticationHandler.KeyIdClaim));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(RateLimitPolicy, context =>
            {
                var permits = context.RequestServices.GetRequiredService<IOptionsMonitor<ApiOptions>>().CurrentValue.PermitsPerMinute;
                // The authorization middleware has already put the key's principal on the context.
                var keyId = context.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value ?? "anonymous";
                return RateLimitPartition.GetTokenBucketLimiter(keyId, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = Math.Max(1, permits), TokensPerPeriod = Math.Max(1, permits), ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0, AutoReplenishment = true,
                });
            });
            o.OnRejected = async (rejected, ct) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ApiProblems.Problem(429, "rate_limited", "Too many requests for this key.", $"Retry after {seconds} seconds.")
                    .ExecuteAsync(rejected.HttpContext);
            };
        });
        services.AddLoyaltyOpenApi();
        return services;
    }

    /// <summary>The route table: one line per resource; each file holds its routes' handlers and OpenAPI descriptions.</summary>
    public static IEndpointRouteBuilder MapLoyaltyApi(this IEndpointRouteBuilder app)
    {
        app.MapLoyaltyOpenApi();
        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(ApiKeyAuthenticationHandler.Policy)
            .RequireRateLimiting(RateLimitPolicy)
            .WithTags(ApiOpenApi.Tag)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapMembersApi();
        api.MapEventsApi();
        api.MapRedemptionsApi();
        api.MapCouponsApi();
        api.MapProgrammeApi();
        api.MapMemberCentreApi();
        api.MapChallengesApi();
        api.MapPrivacyApi();
        return app;
    }
}
