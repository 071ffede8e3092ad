using System.Security.Claims;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyAdmin.Tests.Features.Programme.ProgrammeDocumentSamples;

namespace LoyaltyAdmin.Tests.Features.Programme;

public sealed class ProgrammeDocumentServiceTests() : HostedTest(new ManualClock(Start))
{
    // Tuesday 10 November 2026, 10:00 in Shanghai.
    private static readonly DateTimeOffset Start = new(2026, 11, 10, 10, 0, 0, TimeSpan.FromHours(8));

    private static StaffActor Owner { get; } = new("owner-id", AppHost.OwnerEmail,
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Owner)], "test")));

    private ProgrammeDocumentService Documents => Service<ProgrammeDocumentService>();

    private IDbContextFactory<LoyaltyDbContext> Db => Host.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();

    [Fact]
    public async Task ExportImportIntoAFreshDatabase_ExportsTheSameDocument()
    {
        var imported = await Documents.ImportAsync(Json(Full), Owner, "launch");
        Assert.True(imported.Applied, string.Join("; ", imported.Preview.Errors));
        var exported = await Documents.ExportAsync();

        await using var fresh = new AppHost(clock: new ManualClock(Start));
        fresh.CreateBrowserlessClient().Dispose();
        await using var scope = fresh.Services.CreateAsyncScope();
        var freshDocuments = scope.ServiceProvider.GetRequiredService<ProgrammeDocumentService>();
        var again = await freshDocuments.ImportAsync(exported, Owner, "copy");

        Assert.True(again.Applied, string.Join("; ", again.Preview.Errors));
        Assert.Equal(exported, await freshDocuments.ExportAsync());
        Assert.Empty((await freshDocuments.PreviewAsync(Json(Full))).Changes);
        Assert.Equal(exported, Json(await Documents.GetAsync()));
        Assert.Contains("\"couponTemplates\"", exported);
        Assert.Contains("\"template\": \"¥10 off\"", exported);
    }

    [Fact]
    public async Task AnImportThatChangesTheSections_SavesEveryRow_AndTheProgrammeAsANewVersion_WithOneAuditEntry()
    {
        var result = await Documents.ImportAsync(Json(Full), Owner, "launch");

        Assert.True(result.Applied);
        Assert.Equal(2, result.Version!.Number);
        Assert.Equal([("programme", true), ("couponTemplates", true), ("couponPacks", true), ("referralCampaigns", true), ("catalogue", true)],
            result.Preview.Sections.Select(s => (s.Section, s.Given)));
        Assert.Equal([2, 2, 1, 2], result.Preview.Sections.Skip(1).Select(s => s.Added));
        await using var db = await Db.CreateDbContextAsync();
        var pack = await db.CouponPacks.Include(p => p.Items).SingleAsync(p => p.Name == "New member pack");
        var tenOff = await db.CouponTemplates.SingleAsync(t => t.Name == "¥10 off");
        Assert.Equal([(tenOff.Id, 2)], pack.Items.Where(i => i.TemplateId == tenOff.Id).Select(i => (i.TemplateId, i.Quantity)));
        Assert.Equal(pack.Id, (await db.ReferralCampaigns.SingleAsync()).RefereePackId);
        Assert.Equal(tenOff.Id, (await db.CatalogueItems.SingleAsync(i => i.Code == "TEN-OFF")).CouponTemplateId);
        var audit = await db.AuditLog.SingleAsync(a => a.Action == "programme.import");
        Assert.Equal(AppHost.OwnerEmail, audit.UserName);
        Assert.Contains("couponTemplates[Free milk tea]", audit.After);
    }

    [Fact]
    public async Task AnOlderProgrammeOnlyDocument_StillImports_AndLeavesCouponsCampaignsAndCatalogueAsTheyAre()
    {
        await Documents.ImportAsync(Json(Full), Owner, null);
        var before = await Documents.GetAsync();

        var result = await Documents.ImportAsync(ProgrammeJson.Serialize(ProgrammeTemplates.TeaShop with { Name = "Tea shop 2027" }), Owner, null);

        Assert.True(result.Applied);
        Assert.Equal(3, result.Version!.Number);
        Assert.All(result.Preview.Sections.Skip(1), s => Assert.False(s.Given));
        var after = await Documents.GetAsync();
        Assert.Equal("Tea shop 2027", after.Programme.Name);
        Assert.Equal(Json(before with { Programme = after.Programme }), Json(after));
    }

    [Fact]
    public async Task ABadSectionEntry_IsAnErrorAtItsPath_AndNothingChanges_NotEvenTheProgramme()
    {
        await Documents.ImportAsync(Json(Full), Owner, null);
        var before = Json(await Documents.GetAsync());
        var bad = Full with
        {
            Programme = ProgrammeTemplates.TeaShop with { Name = "Should not be saved" },
            CouponTemplates = [Templates[0] with { Stock = 2000 }, Templates[1], new CouponTemplateEntry { Name = "Broken", Kind = CouponKind.AmountOff, Amount = -5, ValidDays = 30 }],
            Catalogue = [Items[0] with { Points = 0 }, Items[1]],
        };

        var result = await Documents.ImportAsync(Json(bad), Owner, null);

        Assert.False(result.Applied);
        Assert.Contains(result.Preview.Errors, e => e.Path == "couponTemplates[2].amount");
        Assert.Contains(result.Preview.Errors, e => e.Path == "catalogue[0].points");
        Assert.Equal(before, Json(await Documents.GetAsync()));
        await using var db = await Db.CreateDbContextAsync();
        Assert.Equal(2, await db.ProgrammeVersions.CountAsync());
        Assert.Equal(1000, (await db.CouponTemplates.SingleAsync(t => t.Name == "¥10 off")).Stock);
        Assert.False(await db.AuditLog.AnyAsync(a => a.Action == "programme.import" && a.After!.Contains("Should not be saved")));
    }

    [Fact]
    public async Task ReferencesToSomethingThatExistsNowhere_AreErrorsAtTheirPaths()
    {
        var bad = Full with
        {
            CouponPacks = [Packs[0] with { Items = [new() { Template = "No such coupon" }] }, Packs[1] with { TierCode = "platinum" }],
            ReferralCampaigns = [Campaigns[0] with { ReferrerPack = "No such pack" }],
            Catalogue = [Items[0], Items[1] with { CouponTemplate = "Gone" }],
        };

        var preview = await Documents.PreviewAsync(Json(bad));

        Assert.False(preview.CanApply);
        Assert.Equal(
            ["catalogue[1].couponTemplate", "couponPacks[0].items[0].template", "couponPacks[1].tierCode", "referralCampaigns[0].referrerPack"],
            preview.Errors.Select(e => e.Path).Order(StringComparer.Ordinal));
        Assert.Contains("No such coupon", preview.Errors.Single(e => e.Path == "couponPacks[0].items[0].template").Message);
    }

    [Fact]
    public async Task AReferenceToARowOnlyInTheDatabase_IsAccepted_WhenItsSectionIsLeftOut()
    {
        await Documents.ImportAsync(Json(Full with { CouponPacks = null, ReferralCampaigns = null, Catalogue = null }), Owner, null);

        var result = await Documents.ImportAsync(Json(Full with { CouponTemplates = null }), Owner, null);

        Assert.True(result.Applied, string.Join("; ", result.Preview.Errors));
        Assert.False(result.Preview.Sections.Single(s => s.Section == "couponTemplates").Given);
    }

    [Fact]
    public async Task AGivenSection_DeactivatesWhatItLeavesOut_AndNeverDeletesIt()
    {
        await Documents.ImportAsync(Json(Full), Owner, null);

        var preview = await Documents.PreviewAsync(Json(Full with { Catalogue = [], ReferralCampaigns = [] }));
        var result = await Documents.ImportAsync(Json(Full with { Catalogue = [], ReferralCampaigns = [] }), Owner, null);

        Assert.Equal(2, preview.Sections.Single(s => s.Section == "catalogue").Deactivated);
        Assert.Equal(1, preview.Sections.Single(s => s.Section == "referralCampaigns").Deactivated);
        Assert.True(result.Applied);
        Assert.Null(result.Version); // the programme part did not change
        await using var db = await Db.CreateDbContextAsync();
        Assert.Equal(2, await db.CatalogueItems.CountAsync(i => !i.IsActive));
        Assert.False((await db.ReferralCampaigns.SingleAsync()).Active);
        Assert.Equal(4, await db.CouponTemplates.CountAsync() + await db.CouponPacks.CountAsync(p => p.IsActive));
    }

    [Fact]
    public async Task TwoEntriesWithOneName_AreADuplicate()
    {
        var preview = await Documents.PreviewAsync(Json(Full with { CouponTemplates = [.. Templates, Templates[0] with { Name = " ¥10 OFF " }] }));

        Assert.Contains(preview.Errors, e => e.Path == "couponTemplates[2].name");
    }

    [Fact]
    public async Task AMalformedSection_SaysWhereInTheDocument()
    {
        var json = Json(Full).Replace("\"kind\": \"freeItem\"", "\"kind\": \"bogus\"", StringComparison.Ordinal);

        var preview = await Documents.PreviewAsync(json);

        Assert.NotNull(preview.ParseError);
        Assert.Contains("couponTemplates[1].kind", preview.ParseError);
    }

    [Fact]
    public async Task TheConsolesExportButton_DownloadsTheWholeDocument_AndAnEarlierVersionAsItsProgramme()
    {
        await Documents.ImportAsync(Json(Full), Owner, null);
        var browser = Host.CreateBrowserlessClient();
        await browser.SignInAsync(AppHost.OwnerEmail, AppHost.OwnerPassword);
        long firstVersion;
        await using (var db = await Db.CreateDbContextAsync())
            firstVersion = await db.ProgrammeVersions.Where(v => v.Number == 1).Select(v => v.Id).SingleAsync();

        var whole = await browser.GetStringAsync("/programme/export");
        var first = await browser.GetStringAsync($"/programme/export?version={firstVersion}");

        Assert.Equal(await Documents.ExportAsync(), whole);
        Assert.Equal(ProgrammeJson.Serialize(ProgrammeTemplates.Minimal), first);
    }

    [Fact]
    public async Task AnAnalyst_CannotImport()
    {
        var analyst = new StaffActor("a", "analyst@test.local", new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, Roles.Analyst)], "test")));

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Documents.ImportAsync(Json(Full), analyst, null));
        await using var db = await Db.CreateDbContextAsync();
        Assert.False(await db.CouponTemplates.AnyAsync());
    }
}
