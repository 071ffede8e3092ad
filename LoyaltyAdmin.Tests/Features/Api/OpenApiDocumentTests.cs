using System.Text.Json;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>
/// /openapi/v1.json passes the public linters' rules that concern it (checked by hand with Redocly's recommended set and
/// Spectral's oas set; CI has no npm, so the rules themselves are checked here).
/// </summary>
public sealed class OpenApiDocumentTests(ApiTestHost app) : IClassFixture<ApiTestHost>
{
    private async Task<JsonElement> DocumentAsync() =>
        JsonDocument.Parse(await app.Client(null).GetStringAsync("/openapi/v1.json")).RootElement.Clone();

    [Fact]
    public async Task Servers_HaveNoTrailingSlash()
    {
        var servers = (await DocumentAsync()).GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()!).ToList();

        Assert.NotEmpty(servers);
        Assert.All(servers, url => Assert.False(url.EndsWith('/'), url));
    }

    [Fact]
    public async Task Info_HasALicenceWithAnIdentifierOrUrl_AndAContact()
    {
        var info = (await DocumentAsync()).GetProperty("info");

        var license = info.GetProperty("license");
        Assert.False(string.IsNullOrWhiteSpace(license.GetProperty("name").GetString()));
        Assert.True(license.TryGetProperty("identifier", out _) || license.TryGetProperty("url", out _));
        Assert.True(info.TryGetProperty("contact", out _));
    }

    [Fact]
    public async Task EveryTag_IsDeclaredWithADescription_AndEveryOperationIsDescribed()
    {
        var document = await DocumentAsync();
        var declared = document.GetProperty("tags").EnumerateArray()
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => t.TryGetProperty("description", out var d) ? d.GetString() : null);
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete").Select(o => (Name: $"{o.Name} {p.Name}", o.Value)))
            .ToList();

        Assert.All(declared, t => Assert.False(string.IsNullOrWhiteSpace(t.Value), t.Key));
        Assert.All(operations, o =>
        {
            Assert.All(o.Value.GetProperty("tags").EnumerateArray(), tag => Assert.Contains(tag.GetString()!, declared.Keys));
            Assert.False(string.IsNullOrWhiteSpace(o.Value.TryGetProperty("description", out var d) ? d.GetString() : null), o.Name);
        });
    }

    [Fact]
    public async Task EveryArraySchema_SaysWhatItHolds_AndOccurredAtIsADateTimeString()
    {
        var document = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        Assert.All(schemas.EnumerateObject().Where(s => IsArray(s.Value)), s => Assert.True(s.Value.TryGetProperty("items", out _), s.Name));
        var occurredAt = schemas.GetProperty("ActivityEventRequest").GetProperty("properties").GetProperty("occurredAt");
        Assert.Contains("string", occurredAt.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("date-time", occurredAt.GetProperty("format").GetString());
    }

    [Fact]
    public async Task EveryPropertyOfEverySchema_HasADescriptionAndAnExample_AndEveryParameterToo()
    {
        var document = await DocumentAsync();
        var properties = document.GetProperty("components").GetProperty("schemas").EnumerateObject()
            .Where(s => s.Value.TryGetProperty("properties", out _))
            .SelectMany(s => s.Value.GetProperty("properties").EnumerateObject().Select(p => (Name: $"{s.Name}.{p.Name}", p.Value)))
            .ToList();
        var parameters = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Value.ValueKind == JsonValueKind.Object && o.Value.TryGetProperty("parameters", out _))
                .SelectMany(o => o.Value.GetProperty("parameters").EnumerateArray().Select(x => (Name: $"{o.Name} {p.Name} {x.GetProperty("name")}", Value: x))))
            .ToList();

        Assert.NotEmpty(properties);
        Assert.All(properties, p => Assert.True(Described(p.Value) && HasExample(p.Value), p.Name));
        Assert.All(parameters, p => Assert.True(Described(p.Value) && (p.Value.TryGetProperty("example", out _) || HasExample(p.Value.GetProperty("schema"))), p.Name));
    }

    [Fact]
    public async Task TheMemberCentre_HasItsNineScreens_AndChallenges()
    {
        var document = await DocumentAsync();
        var paths = document.GetProperty("paths");

        foreach (var path in new[] { "points", "points/expiring", "coupons", "checkins", "referrals", "tier" })
            Assert.True(paths.GetProperty($"/api/v1/members/{{phone}}/{path}").TryGetProperty("get", out _), path);
        Assert.True(paths.GetProperty("/api/v1/members/{phone}").TryGetProperty("patch", out _));
        Assert.True(paths.GetProperty("/api/v1/members/{phone}/challenges").TryGetProperty("get", out _));
        Assert.Contains("/challenges", document.GetProperty("info").GetProperty("description").GetString());
    }

    // A property that points at a component (nullable ones: oneOf null or the component) is described there.
    private static bool Described(JsonElement schema) => PointsAtAComponent(schema)
        || (schema.TryGetProperty("description", out var d) && !string.IsNullOrWhiteSpace(d.GetString()));

    private static bool HasExample(JsonElement schema) => PointsAtAComponent(schema) || schema.TryGetProperty("example", out _)
        || schema.TryGetProperty("examples", out _) || (schema.TryGetProperty("items", out var items) && items.TryGetProperty("$ref", out _));

    private static bool PointsAtAComponent(JsonElement schema) => schema.TryGetProperty("$ref", out _)
        || (schema.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().Any(b => b.TryGetProperty("$ref", out _)));

    private static bool IsArray(JsonElement schema) => schema.TryGetProperty("type", out var type)
        && (type.ValueKind == JsonValueKind.String ? type.GetString() == "array" : type.EnumerateArray().Any(t => t.GetString() == "array"));
}
