using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using LoyaltyAdmin.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;

namespace LoyaltyAdmin.Localization;

/// <summary>The two UI languages, how a request picks one, and the endpoint that switches it.</summary>
public static class CultureSetup
{
    public static readonly IReadOnlyList<CultureInfo> Supported = [new("en"), new("zh-Hans")];

    public static IServiceCollection AddLoyaltyLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddTransient<MudBlazor.MudLocalizer, MudBlazorLocalizer>();
        // Chinese text is sent as characters, not as &#x...; entities: a third of the bytes and readable source.
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("en");
            o.SupportedCultures = [.. Supported];
            o.SupportedUICultures = [.. Supported];
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // Cookie (the user's choice) first, then the browser's languages; query strings are not a way in.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    public static string Normalize(string? culture) =>
        Supported.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase))?.Name ?? "en";

    public static void WriteCookie(HttpResponse response, string culture) =>
        response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = false });

    /// <summary><c>GET /culture/set?culture=zh-Hans&amp;returnUrl=/</c>: remembers the choice in a cookie and on the user.</summary>
    public static IEndpointRouteBuilder MapCultureEndpoint(this IEndpointRouteBuilder app)
    {
        app.MapGet("/culture/set", async (string? culture, string? returnUrl, HttpContext http, UserManager<AppUser> users) =>
        {
            var chosen = Normalize(culture);
            WriteCookie(http.Response, chosen);
            if (http.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(http.User) is { } user && user.Culture != chosen)
            {
                user.Culture = chosen;
                await users.UpdateAsync(user);
            }
            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        }).AllowAnonymous();
        return app;
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
