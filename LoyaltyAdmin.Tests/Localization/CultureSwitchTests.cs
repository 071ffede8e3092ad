using System.Net;
using LoyaltyAdmin.Tests.Support;

namespace LoyaltyAdmin.Tests.Localization;

public sealed class CultureSwitchTests : IAsyncLifetime
{
    private readonly AppHost host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task SwitchingToChinese_IsRemembered_AndTheSignInPageSpeaksChinese()
    {
        var client = host.CreateBrowserlessClient();

        var switched = await client.GetAsync("/culture/set?culture=zh-Hans&returnUrl=%2FAccount%2FLogin");

        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/Account/Login", switched.RedirectPath());
        var html = await (await client.GetAsync("/Account/Login")).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"zh-Hans\"", html);
        Assert.Contains("登录", html);
        Assert.Contains("保持登录", html);
    }

    [Fact]
    public async Task BrowserLanguage_IsUsedUntilTheUserChooses()
    {
        var client = host.CreateBrowserlessClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN,zh;q=0.9");

        var html = await (await client.GetAsync("/Account/Login")).Content.ReadAsStringAsync();

        Assert.Contains("登录", html);
    }

    [Fact]
    public async Task ChoiceIsSavedOnTheUser_AndRestoredAtTheNextSignIn()
    {
        var first = host.CreateBrowserlessClient();
        await first.SignInAsync(AppHost.OwnerEmail, AppHost.OwnerPassword);
        await first.GetAsync("/culture/set?culture=zh-Hans&returnUrl=%2F");

        var otherBrowser = host.CreateBrowserlessClient();
        var signIn = await otherBrowser.SignInAsync(AppHost.OwnerEmail, AppHost.OwnerPassword);

        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal) && c.Contains("zh-Hans"));
    }

    [Fact]
    public async Task ForeignReturnUrl_IsNotFollowed()
    {
        var response = await host.CreateBrowserlessClient().GetAsync("/culture/set?culture=en&returnUrl=%2F%2Fevil.example");

        Assert.Equal("/", response.RedirectPath());
    }
}
