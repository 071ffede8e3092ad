using System.Security.Claims;
using Bunit;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Features.Webhooks;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Features.Members;
using LoyaltyAdmin.Tests.Features.Programme;
using LoyaltyAdmin.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using MudBlazor.Services;

namespace LoyaltyAdmin.Tests.Features.Webhooks;

/// <summary>The Settings → Webhooks page, its dialogs, the delivery log and the dashboard alert, over real SQLite.</summary>
public sealed class WebhooksPageTests : ComponentTestBase
{
    private readonly CultureScope culture = new("en");
    private WebhooksFixture w = null!;

    public override async Task InitializeAsync()
    {
        w = await WebhooksFixture.StartAsync(allowPrivate: false);
        Context.Services.AddSingleton(w.Service);
        Context.Services.AddSingleton(w.Log);
        Context.Services.AddSingleton(w.Members.Get<MerchantClock>());
        Context.AddAuthorization().SetAuthorized(AppHost.OwnerEmail).SetRoles(Roles.Owner).SetClaims(new Claim(ClaimTypes.NameIdentifier, "owner-1"));
    }

    public override async Task DisposeAsync()
    {
        culture.Dispose();
        await base.DisposeAsync();
        await w.DisposeAsync();
    }

    [Fact]
    public async Task AddingAnEndpoint_ShowsItsSecretOnce_AndListsItSubscribedToEverything()
    {
        var provider = Context.Render<MudDialogProvider>();
        var page = Context.Render<WebhooksPage>();
        page.WaitForAssertion(() => Assert.Contains("No endpoints yet", page.Markup));

        // Not awaited: the page waits for the dialog to close.
        var adding = page.Find("[data-testid=add-endpoint]").ClickAsync(new());
        provider.WaitForElement("[data-testid=endpoint-url]").Change("https://8.8.8.8/hooks/loyalty");
        await provider.Find("[data-testid=save-endpoint]").ClickAsync(new());

        var secret = provider.WaitForElement("[data-testid=endpoint-secret]").GetAttribute("value")!;
        Assert.True(WebhookSecrets.IsValid(secret));
        Assert.Contains("shown only once", provider.Markup);
        await provider.Find("[data-testid=close-endpoint]").ClickAsync(new());
        await adding.WaitAsync(TimeSpan.FromSeconds(10));
        page.WaitForAssertion(() => Assert.Contains("https://8.8.8.8/hooks/loyalty", page.Find("[data-testid=endpoints]").TextContent));
        Assert.Contains("All", page.Find("[data-testid=endpoints]").TextContent);
        Assert.Empty(provider.FindAll("[data-testid=endpoint-secret]")); // gone for good once closed
    }

    [Fact]
    public async Task ALoopbackAddress_IsAFieldError_OutsideDevelopment()
    {
        var provider = Context.Render<MudDialogProvider>();
        var page = Context.Render<WebhooksPage>();

        _ = page.WaitForElement("[data-testid=add-endpoint]").ClickAsync(new()); // the page waits for the dialog to close
        provider.WaitForElement("[data-testid=endpoint-url]").Change("https://127.0.0.1:9000/hook");
        await provider.Find("[data-testid=save-endpoint]").ClickAsync(new());

        provider.WaitForAssertion(() => Assert.Contains("private or loopback network", provider.Markup));
        Assert.Empty(provider.FindAll("[data-testid=endpoint-secret]"));
        Assert.Empty(await w.Service.ListAsync(MembersFixture.Owner));
    }

    [Fact]
    public async Task DeliveryLog_ShowsEachDeliverysOutcome_AndFiltersByStatus()
    {
        await using var open = await WebhooksFixture.StartAsync(); // this one may reach the loopback receiver
        await open.AddEndpointAsync();
        var member = await open.Members.AddMemberAsync("13800000009");
        await open.PublishAsync(BusinessEvents.PointsEarned, member, new { points = 3 });
        await open.Dispatcher.RunUntilIdleAsync();
        await using var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddMudServices(o => o.PopoverOptions.CheckForPopoverProvider = false);
        ctx.Services.AddLocalization();
        ctx.Services.AddSingleton(open.Service);
        ctx.Services.AddSingleton(open.Log);
        ctx.Services.AddSingleton(open.Members.Get<MerchantClock>());
        ctx.AddAuthorization().SetAuthorized(AppHost.OwnerEmail).SetRoles(Roles.Owner).SetClaims(new Claim(ClaimTypes.NameIdentifier, "owner-1"));
        ctx.Render<MudPopoverProvider>();

        var page = ctx.Render<WebhookDeliveriesPage>(); // the first endpoint's log

        page.WaitForAssertion(() => Assert.Equal("Delivered", page.Find("[data-testid=delivery-status]").TextContent.Trim()));
        Assert.Equal("200", page.Find("[data-testid=delivery-code]").TextContent.Trim());
        Assert.Contains("points.earned", page.Find("[data-testid=deliveries]").TextContent);
        Assert.Contains("13800000009", page.Find("[data-testid=deliveries]").TextContent);
        var status = page.FindComponents<MudSelect<WebhookDeliveryStatus?>>().Single();
        await page.InvokeAsync(() => status.Instance.ValueChanged.InvokeAsync(WebhookDeliveryStatus.Failed));
        page.WaitForAssertion(() => Assert.Contains("No deliveries match", page.Markup));
    }

    [Fact]
    public async Task DashboardAlert_TellsTheOwnerAboutAnEndpointDisabledAfterFailing()
    {
        await using (var db = w.NewContext())
        {
            db.WebhookEndpoints.Add(WebhookEndpoint.Create("https://hooks.example.com/x", "", null, true, "p", "owner", w.Clock.GetUtcNow().UtcDateTime));
            await db.SaveChangesAsync();
        }
        await using (var db = w.NewContext())
        {
            var e = db.WebhookEndpoints.Single();
            e.Change(e.Url, "", null, false, w.Clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync();
        }
        var quiet = Context.Render<WebhookAlert>(p => p.Add(x => x.Actor, MembersFixture.Owner));
        Assert.Empty(quiet.FindAll("[data-testid=webhook-alert]")); // the Owner's own choice is no alarm

        await using (var db = w.NewContext())
        {
            var id = db.WebhookEndpoints.Single().Id;
            db.Database.ExecuteSql($"UPDATE WebhookEndpoints SET DisabledReason = 'Failing' WHERE Id = {id}");
        }
        var alert = Context.Render<WebhookAlert>(p => p.Add(x => x.Actor, MembersFixture.Owner));
        alert.WaitForAssertion(() => Assert.Contains("kept failing for 3 days", alert.Find("[data-testid=webhook-alert]").TextContent));
        var analyst = Context.Render<WebhookAlert>(p => p.Add(x => x.Actor, MembersFixture.Analyst));
        Assert.Empty(analyst.FindAll("[data-testid=webhook-alert]"));
    }
}
