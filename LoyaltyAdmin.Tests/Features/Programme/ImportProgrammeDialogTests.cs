using Bunit;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LoyaltyAdmin.Tests.Features.Programme;

public sealed class ImportProgrammeDialogTests : ComponentTestBase
{
    private static readonly DocumentPreview Preview = new(ProgrammeDocumentSamples.Full, null, [],
        [
            new DiffLine(DiffKind.Changed, "name", "Tea shop", "Tea shop 2027"),
            new DiffLine(DiffKind.Added, "couponTemplates[Half off]", null, "Half off"),
            new DiffLine(DiffKind.Changed, "couponTemplates[¥10 off].stock", "1000", "2000"),
            new DiffLine(DiffKind.Changed, "catalogue[MUG].active", "true", "false"),
        ],
        [
            new SectionSummary("programme", true, 0, 1, 0),
            new SectionSummary("couponTemplates", true, 1, 1, 0),
            new SectionSummary("couponPacks", true, 0, 0, 0),
            new SectionSummary("referralCampaigns", false, 0, 0, 0),
            new SectionSummary("catalogue", true, 0, 0, 1),
        ]);

    private async Task<IRenderedComponent<MudDialogProvider>> ShowAsync(DocumentPreview preview)
    {
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<ImportProgrammeDialog>("Import", new DialogParameters<ImportProgrammeDialog> { { d => d.Preview, preview } }));
        return provider;
    }

    private static string Cell(IRenderedComponent<MudDialogProvider> dialog, string section, string column) =>
        dialog.Find($"[data-testid=import-summary] tr[data-section={section}] [data-testid={column}]").TextContent.Trim();

    [Fact]
    public async Task TheSummary_SaysPerSectionWhatIsAddedChangedAndDeactivated_BeforeAnythingIsApplied()
    {
        using var culture = new CultureScope("en");

        var dialog = await ShowAsync(Preview);

        Assert.Equal("1", Cell(dialog, "couponTemplates", "added"));
        Assert.Equal("1", Cell(dialog, "couponTemplates", "changed"));
        Assert.Equal("1", Cell(dialog, "catalogue", "deactivated"));
        Assert.Contains("left as it is", dialog.Find("tr[data-section=referralCampaigns]").TextContent);
        Assert.Contains("No change", dialog.Find("tr[data-section=couponPacks]").TextContent);
        Assert.Contains("couponTemplates[¥10 off].stock", dialog.Find("[data-testid=changes]").TextContent);
        Assert.False(dialog.Find("[data-testid=apply-import]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task InChinese_TheSectionsHaveChineseNames()
    {
        using var culture = new CultureScope("zh-Hans");

        var dialog = await ShowAsync(Preview);

        Assert.Contains("优惠券模板", dialog.Find("tr[data-section=couponTemplates]").TextContent);
        Assert.Contains("保持不变", dialog.Find("tr[data-section=referralCampaigns]").TextContent);
    }

    [Fact]
    public async Task ADocumentWithErrors_ListsThemWithTheirPaths_AndCannotBeApplied()
    {
        using var culture = new CultureScope("en");

        var dialog = await ShowAsync(Preview with { Errors = [new DocumentError("couponTemplates[2].amount", "The amount off must be more than 0.")] });

        Assert.Contains("couponTemplates[2].amount", dialog.Find("[data-testid=import-errors]").TextContent);
        Assert.Empty(dialog.FindAll("[data-testid=import-summary]"));
        Assert.True(dialog.Find("[data-testid=apply-import]").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData("programme")]
    [InlineData("couponTemplates")]
    [InlineData("couponPacks")]
    [InlineData("referralCampaigns")]
    [InlineData("catalogue")]
    public void EverySectionName_HasEnglishAndChineseText(string section) => Localizers.AssertEnglishAndChinese<ProgrammeText>("Section." + section);
}
