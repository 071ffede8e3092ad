using System.Net;
using System.Reflection;
using System.Text;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.StaticAssets;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Identity;

public sealed partial class SecurityMatrixTests
{
    public sealed class Host : IAsyncLifetime
    {
        private readonly Dictionary<string, HttpClient> clients = [];

        public AppHost App { get; } = new();

        public async Task InitializeAsync()
        {
            App.CreateBrowserlessClient().Dispose(); // starts the host: migrations and the Owner
            await App.CreateUserAsync("matrix-manager@test.local", Roles.StoreManager);
            await App.CreateUserAsync("matrix-analyst@test.local", Roles.Analyst);
        }

        /// <summary>Pages from the component types with <c>[Route]</c>, then every other endpoint of the app.</summary>
        public IReadOnlyList<Target> Targets()
        {
            var pages = typeof(Program).Assembly.GetTypes()
                .Where(t => typeof(IComponent).IsAssignableFrom(t))
                .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (Type: t, r.Template)))
                .Select(p => Target("GET", p.Template, Requirement.Of(p.Type.GetCustomAttributes(inherit: true)), isPage: true, p.Type.FullName!))
                .ToList();

            var endpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(e => !IsFramework(e) && e.Metadata.GetMetadata<ComponentTypeMetadata>() is null)
                .Select(e =>
                {
                    var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                    var method = methods.Contains("GET") ? "GET" : methods[0];
                    return Target(method, "/" + e.RoutePattern.RawText!.TrimStart('/'), Requirement.Of(e.Metadata), isPage: false, e.DisplayName ?? "");
                })
                .ToList();

            // The component endpoints must be exactly the pages found by reflection, or a page escaped the scan.
            var pageEndpoints = App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
                .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
                .Order(StringComparer.OrdinalIgnoreCase);
            Assert.Equal(pageEndpoints, pages.Select(p => p.Template).Order(StringComparer.OrdinalIgnoreCase));

            return [.. pages.OrderBy(p => p.Template, StringComparer.OrdinalIgnoreCase), .. endpoints.OrderBy(e => e.Template, StringComparer.OrdinalIgnoreCase)];
        }

        public IReadOnlyList<string> FrameworkEndpoints() =>
            App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
                .Where(e => IsFramework(e) && e.Metadata.GetMetadata<StaticAssetDescriptor>() is null)
                .Select(e => "/" + e.RoutePattern.RawText!.TrimStart('/'))
                .Append("static assets")
                .ToList();

        public async Task<Cell> ProbeAsync(Target target, string subject)
        {
            // A request that changes state (sign-out) gets its own session so it cannot spoil the next cells.
            var client = Microsoft.AspNetCore.Http.HttpMethods.IsGet(target.Method) ? await ClientAsync(subject) : await SignInAsync(subject);
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(target.Method), target.Path));
            var status = (int)response.StatusCode;
            var location = response.Headers.Location is null ? null : response.RedirectPath();
            var observed = location switch
            {
                // The challenge carries a return URL; a plain redirect to the sign-in page (after sign-out) is a normal answer.
                not null when location.StartsWith("/Account/Login?", StringComparison.OrdinalIgnoreCase)
                    && location.Contains("returnUrl=", StringComparison.OrdinalIgnoreCase) => Outcome.Login,
                not null when location.StartsWith("/Account/AccessDenied", StringComparison.OrdinalIgnoreCase) => Outcome.Denied,
                _ when DesignedStatus.TryGetValue(target.Path, out var designed) && response.StatusCode == designed => Outcome.Allowed,
                _ when status == 401 => Outcome.Unauthorized,
                _ when status == 403 => Outcome.Forbidden,
                _ => Outcome.Allowed,
            };
            var detail = observed switch
            {
                Outcome.Login => "login",
                Outcome.Denied => "denied",
                _ => location is null ? status.ToString() : $"{status} → {location}",
            };
            var expected = target.Requirement.Expected(subject, target.IsApi);
            var asExpected = expected == observed && (observed != Outcome.Allowed || AnswersNormally(target, response.StatusCode));
            return new Cell(subject, expected, observed, detail, asExpected);
        }

        /// <summary>An allowed page renders (200, or 404 for a sample id); an allowed endpoint does not fail.</summary>
        private static bool AnswersNormally(Target target, HttpStatusCode status) =>
            DesignedStatus.TryGetValue(target.Path, out var designed) ? status == designed
            : target.IsPage ? status == HttpStatusCode.OK || (target.HasParameters && status == HttpStatusCode.NotFound)
            : (int)status < 500;

        private async Task<HttpClient> ClientAsync(string subject)
        {
            if (!clients.TryGetValue(subject, out var client))
                clients[subject] = client = subject == Anonymous ? App.CreateBrowserlessClient() : await SignInAsync(subject);
            return client;
        }

        private async Task<HttpClient> SignInAsync(string subject)
        {
            var client = App.CreateBrowserlessClient();
            if (subject == Anonymous)
                return client;
            var (email, password) = subject switch
            {
                Roles.Owner => (AppHost.OwnerEmail, AppHost.OwnerPassword),
                Roles.StoreManager => ("matrix-manager@test.local", AppHost.StandardPassword),
                _ => ("matrix-analyst@test.local", AppHost.StandardPassword),
            };
            var response = await client.SignInAsync(email, password);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return client;
        }

        internal static bool IsFramework(RouteEndpoint e)
        {
            var path = "/" + e.RoutePattern.RawText?.TrimStart('/');
            return e.Metadata.GetMetadata<StaticAssetDescriptor>() is not null
                || e.Metadata.GetMetadata<HubMetadata>() is not null
                || e.Metadata.GetMetadata<NegotiateMetadata>() is not null
                || path.StartsWith("/_framework/", StringComparison.Ordinal)
                || path.StartsWith("/_blazor", StringComparison.Ordinal)
                || path.StartsWith("/_content/", StringComparison.Ordinal)
                || e.RoutePattern.RawText == "{**path:file}";
        }

        private static Target Target(string method, string template, Requirement requirement, bool isPage, string source)
        {
            var pattern = RoutePatternFactory.Parse(template);
            var path = new StringBuilder();
            foreach (var segment in pattern.PathSegments)
            {
                path.Append('/');
                foreach (var part in segment.Parts)
                    path.Append(part switch
                    {
                        RoutePatternLiteralPart literal => literal.Content,
                        RoutePatternSeparatorPart separator => separator.Content,
                        RoutePatternParameterPart parameter => SampleValue(parameter),
                        _ => "",
                    });
            }
            return new Target(method, template, path.Length == 0 ? "/" : path.ToString(), requirement, isPage, pattern.Parameters.Count > 0, source);
        }

        private static string SampleValue(RoutePatternParameterPart parameter) =>
            parameter.ParameterPolicies.Select(p => p.Content).FirstOrDefault() switch
            {
                "int" or "long" or "decimal" or "double" or "float" => "1",
                "guid" => "00000000-0000-0000-0000-000000000001",
                "bool" => "true",
                "datetime" => "2026-01-01",
                _ => "sample",
            };

        public async Task DisposeAsync()
        {
            foreach (var client in clients.Values)
                client.Dispose();
            await App.DisposeAsync();
        }
    }
}
