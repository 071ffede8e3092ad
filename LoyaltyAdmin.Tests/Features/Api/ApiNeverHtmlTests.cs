using System.Net;
using System.Text;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Catalogue;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>
/// A client of the API reads JSON whatever happens: no request under /api answers the console's HTML, and a failure
/// nobody foresaw is a problem+json 500 with a trace id to quote. The host's catalogue reads from a database that fails.
/// </summary>
public sealed class ApiNeverHtmlTests : IAsyncLifetime
{
    private readonly ApiTestHost app = ApiTestHost.With(services: s =>
    {
        s.RemoveAll<CatalogueService>();
        s.AddSingleton(sp => ActivatorUtilities.CreateInstance<CatalogueService>(sp, new UnreachableDatabase()));
    });

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task AnUnexpectedException_IsAProblemJson500_WithATraceId_AndNoInternals()
    {
        using var response = await app.Client(app.KeyA).GetAsync("/api/v1/catalogue");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(text).RootElement;
        Assert.Equal("internal_error", problem.GetProperty("code").GetString());
        var traceId = problem.GetProperty("traceId").GetString();
        Assert.False(string.IsNullOrWhiteSpace(traceId));
        Assert.Contains(traceId!, problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("InvalidOperationException", text);
        Assert.DoesNotContain("unreachable", text);
    }

    public static TheoryData<string, string> Bodies() => new()
    {
        { "", "" },
        { "text/plain", "hello" },
        { "application/json", "" },
        { "application/json", "not json" },
        { "application/json", "[]" },
        { "application/json", "{\"a\": 1, \"a\": 2}" },
        { "application/json", "{\"schemaVersion\": 1, \"tiers\": {\"x\": 1, \"x\": 2}}" },
        { "application/json", "{\"phone\": \"\\u0000\\u202e\", \"name\": \"\\u001b[31m\", \"occurredAt\": \"2026-11-25\", \"amount\": 1e400}" },
        { "application/json", "{\"requestId\": 5, \"eventId\": [], \"points\": \"x\", \"schemaVersion\": \"1\"}" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task NoRequestUnderApi_AnswersHtml_OrFails(string contentType, string body)
    {
        var endpoints = app.Host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Path: Concrete(e.RoutePattern.RawText!))))
            .ToList();
        Assert.True(endpoints.Count >= 9, string.Join(", ", endpoints));
        string[] others = ["/api", "/api/v1", "/api/v1/nothing", "/api/v2/events", "/api/v1/members/%1B%E2%80%AE"];

        foreach (var key in new[] { app.KeyA, app.KeyB, null })
        {
            var client = app.Client(key);
            foreach (var (method, path) in endpoints.Concat(others.SelectMany(p => new[] { ("GET", p), ("POST", p), ("DELETE", p) })))
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT")
                {
                    request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                    if (contentType.Length > 0)
                        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                }
                using var response = await client.SendAsync(request);

                var type = response.Content.Headers.ContentType?.MediaType;
                Assert.True(type is "application/json" or "application/problem+json",
                    $"{method} {path} ({contentType}: {body}) answered {(int)response.StatusCode} {type}");
                Assert.True(response.StatusCode != HttpStatusCode.InternalServerError || path == "/api/v1/catalogue",
                    $"{method} {path} ({contentType}: {body}) failed: {await response.Content.ReadAsStringAsync()}");
            }
        }
    }

    private static string Concrete(string pattern) => pattern.Replace("{phone}", "13800000000").Replace("{code}", "NOPE2345");

    private sealed class UnreachableDatabase : IDbContextFactory<LoyaltyDbContext>
    {
        public LoyaltyDbContext CreateDbContext() => throw new InvalidOperationException("test: the database is unreachable");
    }
}
