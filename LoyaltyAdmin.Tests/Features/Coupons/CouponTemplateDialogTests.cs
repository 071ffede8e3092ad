using Bunit;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace LoyaltyAdmin.Tests.Features.Coupons;

public sealed class CouponTemplateDialogTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons());
    private readonly BunitContext ctx = new();

    public CouponTemplateDialogTests()
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        ctx.Services.AddLocalization();
        ctx.Services.AddSingleton(f.Get<CouponService>());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await ctx.DisposeAsync();
        await f.DisposeAsync();
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(CouponTemplateModel model)
    {
        var provider = ctx.Render<MudDialogProvider>();
        var dialogs = ctx.Services.GetRequiredService<IDialogService>();
        var parameters = new DialogParameters<CouponTemplateDialog> { { d => d.Model, model }, { d => d.Actor, MembersFixture.Owner } };
        await provider.InvokeAsync(() => dialogs.ShowAsync<CouponTemplateDialog>("New template", parameters));
        return provider;
    }

    [Fact]
    public async Task The_PreviewCard_ReadsTheCouponAsItIsTyped()
    {
        var provider = await OpenAsync(new CouponTemplateModel { Amount = 5, ValidDays = 7 });
        Assert.Contains("¥5 off, no minimum spend", provider.WaitForElement("[data-testid=coupon-preview-text]").TextContent);

        provider.Find("[data-testid=template-amount]").Input("10");
        provider.Find("[data-testid=template-minimum]").Input("50");

        provider.WaitForAssertion(() => Assert.Equal("¥10 off orders over ¥50 · all channels · valid 7 days",
            provider.Find("[data-testid=coupon-preview-text]").TextContent.Trim()));
    }

    [Fact]
    public async Task Saving_AnAmountOfZero_ShowsTheFieldMessage_AndSavesNothing()
    {
        var provider = await OpenAsync(new CouponTemplateModel { Name = "Nothing off", Amount = 0, ValidDays = 7 });

        await provider.Find("[data-testid=template-save]").ClickAsync(new MouseEventArgs());

        provider.WaitForAssertion(() => Assert.Contains("The amount off must be more than 0.", provider.Markup));
        await using var db = f.NewContext();
        Assert.False(await db.CouponTemplates.AnyAsync());
    }
}
