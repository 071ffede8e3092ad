using System.Globalization;
using Bunit;
using LoyaltyAdmin.Features.Imports;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using static LoyaltyAdmin.Tests.Features.Imports.ImportFiles;

namespace LoyaltyAdmin.Tests.Features.Imports;

/// <summary>The import panel as the owner uses it: upload, read the dry run's bad rows, fix, upload again, apply.</summary>
public sealed class ImportPanelTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();
    private readonly BunitContext ctx = new();
    private readonly CultureInfo before = CultureInfo.CurrentUICulture;

    public ImportPanelTests()
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        ctx.Services.AddLocalization();
    }

    public async Task InitializeAsync()
    {
        await f.ManagerStoreAsync();
        await f.UseProgrammeAsync(LoyaltyAdmin.Rules.ProgrammeTemplates.TeaShop);
    }

    public async Task DisposeAsync()
    {
        CultureInfo.CurrentUICulture = before;
        await ctx.DisposeAsync();
        await f.DisposeAsync();
    }

    private IRenderedComponent<ImportPanel<MemberImportRow>> Render()
    {
        var import = f.Get<MemberImportService>();
        return ctx.Render<ImportPanel<MemberImportRow>>(p => p
            .Add(x => x.Name, "members").Add(x => x.Help, "help").Add(x => x.TemplateHref, "/members/import/members-template.xlsx")
            .Add(x => x.MaxFileBytes, MemberImportService.MaxFileBytes)
            .Add(x => x.Preview, (s, n) => import.PreviewAsync(MembersFixture.Owner, s, n))
            .Add(x => x.Apply, (preview, progress) => import.ApplyAsync(MembersFixture.Owner, preview, progress)));
    }

    private static void Upload(IRenderedComponent<ImportPanel<MemberImportRow>> panel, params string[] rows) =>
        panel.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(ImportFiles.Members(rows).ToArray(), "members.csv"));

    [Theory]
    [InlineData("en", "1 rows cannot be imported", "No store \"S999\"", "Imported 2 rows")]
    [InlineData("zh-Hans", "1 行无法导入", "没有门店“S999”", "已导入 2 行")]
    public async Task TheOwnerSeesTheBadRows_FixesThem_AndImportsAllAtOnce(string culture, string badRows, string reason, string imported)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        var panel = Render();

        Upload(panel, Member(1), Member(2).Replace(",S001,", ",S999,"));
        panel.WaitForAssertion(() => Assert.Contains(badRows, panel.Find("[data-testid=members-dry-run]").TextContent));
        Assert.Contains(reason, panel.Find("[data-testid=members-problems]").TextContent);
        Assert.Empty(panel.FindAll("[data-testid=members-apply]"));

        Upload(panel, Member(1), Member(2));
        panel.WaitForAssertion(() => panel.Find("[data-testid=members-apply]"));
        await panel.InvokeAsync(() => panel.Find("[data-testid=members-apply]").Click());

        panel.WaitForAssertion(() => Assert.Contains(imported, panel.Find("[data-testid=members-outcome]").TextContent));
        await using var db = f.NewContext();
        Assert.Equal(2, await db.Members.CountAsync());
    }
}
