using System.Net;
using LoyaltyAdmin.Features.Api;
using LoyaltyAdmin.Resources;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin;

/// <summary>
/// Outside Development, passwords, cookies, API keys and members' data travel only over TLS: plain HTTP is answered only to
/// clients on this machine (a browser on the till PC, a reverse proxy on localhost) and to <c>/health</c> probes; everyone else
/// gets 403 (problem+json <c>https_required</c> under /api). Behind a proxy that terminates TLS, <c>ForwardedHeaders:Enabled</c>
/// makes the app trust <c>X-Forwarded-Proto</c>/<c>X-Forwarded-For</c> from loopback and from <c>ForwardedHeaders:KnownProxies</c>
/// / <c>KnownNetworks</c> only. HSTS is sent on every HTTPS answer. Kestrel sends no <c>Server</c> header.
/// </summary>
public static class HttpsPolicy
{
    public static void AddLoyaltyWebSecurity(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        builder.Services.AddHsts(o => o.MaxAge = TimeSpan.FromDays(365));
        var section = builder.Configuration.GetSection("ForwardedHeaders");
        // Parsed now, so a wrong address stops the start with the key's name instead of failing at the first request.
        var proxies = Values(section.GetSection("KnownProxies")).Select(p => IPAddress.TryParse(p, out var ip) ? ip
            : throw new InvalidOperationException($"ForwardedHeaders:KnownProxies: '{p}' is not an IP address.")).ToList();
        var networks = Values(section.GetSection("KnownNetworks")).Select(n => System.Net.IPNetwork.TryParse(n, out var net) ? net
            : throw new InvalidOperationException($"ForwardedHeaders:KnownNetworks: '{n}' is not a network such as 10.0.0.0/8.")).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            proxies.ForEach(o.KnownProxies.Add);
            networks.ForEach(o.KnownIPNetworks.Add);
        });
    }

    /// <summary>First in the pipeline: everything after it sees the client's address and scheme, not the proxy's.</summary>
    public static IApplicationBuilder UseLoyaltyForwardedHeaders(this WebApplication app) =>
        app.Configuration.GetValue<bool>("ForwardedHeaders:Enabled") ? app.UseForwardedHeaders() : app;

    public static IApplicationBuilder UseHttpsPolicy(this WebApplication app)
    {
        if (app.Environment.IsDevelopment())
            return app;
        app.UseHsts();
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.IsHttps || IsLocal(context.Connection.RemoteIpAddress) || request.Path.StartsWithSegments("/health"))
            {
                await next(context);
                return;
            }
            context.RequestServices.GetRequiredService<ILogger<WebApplication>>()
                .LogInformation("Refused plain HTTP from {Address} to {Path}", context.Connection.RemoteIpAddress, request.Path);
            var secure = SecureAddress(context);
            if (request.Path.StartsWithSegments("/api"))
            {
                await ApiProblems.Problem(StatusCodes.Status403Forbidden, "https_required", "Call the API over HTTPS.",
                    $"Plain HTTP is answered only on this machine; use {secure}.").ExecuteAsync(context);
                return;
            }
            var text = context.RequestServices.GetRequiredService<IStringLocalizer<Strings>>();
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync(text["Https.Required", secure]);
        });
    }

    /// <summary>The address asked for, on this server's HTTPS port (none when TLS ends at a proxy: then 443).</summary>
    private static string SecureAddress(HttpContext context)
    {
        var addresses = context.RequestServices.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var port = addresses.Where(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            .Select(a => BindingAddress.Parse(a).Port).FirstOrDefault(443);
        var request = context.Request;
        var authority = port == 443 ? request.Host.Host : $"{request.Host.Host}:{port}";
        return $"https://{authority}{request.PathBase}{request.Path}";
    }

    /// <summary>No address means no network peer at all: the in-process test server, a Unix socket or a named pipe.</summary>
    private static bool IsLocal(IPAddress? remote) =>
        remote is null || IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);

    /// <summary>A list key as a JSON array (<c>KnownProxies:0</c>, …) or one comma-separated value (handy in an environment variable).</summary>
    private static IEnumerable<string> Values(IConfigurationSection section) =>
        (section.Value is { } one ? one.Split(',') : section.GetChildren().Select(c => c.Value ?? ""))
        .Select(v => v.Trim()).Where(v => v.Length > 0);
}
