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
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete").Select(o => (Name: $"{o.Name} {p.Name}", o.Value)))
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

    private static bool IsArray(JsonElement schema) => schema.TryGetProperty("type", out var type)
        && (type.ValueKind == JsonValueKind.String ? type.GetString() == "array" : type.EnumerateArray().Any(t => t.GetString() == "array"));
}
