namespace LoyaltyAdmin;

/// <summary>
/// Headers on every answer, added as the answer starts so that error pages, API problems and files get them too: no MIME
/// sniffing; no referrer to other sites (member searches carry phone numbers in the address); no framing by other sites
/// (clickjacking), the API reference included; and nothing kept by browsers or proxies unless the answer says otherwise
/// (static assets do), because pages, API answers and exports carry members' personal data.
/// </summary>
public static class SecurityHeaders
{
    public const string FrameAncestors = "frame-ancestors 'self'";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpResponse)state).Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
                headers.XFrameOptions = "SAMEORIGIN";
                var policy = headers.ContentSecurityPolicy.ToString();
                if (!policy.Contains("frame-ancestors", StringComparison.OrdinalIgnoreCase))
                    headers.ContentSecurityPolicy = policy.Length == 0 ? FrameAncestors : $"{policy.TrimEnd(';', ' ')}; {FrameAncestors}";
                if (headers.CacheControl.Count == 0)
                    headers.CacheControl = "no-store";
                return Task.CompletedTask;
            }, context.Response);
            return next(context);
        });
}
