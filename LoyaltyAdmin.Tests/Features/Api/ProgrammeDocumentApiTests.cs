using System.Net;
using System.Text;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Programme;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Api.ApiEndpointTests;

namespace LoyaltyAdmin.Tests.Features.Api;

/// <summary>GET/PUT /api/v1/program with the whole document, through the real host (a fresh database per test).</summary>
public sealed class ProgrammeDocumentApiTests : IAsyncLifetime
{
    private readonly ApiTestHost app = new();
    private HttpClient client = default!;

    public async Task InitializeAsync()
    {
        await app.InitializeAsync();
        client = app.Client(app.KeyA);
    }

    public Task DisposeAsync() => app.DisposeAsync();

    private static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Put_TheWholeDocument_AppliesEverySection_AndGetAnswersIt()
    {
        var response = await client.PutAsync("/api/v1/program", Body(ProgrammeDocumentSamples.Json(ProgrammeDocumentSamples.Full)));

        var answer = await ApiTestHost.JsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(answer.GetProperty("changed").GetBoolean());
        Assert.Equal(2, answer.GetProperty("version").GetInt32());
        var templates = answer.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("section").GetString() == "couponTemplates");
        Assert.Equal(2, templates.GetProperty("added").GetInt32());

        var json = await client.GetStringAsync("/api/v1/program");
        Assert.True(ProgrammeDocumentJson.TryDeserialize(json, out var document, out _));
        Assert.Equal(["Free milk tea", "¥10 off"], document!.CouponTemplates!.Select(t => t.Name));
        Assert.Equal(["MUG", "TEN-OFF"], document.Catalogue!.Select(i => i.Code));
        Assert.Equal("New member pack", document.ReferralCampaigns!.Single().RefereePack);
        Assert.Equal(ProgrammeTemplates.TeaShop.Name, document.Programme.Name);
    }

    [Fact]
    public async Task Put_WithABadSectionEntry_Is422WithThePath_AndChangesNothing()
    {
        await client.PutAsync("/api/v1/program", Body(ProgrammeDocumentSamples.Json(ProgrammeDocumentSamples.Full)));
        var before = await client.GetStringAsync("/api/v1/program");
        var bad = ProgrammeDocumentSamples.Full with
        {
            Programme = ProgrammeTemplates.TeaShop with { Name = "Not saved" },
            CouponTemplates = [.. ProgrammeDocumentSamples.Templates, new CouponTemplateEntry { Name = "Half off", Kind = CouponKind.PercentOff, Percent = 150, ValidDays = 7 }],
            CouponPacks = [ProgrammeDocumentSamples.Packs[0] with { Items = [new() { Template = "Missing" }] }, ProgrammeDocumentSamples.Packs[1]],
        };

        var response = await client.PutAsync("/api/v1/program", Body(ProgrammeDocumentSamples.Json(bad)));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "invalid_programme", "couponTemplates[2].percent");
        Assert.Equal(before, await client.GetStringAsync("/api/v1/program"));
        await using var db = await app.Factory.CreateDbContextAsync();
        Assert.Equal(2, await db.ProgrammeVersions.CountAsync());
        Assert.False(await db.CouponTemplates.AnyAsync(t => t.Name == "Half off"));
    }

    [Fact]
    public async Task Put_WithAPackNamingAMissingTemplate_Is422AtThatItem()
    {
        var bad = ProgrammeDocumentSamples.Full with { CouponPacks = [ProgrammeDocumentSamples.Packs[0] with { Items = [new() { Template = "Missing" }] }] };

        var response = await client.PutAsync("/api/v1/program", Body(ProgrammeDocumentSamples.Json(bad)));

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "invalid_programme", "couponPacks[0].items[0].template");
        await using var db = await app.Factory.CreateDbContextAsync();
        Assert.False(await db.CouponTemplates.AnyAsync());
    }

    [Fact]
    public async Task Put_WithAnUnreadableSection_Is400NamingWhere()
    {
        var json = ProgrammeDocumentSamples.Json(ProgrammeDocumentSamples.Full).Replace("\"points\": 800", "\"points\": \"many\"", StringComparison.Ordinal);

        var response = await client.PutAsync("/api/v1/program", Body(json));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "malformed_programme");
        Assert.Contains("catalogue[0].points", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("\"points\": 800", "\"points\": \"many\"", "catalogue[0].points")]
    [InlineData("\"schemaVersion\": 1,", "\"schemaVersion\": 1, \"Tiers\": [],", "Tiers")]
    [InlineData("\"schemaVersion\": 1,", "\"schemaVersion\": 1, \"schemaVersion\": 1,", "schemaVersion")]
    [InlineData("\"kind\": \"purchase\"", "\"kind\": \"teleport\"", "teleport")]
    public async Task Put_Malformed_SaysWhatIsWrongInTheMerchantsTerms_NotTheServersTypes(string find, string replace, string named)
    {
        var json = ProgrammeDocumentSamples.Json(ProgrammeDocumentSamples.Full);
        Assert.Contains(find, json);

        var response = await client.PutAsync("/api/v1/program", Body(ReplaceFirst(json, find, replace)));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "malformed_programme");
        var detail = (await ApiTestHost.JsonAsync(response)).GetProperty("detail").GetString()!;
        Assert.Contains(named, detail);
        foreach (var internals in new[] { "LoyaltyAdmin", "System.", ".NET", "could not be converted", "Path:", "discriminator" })
            Assert.DoesNotContain(internals, detail);
    }

    private static string ReplaceFirst(string text, string find, string replace)
    {
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return text[..at] + replace + text[(at + find.Length)..];
    }

    [Fact]
    public async Task TheOpenApiDescription_ShowsTheDocumentsSections()
    {
        var description = await app.Client(null).GetStringAsync("/openapi/v1.json");

        foreach (var expected in new[] { "couponTemplates", "couponPacks", "referralCampaigns", "catalogue", "CouponTemplateEntry", "\"amountOff\"", "\"tierUpgrade\"" })
            Assert.Contains(expected, description);
    }
}
