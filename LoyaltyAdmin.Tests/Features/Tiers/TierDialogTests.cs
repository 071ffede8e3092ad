using Bunit;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Tiers;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Members;
using LoyaltyAdmin.Tests.Features.Programme;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LoyaltyAdmin.Tests.Features.Tiers;

/// <summary>The save dialog's dry run and the set-tier dialog, rendered with the app's own services over its database.</summary>
public sealed class TierDialogTests : ComponentTestBase
{
    private readonly AppHost host = new();
    private readonly CultureScope culture = new("en");
    private long member;

    public override async Task InitializeAsync()
    {
        host.CreateBrowserlessClient().Dispose();
        await host.Services.GetRequiredService<ProgrammeStore>().SaveVersionAsync(ProgrammeTemplates.TeaShop, DateTime.UtcNow.AddMinutes(-1));
        await using var db = await host.Services.CreateTestContextAsync();
        // Members were qualified under the tea shop (the first version, of the new installation, is behind them).
        await db.ProgrammeVersions.ExecuteUpdateAsync(s => s.SetProperty(v => v.RecalculationPending, false));
        var m = new Member
        {
            Phone = "13800000001", Name = "Li Lei", ReferralCode = "R0000001", TierCode = "regular", LifetimeSpend = 160m, JoinedAtUtc = DateTime.UtcNow,
            TierSince = DateOnly.FromDateTime(DateTime.UtcNow),
        };
        db.Members.Add(m);
        await db.SaveChangesAsync();
        member = m.Id;
        Context.Services.AddSingleton(host.Services.GetRequiredService<TierDryRunService>());
        Context.Services.AddSingleton(host.Services.GetRequiredService<TierOverrideService>());
    }

    public override async Task DisposeAsync()
    {
        culture.Dispose();
        await base.DisposeAsync();
        await host.DisposeAsync();
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Dialog)> OpenSaveAsync(LoyaltyAdmin.Rules.Programme draft)
    {
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        var dialog = await provider.InvokeAsync(() => dialogs.ShowAsync<SaveProgrammeDialog>("Save", new DialogParameters<SaveProgrammeDialog>
        {
            { d => d.Changes, [] }, { d => d.Draft, draft }, { d => d.Actor, MembersFixture.Owner },
        }));
        return (provider, dialog);
    }

    [Fact]
    public async Task SavingAThresholdChange_ShowsWhoWouldMovePerTier_TheList_AndOffersSaveAndRecalculate()
    {
        var (provider, dialog) = await OpenSaveAsync(TierRecalculationTests.Changed(ProgrammeTemplates.TeaShop));

        provider.WaitForElement("[data-testid=dry-run]");
        Assert.Contains("move 1 member(s) up and 0 down, of 1", provider.Find("[data-testid=dry-run-total]").TextContent);
        Assert.Equal("1", provider.Find("[data-testid=dry-run-up-regular]").TextContent.Trim());
        Assert.StartsWith("/programme/dry-run/", provider.Find("[data-testid=dry-run-download]").GetAttribute("href"));
        await provider.Find("[data-testid=confirm-save-recalculate]").ClickAsync(new());

        var result = await dialog.Result;
        Assert.Equal(new SaveChoice("", true), result!.Data);
    }

    [Fact]
    public async Task SavingAChangeThatDecidesNoTier_HasNoDryRun_AndSavesWithoutRecalculating()
    {
        var (provider, dialog) = await OpenSaveAsync(ProgrammeTemplates.TeaShop with { Name = "Renamed" });

        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=dry-run-checking]")));
        Assert.Empty(provider.FindAll("[data-testid=dry-run]"));
        Assert.Empty(provider.FindAll("[data-testid=confirm-save-recalculate]"));
        await provider.Find("[data-testid=confirm-save]").ClickAsync(new());

        Assert.Equal(new SaveChoice("", false), (await dialog.Result)!.Data);
    }

    [Fact]
    public async Task SetTierDialog_WithoutAReason_SaysSoOnTheField_WithOne_SetsTheTier()
    {
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        var model = new SetTierModel { MemberId = member, TierCode = "gold", Until = DateTime.UtcNow.Date.AddDays(60) };
        var dialog = await provider.InvokeAsync(() => dialogs.ShowAsync<SetTierDialog>("Set tier", new DialogParameters<SetTierDialog>
        {
            { d => d.Model, model }, { d => d.Actor, MembersFixture.Owner },
            { d => d.Tiers, [.. ProgrammeTemplates.TeaShop.Tiers.Select(t => new TierOption(t.Code, t.Name, t.Colour))] },
        }));

        await provider.WaitForElement("[data-testid=set-tier-save]").ClickAsync(new());
        provider.WaitForAssertion(() => Assert.Contains("Required", provider.Find(".mud-input-control.mud-input-error").TextContent));
        await using (var db = await host.Services.CreateTestContextAsync())
            Assert.Equal("regular", (await db.Members.SingleAsync(m => m.Id == member)).TierCode);

        provider.Find("input[data-testid=set-tier-reason]").Change("Partner café staff");
        await provider.Find("[data-testid=set-tier-save]").ClickAsync(new());

        Assert.False((await dialog.Result)!.Canceled);
        await using var check = await host.Services.CreateTestContextAsync();
        var saved = await check.Members.SingleAsync(m => m.Id == member);
        Assert.Equal(("gold", "Partner café staff"), (saved.TierCode, saved.TierOverrideReason));
    }
}
