using System.Net;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Identity;

public sealed class PasswordPolicyTests : IAsyncLifetime
{
    private readonly AppHost host = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public void TheBundledList_HoldsTenThousandCommonPasswords() =>
        Assert.True(CommonPasswordValidator.ListSize >= 10_000, $"{CommonPasswordValidator.ListSize} passwords");

    [Theory]
    [InlineData("Password123")]
    [InlineData("PASSWORD123")]
    [InlineData("Qwerty123456")]
    [InlineData("Sunshine2024!")]
    [InlineData("Iloveyou99")]
    [InlineData("Superman2000")]
    [InlineData("Baseball1234")]
    public async Task ACommonPassword_IsRefused(string password)
    {
        var errors = await CreateAsync("li.na@shop.cn", password);

        Assert.Contains(CommonPasswordValidator.CommonCode, errors);
    }

    [Theory]
    [InlineData("li.na@shop.cn", "Li.Na-Oolong-2468")]
    [InlineData("zhangwei@shop.cn", "Tea4ZHANGWEI")]
    public async Task APasswordContainingTheEmailName_IsRefused(string email, string password)
    {
        var errors = await CreateAsync(email, password);

        Assert.Equal([CommonPasswordValidator.ContainsEmailNameCode], errors);
    }

    [Theory]
    [InlineData("li@shop.cn", "Lichee-Oolong-2468")] // a name under 3 characters is not looked for
    [InlineData("li.na@shop.cn", "Correct-Horse-Battery7")]
    public async Task AnUncommonPassword_WithoutTheEmailName_IsAccepted(string email, string password) =>
        Assert.Empty(await CreateAsync(email, password));

    [Fact]
    public async Task ChangingToACommonPassword_ShowsWhy_AndKeepsTheOldOne()
    {
        var client = host.CreateBrowserlessClient();
        await client.SignInAsync(AppHost.OwnerEmail, AppHost.OwnerPassword);

        var change = await client.SubmitFormAsync("/Account/ChangePassword", new Dictionary<string, string>
        {
            ["Input.Current"] = AppHost.OwnerPassword,
            ["Input.New"] = "Password123",
            ["Input.Confirm"] = "Password123",
        });

        Assert.Equal(HttpStatusCode.OK, change.StatusCode);
        Assert.Contains("This password is one of the most common ones; choose another.", await change.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await host.CreateBrowserlessClient().SignInAsync(AppHost.OwnerEmail, AppHost.OwnerPassword)).StatusCode);
    }

    [Theory]
    [InlineData(CommonPasswordValidator.CommonCode)]
    [InlineData(CommonPasswordValidator.ContainsEmailNameCode)]
    public void TheReasons_AreWrittenInEnglishAndChinese(string code) =>
        Localizers.AssertEnglishAndChinese<LoyaltyAdmin.Resources.Strings>("IdentityError." + code);

    private async Task<IReadOnlyList<string>> CreateAsync(string email, string password)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var result = await users.CreateAsync(new AppUser { UserName = email, Email = email, DisplayName = "Staff" }, password);
        return [.. result.Errors.Select(e => e.Code)];
    }
}
