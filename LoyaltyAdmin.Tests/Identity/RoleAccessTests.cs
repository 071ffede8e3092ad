using System.Net;
using System.Reflection;
using LoyaltyAdmin.Components.Layout;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace LoyaltyAdmin.Tests.Identity;

public sealed class RoleAccessTests : IClassFixture<RoleAccessTests.Host>
{
    private readonly Host fixture;

    public RoleAccessTests(Host fixture) => this.fixture = fixture;

    public static TheoryData<string, string> RolesAndPages()
    {
        var data = new TheoryData<string, string>();
        foreach (var role in Roles.All)
            foreach (var item in NavCatalog.Items)
                data.Add(role, item.Href);
        return data;
    }

    [Theory]
    [MemberData(nameof(RolesAndPages))]
    public async Task EachRole_OpensItsPages_AndIsRefusedOnTheServerElsewhere(string role, string path)
    {
        var client = await fixture.SignedInClientAsync(role);
        var permission = NavCatalog.Items.Single(i => i.Href == path).Permission;
        var allowed = Permissions.Grants[permission].Contains(role);

        var response = await client.GetAsync(path);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/Account/AccessDenied", response.RedirectPath());
            var denied = await client.GetAsync(response.Headers.Location);
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }
    }

    [Theory]
    [InlineData(Roles.Analyst, "/settings/users")]
    [InlineData(Roles.StoreManager, "/settings/merchant")]
    [InlineData(Roles.StoreManager, "/settings/users")]
    public async Task NonOwners_CannotOpenSettings(string role, string path)
    {
        var client = await fixture.SignedInClientAsync(role);

        var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.RedirectPath());
    }

    [Fact]
    public void EveryRoutablePage_DeclaresWhoMayOpenIt()
    {
        var pages = typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t) && t.GetCustomAttributes<RouteAttribute>().Any())
            .ToList();

        Assert.NotEmpty(pages);
        var undeclared = pages
            .Where(p => p.GetCustomAttribute<AuthorizeAttribute>() is null && p.GetCustomAttribute<AllowAnonymousAttribute>() is null)
            .Select(p => p.FullName)
            .ToList();
        Assert.Empty(undeclared);
    }

    public sealed class Host : IAsyncLifetime
    {
        private readonly Dictionary<string, HttpClient> clients = [];

        public AppHost App { get; } = new();

        public async Task InitializeAsync()
        {
            App.CreateBrowserlessClient().Dispose(); // starts the host: migrations and the Owner
            await App.CreateUserAsync("manager@test.local", Roles.StoreManager);
            await App.CreateUserAsync("analyst@test.local", Roles.Analyst);
        }

        public async Task<HttpClient> SignedInClientAsync(string role)
        {
            if (clients.TryGetValue(role, out var existing))
                return existing;
            var (email, password) = role switch
            {
                Roles.Owner => (AppHost.OwnerEmail, AppHost.OwnerPassword),
                Roles.StoreManager => ("manager@test.local", AppHost.StandardPassword),
                _ => ("analyst@test.local", AppHost.StandardPassword),
            };
            var client = App.CreateBrowserlessClient();
            var response = await client.SignInAsync(email, password);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            return clients[role] = client;
        }

        public async Task DisposeAsync() => await App.DisposeAsync();
    }
}
