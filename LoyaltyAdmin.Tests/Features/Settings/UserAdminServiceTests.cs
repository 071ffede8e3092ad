using System.Net;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Settings;

public sealed class UserAdminServiceTests : HostedTest
{
    private UserAdminService Users => Service<UserAdminService>();
    private SettingsService Settings => Service<SettingsService>();

    [Fact]
    public async Task NewStoreManager_GetsAOneTimePassword_ThatWorksOnceAndMustBeChanged()
    {
        var store = new StoreModel { Code = "SH-01", Name = "Jing'an" };
        await Settings.SaveStoreAsync(store);

        var saved = await Users.SaveAsync(new UserModel { Email = "li@shop.cn", DisplayName = "Li Na", Role = Roles.StoreManager, StoreId = store.Id });

        Assert.True(saved.Result.Succeeded);
        Assert.NotNull(saved.OneTimePassword);
        var row = (await Users.ListAsync()).Single(u => u.Email == "li@shop.cn");
        Assert.Equal(Roles.StoreManager, row.Role);
        Assert.Equal("Jing'an", row.StoreName);
        var client = Host.CreateBrowserlessClient();
        var signIn = await client.SignInAsync("li@shop.cn", saved.OneTimePassword!);
        Assert.Equal("/Account/ChangePassword", signIn.RedirectPath());
    }

    [Fact]
    public async Task StoreManagerWithoutStore_AndDuplicateEmail_AreRefused()
    {
        var noStore = await Users.SaveAsync(new UserModel { Email = "a@shop.cn", DisplayName = "A", Role = Roles.StoreManager });
        var duplicate = await Users.SaveAsync(new UserModel { Email = AppHost.OwnerEmail, DisplayName = "B", Role = Roles.Analyst });
        var badEmail = await Users.SaveAsync(new UserModel { Email = "not-an-email", DisplayName = "C", Role = Roles.Analyst });

        Assert.Equal("A store manager needs a store.", noStore.Result.For(nameof(UserModel.StoreId)));
        Assert.Equal("Another account already uses this email.", duplicate.Result.For(nameof(UserModel.Email)));
        Assert.Equal("Enter a valid email address.", badEmail.Result.For(nameof(UserModel.Email)));
        Assert.Single(await Users.ListAsync());
    }

    [Fact]
    public async Task TheLastOwner_CannotBeDisabledOrDemoted()
    {
        var owner = (await Users.ListAsync()).Single();
        var other = await Host.CreateUserAsync("analyst@shop.cn", Roles.Analyst);

        var disable = await Users.SetDisabledAsync(owner.Id, true, other.Id);
        var demote = await Users.SaveAsync(new UserModel { Id = owner.Id, Email = owner.Email, DisplayName = owner.DisplayName, Role = Roles.Analyst });
        var self = await Users.SetDisabledAsync(owner.Id, true, owner.Id);

        Assert.Equal("There must always be at least one active owner.", disable.For(""));
        Assert.Equal("There must always be at least one active owner.", demote.Result.For(nameof(UserModel.Role)));
        Assert.Equal("You cannot disable your own account.", self.For(""));
    }

    [Fact]
    public async Task DisablingAUser_StopsTheirSignIn_AndEnablingRestoresIt()
    {
        var analyst = await Host.CreateUserAsync("analyst@shop.cn", Roles.Analyst);
        var owner = (await Users.ListAsync()).Single(u => u.Role == Roles.Owner);

        Assert.True((await Users.SetDisabledAsync(analyst.Id, true, owner.Id)).Succeeded);
        var refused = await Host.CreateBrowserlessClient().SignInAsync("analyst@shop.cn", AppHost.StandardPassword);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.True((await Users.ListAsync()).Single(u => u.Id == analyst.Id).IsDisabled);

        Assert.True((await Users.SetDisabledAsync(analyst.Id, false, owner.Id)).Succeeded);
        var accepted = await Host.CreateBrowserlessClient().SignInAsync("analyst@shop.cn", AppHost.StandardPassword);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
    }

    [Fact]
    public async Task ChangingARole_AppliesFromTheNextSignIn()
    {
        var analyst = await Host.CreateUserAsync("analyst@shop.cn", Roles.Analyst);
        var client = Host.CreateBrowserlessClient();
        await client.SignInAsync("analyst@shop.cn", AppHost.StandardPassword);
        Assert.Equal("/Account/AccessDenied", (await client.GetAsync("/settings/stores")).RedirectPath().Split('?')[0]);

        await Users.SaveAsync(new UserModel { Id = analyst.Id, Email = analyst.Email!, DisplayName = "Promoted", Role = Roles.Owner });

        await using var check = Host.Services.CreateAsyncScope();
        var users = check.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True(await users.IsInRoleAsync((await users.FindByIdAsync(analyst.Id))!, Roles.Owner));
        var relogged = Host.CreateBrowserlessClient();
        await relogged.SignInAsync("analyst@shop.cn", AppHost.StandardPassword);
        Assert.Equal(HttpStatusCode.OK, (await relogged.GetAsync("/settings/stores")).StatusCode);
    }
}
