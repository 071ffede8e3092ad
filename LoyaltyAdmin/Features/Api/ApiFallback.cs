namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// Clients of the API read problem+json, never the console's HTML: an error status under /api that nothing wrote
/// a body for (unknown path, wrong method, wrong content type) answers as a problem. Registered after the
/// console's status-code pages, so it writes first and the console's "page not found" finds the answer given.
/// </summary>
public static class ApiFallback
{
    public static IApplicationBuilder UseApiStatusCodeProblems(this IApplicationBuilder app)
    {
        app.UseWhen(IsApi, api => api.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            var status = http.Response.StatusCode;
            var (code, title) = status switch
            {
                StatusCodes.Status404NotFound => ("not_found", "No such API endpoint."),
                StatusCodes.Status405MethodNotAllowed => ("method_not_allowed", "This endpoint does not take this method."),
                StatusCodes.Status415UnsupportedMediaType => ("unsupported_media_type", "Send the body as application/json."),
                _ => ("error", "The request failed."),
            };
            await ApiProblems.Problem(status, code, title, $"{http.Request.Method} {http.Request.Path}; see /api/docs.").ExecuteAsync(http);
        }));
        return app;
    }

    private static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments("/api");
}
