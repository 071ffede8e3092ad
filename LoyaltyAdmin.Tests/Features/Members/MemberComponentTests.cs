using Bunit;
using LoyaltyAdmin.Features.Members;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor;
using MudBlazor.Services;

namespace LoyaltyAdmin.Tests.Features.Members;

public sealed class MemberComponentTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();
    private readonly BunitContext ctx = new();

    public MemberComponentTests()
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        ctx.Services.AddLocalization();
        ctx.Services.AddSingleton(f.Ledger);
        ctx.Services.AddSingleton(f.Get<IOptions<MembersOptions>>());
        ctx.Services.AddSingleton(f.Get<MemberService>());
        ctx.Services.AddSingleton(ActivatorUtilities.CreateInstance<LoyaltyAdmin.Features.Settings.SettingsService>(f.Services));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await ctx.DisposeAsync();
        await f.DisposeAsync();
    }

    [Fact]
    public void ProgressBar_ShowsTheBadge_ThePercentage_AndWhatIsMissing()
    {
        var view = new TierProgressView("Silver", "#C0C0C0", "Gold", 60, "spend ¥400 more or 2 more referrals to reach Gold");

        var cut = ctx.Render<TierProgressBar>(p => p.Add(c => c.Progress, view));

        Assert.Equal("Silver", cut.Find("[data-testid=tier-badge]").TextContent.Trim());
        Assert.Contains("Gold", cut.Markup);
        Assert.Equal("60", cut.Find("[data-testid=tier-bar]").GetAttribute("aria-valuenow"));
        Assert.Equal(view.Text, cut.Find("[data-testid=tier-missing]").TextContent.Trim());
    }

    [Fact]
    public void ProgressFigures_FromTheEngine_UseTheBestPlacedCondition()
    {
        var progress = MemberService.Progress(LoyaltyAdmin.Rules.ProgrammeTemplates.TeaShop, "silver", new LoyaltyAdmin.Rules.QualificationStats(LifetimeSpend: 600m, SuccessfulReferrals: 1), "¥");

        Assert.Equal(("Silver", "Gold", 60), (progress.TierName, progress.NextTierName, progress.Percent));
        Assert.Contains("400", progress.Text);
    }

    [Fact]
    public async Task AdjustDialog_SavedEmpty_ShowsFieldMessages_AndWritesNothing()
    {
        var id = await f.AddStoreMemberAsync();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<AdjustPointsDialog>
        {
            { d => d.Model, new AdjustPointsModel { MemberId = id } },
            { d => d.Actor, MembersFixture.Manager },
        };
        await provider.InvokeAsync(() => dialogs.ShowAsync<AdjustPointsDialog>("Adjust", parameters));

        await provider.Find("[data-testid=save-adjust]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        provider.WaitForAssertion(() =>
        {
            Assert.Contains("Enter a number of points other than zero", provider.Markup);
            Assert.Contains("Choose a reason.", provider.Markup);
        });
        Assert.Empty(await f.EntriesAsync(id));
    }

    [Fact]
    public async Task AdjustDialog_Deduction_BeyondTheBalance_SaysHowMuchIsAvailable()
    {
        var id = await f.AddStoreMemberAsync();
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<AdjustPointsDialog>
        {
            { d => d.Model, new AdjustPointsModel { MemberId = id, Points = -50, Reason = AdjustmentReason.Correction } },
            { d => d.Actor, MembersFixture.Manager },
        };
        await provider.InvokeAsync(() => dialogs.ShowAsync<AdjustPointsDialog>("Adjust", parameters));

        await provider.Find("[data-testid=save-adjust]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        provider.WaitForAssertion(() => Assert.Contains("only 0 points are available", provider.Markup));
        await using var db = f.NewContext();
        Assert.False(await db.AuditLog.AnyAsync());
    }

    [Fact]
    public async Task ProfileDialog_ANameWithAHiddenOverride_IsAFieldError_AndRegistersNobody()
    {
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<MemberProfileDialog>
        {
            { d => d.Model, new MemberProfileModel { Phone = "13800000077", Name = "Li Lei\u202Egpj.exe" } },
            { d => d.Actor, MembersFixture.Owner },
        };
        await provider.InvokeAsync(() => dialogs.ShowAsync<MemberProfileDialog>("Register", parameters));

        await provider.Find("[data-testid=save-member]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        provider.WaitForAssertion(() => Assert.Contains("Must not contain characters that reverse or reorder text", provider.Markup));
        await using var db = f.NewContext();
        Assert.False(await db.Members.AnyAsync());
    }
}
