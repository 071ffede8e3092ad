using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace LoyaltyAdmin.Identity;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/Account/Logout", async (HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn) =>
        {
            // Only the console's own sign-out form may end a session: another site cannot post here to sign a user out.
            if (!await antiforgery.IsRequestValidAsync(http))
                return Results.BadRequest();
            await signIn.SignOutAsync();
            return Results.LocalRedirect("/Account/Login");
        }).AllowAnonymous(); // an expired session can still sign out without a detour through the sign-in page
        return app;
    }

    /// <summary>Until a generated password is replaced, every console page leads to the change-password form.</summary>
    public static IApplicationBuilder UseForcedPasswordChange(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (context.User.HasClaim(LoyaltyClaimsPrincipalFactory.MustChangePasswordClaim, "true")
                && HttpMethods.IsGet(context.Request.Method)
                && !path.StartsWithSegments("/Account")
                && !path.StartsWithSegments("/_framework")
                && !path.StartsWithSegments("/_content")
                && !path.StartsWithSegments("/brand")
                && !path.StartsWithSegments("/culture")
                && !path.StartsWithSegments("/health"))
            {
                context.Response.Redirect("/Account/ChangePassword");
                return;
            }
            await next();
        });
}
