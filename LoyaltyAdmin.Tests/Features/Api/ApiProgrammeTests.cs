using System.Net;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>The programme document through the API: read, validated, saved as a version, and only by a key allowed to.</summary>
public sealed class ApiProgrammeTests(ApiTestHost app) : IClassFixture<ApiTestHost>
{
    private readonly HttpClient client = app.Client(app.KeyA);

    [Fact]
    public async Task Programme_GetAnswersTheDocument_PutValidatesAndSavesAVersion()
    {
        var json = await client.GetStringAsync("/api/v1/program");
        Assert.True(ProgrammeDocumentJson.TryDeserialize(json, out var document, out _));
        var programme = document!.Programme;

        var invalid = await client.PutAsync("/api/v1/program", new StringContent(ProgrammeJson.Serialize(programme! with { Tiers = [] }), System.Text.Encoding.UTF8, "application/json"));
        var unreadable = await client.PutAsync("/api/v1/program", new StringContent("{\"tiers\": 5}", System.Text.Encoding.UTF8, "application/json"));
        var unchanged = await client.PutAsync("/api/v1/program", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        await ApiEndpointTests.AssertProblemAsync(invalid, HttpStatusCode.UnprocessableEntity, "invalid_programme");
        await ApiEndpointTests.AssertProblemAsync(unreadable, HttpStatusCode.BadRequest, "malformed_programme");
        Assert.False((await ApiTestHost.JsonAsync(unchanged)).GetProperty("changed").GetBoolean());
    }

    [Fact]
    public async Task Programme_PutWithATillsKey_IsForbidden_AndChangesNothing()
    {
        var json = await client.GetStringAsync("/api/v1/program");
        Assert.True(ProgrammeDocumentJson.TryDeserialize(json, out var document, out _));
        var programme = document!.Programme;
        var versionsBefore = await VersionCountAsync();

        var response = await app.Client(app.KeyB).PutAsync("/api/v1/program",
            new StringContent(ProgrammeJson.Serialize(programme! with { Name = "Hijacked" }), System.Text.Encoding.UTF8, "application/json"));

        await ApiEndpointTests.AssertProblemAsync(response, HttpStatusCode.Forbidden, "programme_change_not_allowed");
        Assert.Equal(versionsBefore, await VersionCountAsync());
    }

    private async Task<int> VersionCountAsync()
    {
        await using var db = await app.Factory.CreateDbContextAsync();
        return await db.ProgrammeVersions.CountAsync();
    }
}
