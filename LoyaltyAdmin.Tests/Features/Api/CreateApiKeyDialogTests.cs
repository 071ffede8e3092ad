using Bunit;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Api;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Tests.Features.Programme;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LoyaltyAdmin.Tests.Features.Api;

public sealed class CreateApiKeyDialogTests : ComponentTestBase
{
    private readonly AppHost host = new();
    private readonly CultureScope culture = new("en");

    public override async Task InitializeAsync()
    {
        host.CreateBrowserlessClient().Dispose();
        var factory = host.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        db.Stores.Add(new Store { Code = "SH01", Name = "Jing'an", CreatedAtUtc = DateTime.UtcNow });
        await db.SaveChangesAsync();
        Context.Services.AddSingleton(host.Services.GetRequiredService<ApiKeyService>());
    }

    public override async Task DisposeAsync()
    {
        culture.Dispose();
        await base.DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task CreatingAKey_ShowsThePlainKeyOnce_WhileOnlyItsHashIsStored()
    {
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<CreateApiKeyDialog>("Create key",
            new DialogParameters<CreateApiKeyDialog> { { d => d.Actor, StaffActor.System("owner") } }));

        provider.WaitForElement("[data-testid=key-name]").Change("Mini-program backend");
        await provider.Find("[data-testid=save-key]").ClickAsync(new());

        var shown = provider.WaitForElement("[data-testid=new-key]").GetAttribute("value")!;
        Assert.StartsWith(ApiKeyHasher.KeyPrefix, shown);
        Assert.Contains("only this once", provider.Markup);
        var row = Assert.Single(await host.Services.GetRequiredService<ApiKeyService>().ListAsync(StaffActor.System()));
        Assert.Equal("Mini-program backend", row.Name);
        Assert.Equal("SH01", row.StoreCode);
        Assert.StartsWith(row.Prefix, shown, StringComparison.Ordinal);
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        Assert.Equal(ApiKeyHasher.Hash(shown), (await db.ApiKeys.SingleAsync()).Hash);
    }

    [Fact]
    public async Task ANamelessKey_IsAFieldError_AndNoKeyIsShown()
    {
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<CreateApiKeyDialog>("Create key",
            new DialogParameters<CreateApiKeyDialog> { { d => d.Actor, StaffActor.System("owner") } }));

        await provider.WaitForElement("[data-testid=save-key]").ClickAsync(new());

        Assert.Contains("Give the key a name", provider.Markup);
        Assert.Empty(provider.FindAll("[data-testid=new-key]"));
    }
}
