using Bunit;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Coupons;

/// <summary>The till's write-off screen in each state a cashier meets.</summary>
public sealed class WriteOffPageTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons());
    private readonly BunitContext ctx = new();

    public WriteOffPageTests()
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        ctx.Services.AddLocalization();
        ctx.Services.AddSingleton(f.Get<CouponWriteOff>());
        ctx.Services.AddSingleton(f.Get<MerchantClock>());
        ctx.AddAuthorization().SetAuthorized("owner@shop.test").SetRoles(Roles.Owner);
    }

    public async Task InitializeAsync()
    {
        await using var db = f.NewContext();
        db.Stores.Add(new Store { Code = "S01", Name = "People's Square" });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await ctx.DisposeAsync();
        await f.DisposeAsync();
    }

    private async Task<string> CouponAsync(decimal? minimum = null, Channel? channel = null, int validDays = 30)
    {
        var template = await CouponSeed.TemplateAsync(f.DbFactory, "¥10 off", amount: 10, minimumSpend: minimum, channel: channel, validDays: validDays);
        var member = await f.AddMemberAsync();
        var result = await f.Get<LoyaltyAdmin.Data.WritePipeline>().RunAsync(scope =>
            f.Get<CouponIssuer>().IssueTemplateAsync(scope, member, template, 1, CouponSource.Manual, "t", scope.NowUtc, default));
        return result.Codes[0];
    }

    private IRenderedComponent<WriteOffPage> Check(string code, decimal amount)
    {
        var page = ctx.Render<WriteOffPage>();
        page.WaitForElement("[data-testid=writeoff-code]").Input(code);
        page.Find("[data-testid=writeoff-amount]").Change(amount.ToString(System.Globalization.CultureInfo.InvariantCulture));
        page.Find("[data-testid=writeoff-check]").Click();
        page.WaitForElement("[data-testid=writeoff-result]");
        return page;
    }

    private static string Outcome(IRenderedComponent<WriteOffPage> page) => page.Find("[data-testid=writeoff-result]").GetAttribute("data-outcome")!;

    [Fact]
    public void An_UnknownCode_SaysSo()
    {
        var page = Check("ABCDEFGHJKMN", 50m);

        Assert.Equal(nameof(WriteOffOutcome.NotFound), Outcome(page));
        Assert.Contains("No coupon has this code", page.Find("[data-testid=writeoff-reason]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=writeoff-redeem]"));
    }

    [Fact]
    public async Task A_ValidCoupon_ShowsItsChecksAndTheDiscount_AndOffersRedeem()
    {
        var code = await CouponAsync(minimum: 50);

        var page = Check(code, 58m);

        Assert.Equal(nameof(WriteOffOutcome.Valid), Outcome(page));
        Assert.Contains("¥10", page.Find("[data-testid=writeoff-discount]").TextContent);
        Assert.Equal(5, page.FindAll("[data-testid^=check-]").Count);
        Assert.Single(page.FindAll("[data-testid=writeoff-redeem]"));
    }

    [Fact]
    public async Task A_CouponForAnotherChannel_IsRefused_WithTheChannelItIsFor()
    {
        var code = await CouponAsync(channel: Channel.MiniProgram);

        var page = Check(code, 58m);

        Assert.Equal(nameof(WriteOffOutcome.NotValid), Outcome(page));
        Assert.Contains("mini-program only", page.Find("[data-testid=writeoff-reason]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=writeoff-redeem]"));
    }

    [Fact]
    public async Task An_OrderBelowTheMinimumSpend_IsRefused_SayingHowMuchIsMissing()
    {
        var code = await CouponAsync(minimum: 50);

        var page = Check(code, 45m);

        Assert.Equal(nameof(WriteOffOutcome.NotValid), Outcome(page));
        Assert.Contains("¥5", page.Find("[data-testid=writeoff-reason]").TextContent);
    }

    [Fact]
    public async Task An_ExpiredCoupon_IsRefused_WithItsLastValidDay()
    {
        var code = await CouponAsync(validDays: 1);
        f.Clock.Advance(TimeSpan.FromDays(2));

        var page = Check(code, 58m);

        Assert.Equal(nameof(WriteOffOutcome.NotValid), Outcome(page));
        Assert.Contains("2026-03-10", page.Find("[data-testid=writeoff-reason]").TextContent);
    }

    [Fact]
    public async Task Redeem_WritesOffOnce_AndAnAlreadyRedeemedCouponSaysWhenAndWhere()
    {
        var code = await CouponAsync();
        var page = Check(code, 58m);

        page.Find("[data-testid=writeoff-redeem]").Click();
        page.WaitForElement("[data-testid=writeoff-done]");
        var again = Check(code, 58m);

        Assert.Equal(nameof(WriteOffOutcome.AlreadyRedeemed), Outcome(again));
        Assert.Contains("People's Square", again.Find("[data-testid=writeoff-reason]").TextContent);
        await using var db = f.NewContext();
        Assert.Equal(CouponStatus.Redeemed, (await db.Coupons.SingleAsync()).Status);
    }
}
