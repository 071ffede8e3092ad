using System.Diagnostics;

namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// Clients of the API read problem+json, never the console's HTML. An exception under /api is answered here as a
/// 500 problem with a trace id (the console's error page, or the developer page, would answer HTML); an error status
/// that nothing wrote a body for (unknown path, wrong method) answers as a problem too. Registered after the
/// console's status-code pages, so it writes first and the console's "page not found" finds the answer given.
/// </summary>
public static class ApiFallback
{
    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app)
    {
        app.UseWhen(IsApi, api =>
        {
            api.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = UnexpectedAsync });
            api.UseStatusCodePages(async context =>
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
            });
        });
        return app;
    }

    /// <summary>The exception itself was logged by the middleware; the client gets the id to quote, not the details.</summary>
    private static async Task UnexpectedAsync(HttpContext http)
    {
        var traceId = Activity.Current?.Id ?? http.TraceIdentifier;
        var problem = ApiProblems.Problem(StatusCodes.Status500InternalServerError, "internal_error", "The server could not answer this request.",
            $"Writes are idempotent: send the same request again to learn whether it was applied. Quote trace id {traceId} when reporting it.");
        problem.ProblemDetails.Extensions["traceId"] = traceId;
        await problem.ExecuteAsync(http);
    }

    private static bool IsApi(HttpContext http) => http.Request.Path.StartsWithSegments("/api");
}
