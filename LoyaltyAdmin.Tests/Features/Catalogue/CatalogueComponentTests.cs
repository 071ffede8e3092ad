using Bunit;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Tests.Features.Members;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LoyaltyAdmin.Tests.Features.Catalogue;

public sealed class CatalogueComponentTests : ComponentTestBase
{
    private readonly MembersFixture f = CatalogueTestData.Fixture();

    public CatalogueComponentTests()
    {
        Context.Services.AddSingleton(f.Get<CatalogueService>());
        Context.Services.AddSingleton(f.Get<RedemptionService>());
        Context.Services.AddSingleton(f.Get<MerchantClock>());
        Context.Services.AddSingleton(f.Get<PointsPaymentService>());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    private async Task<IRenderedComponent<MudDialogProvider>> ShowAsync<TDialog>(DialogParameters<TDialog> parameters) where TDialog : Microsoft.AspNetCore.Components.IComponent
    {
        var provider = Context.Render<MudDialogProvider>();
        var dialogs = Context.Services.GetRequiredService<IDialogService>();
        await provider.InvokeAsync(() => dialogs.ShowAsync<TDialog>("", parameters));
        return provider;
    }

    [Fact]
    public async Task ItemEditor_SavedWithInvalidInput_ShowsFieldMessages_AndSavesNothing()
    {
        var model = new CatalogueItemModel { Code = "bad code!", MemberDay = MemberDayKind.Weekday, MemberDayDiscountPercent = 0 };
        var provider = await ShowAsync(new DialogParameters<CatalogueItemDialog> { { d => d.Model, model }, { d => d.Actor, MembersFixture.Owner } });

        await provider.Find("[data-testid=save-item]").ClickAsync(new MouseEventArgs());

        provider.WaitForAssertion(() =>
        {
            Assert.Contains("Letters, digits, - and _ only", provider.Markup);
            Assert.Contains("Enter a name.", provider.Markup);
            Assert.Contains("Enter 1 to 10000000 points.", provider.Markup);
            Assert.Contains("Enter 1 to 90 percent.", provider.Markup);
        });
        await using var db = f.NewContext();
        Assert.Empty(await db.CatalogueItems.ToListAsync());
    }

    [Fact]
    public async Task ItemEditor_PreviewsTheMemberDayPrice()
    {
        var model = new CatalogueItemModel { Points = 800, MemberDay = MemberDayKind.Weekday, MemberDayWeekday = DayOfWeek.Wednesday, MemberDayDiscountPercent = 20 };

        var provider = await ShowAsync(new DialogParameters<CatalogueItemDialog> { { d => d.Model, model }, { d => d.Actor, MembersFixture.Owner } });

        Assert.Equal("Wed: 800 → 640 points", provider.Find("[data-testid=item-preview]").TextContent.Trim());
    }

    [Fact]
    public async Task RedeemDialog_OnTheMemberDay_ShowsTheDiscountedPrice_AndRedeemsAtIt()
    {
        f.Clock.Now = new DateTimeOffset(2026, 3, 10, 17, 0, 0, TimeSpan.Zero); // Wednesday 01:00 in Shanghai
        var memberId = await CatalogueTestData.MemberWithPointsAsync(f, "13800000001", 1000);
        await CatalogueTestData.ItemAsync(f.DbFactory, "TOTE", 800, memberDay: DayOfWeek.Wednesday, discount: 20);
        var provider = await ShowAsync(new DialogParameters<MemberRedeemDialog>
        {
            { d => d.MemberId, memberId }, { d => d.Actor, MembersFixture.Manager }, { d => d.AvailablePoints, 1000L },
        });

        provider.WaitForAssertion(() =>
        {
            var price = provider.Find("[data-testid=redeem-price]").TextContent;
            Assert.Contains("640 points", price);
            Assert.Contains("20% fewer points (regular price 800)", price);
            Assert.Contains("Balance after: 360", price);
        });
        await provider.Find("[data-testid=redeem-confirm]").ClickAsync(new MouseEventArgs());

        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll("[data-testid=redeem-confirm]"))); // closed on success
        Assert.Equal(360, (await f.MemberAsync(memberId)).PointsBalance);
    }

    [Fact]
    public async Task RedeemDialog_WithTooFewPoints_SaysHowManyAreAvailable_AndCannotConfirm()
    {
        var memberId = await CatalogueTestData.MemberWithPointsAsync(f, "13800000002", 500);
        await CatalogueTestData.ItemAsync(f.DbFactory, "TUMBLER", 1500);

        var provider = await ShowAsync(new DialogParameters<MemberRedeemDialog>
        {
            { d => d.MemberId, memberId }, { d => d.Actor, MembersFixture.Manager }, { d => d.AvailablePoints, 500L },
        });

        provider.WaitForAssertion(() => Assert.Contains("Not enough available points: 500 available.", provider.Find("[data-testid=redeem-price]").TextContent));
        Assert.True(provider.Find("[data-testid=redeem-confirm]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task PointsPaymentDialog_PreviewsWhatAHundredYuanOrderAccepts()
    {
        var model = new PointsPaymentModel { Enabled = true, PointsPerUnit = 100, MinimumPoints = 100, MaxSharePercent = 50 };

        var provider = await ShowAsync(new DialogParameters<PointsPaymentDialog> { { d => d.Model, model }, { d => d.Actor, MembersFixture.Owner } });

        Assert.Equal("100 points = ¥1; at least 100 points; at most 50% of an order: on ¥100, at most 5,000 points = ¥50.",
            provider.Find("[data-testid=payment-preview]").TextContent.Trim());
    }
}
