using Bunit;
using LoyaltyAdmin.Components.Layout;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Support;

namespace LoyaltyAdmin.Tests.Components;

public sealed class NavMenuTests : ComponentTestBase
{
    [Fact]
    public void Owner_SeesDashboardAndEverySettingsPage()
    {
        var links = RenderLinksFor(Roles.Owner);

        Assert.Contains("/", links);
        Assert.Contains("/settings/merchant", links);
        Assert.Contains("/settings/stores", links);
        Assert.Contains("/settings/users", links);
    }

    [Theory]
    [InlineData(Roles.StoreManager)]
    [InlineData(Roles.Analyst)]
    public void OtherRoles_DoNotSeeSettings(string role)
    {
        var links = RenderLinksFor(role);

        Assert.Contains("/", links);
        Assert.DoesNotContain(links, l => l.StartsWith("/settings", StringComparison.Ordinal));
    }

    [Fact]
    public void SignedOut_SeesNoEntries()
    {
        Context.AddAuthorization();

        var menu = Context.Render<NavMenu>();

        Assert.Empty(menu.FindAll("a"));
    }

    [Fact]
    public void Groups_AreTitledInTheUsersLanguage()
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new("zh-Hans");
        try
        {
            var auth = Context.AddAuthorization();
            auth.SetAuthorized("owner");
            auth.SetRoles(Roles.Owner);

            var menu = Context.Render<NavMenu>();

            Assert.Contains("设置", menu.Markup);
            Assert.Contains("门店", menu.Markup);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    private List<string> RenderLinksFor(string role)
    {
        var auth = Context.AddAuthorization();
        auth.SetAuthorized(role.ToLowerInvariant());
        auth.SetRoles(role);
        var menu = Context.Render<NavMenu>();
        return menu.FindAll("a").Select(a => new Uri(new Uri("http://localhost/"), a.GetAttribute("href")).AbsolutePath).ToList();
    }
}
