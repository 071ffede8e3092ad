using System.Net.Http.Json;
using System.Reflection;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Identity;
using LoyaltyAdmin.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

/// <summary>A routable page of the console and who may open it, read from its own declarations.</summary>
public sealed record ConsolePage(string Template, SecurityMatrixTests.Requirement Requirement)
{
    public bool IsAnonymous => Requirement.Kind == SecurityMatrixTests.Access.Open;

    public bool VisibleTo(string role) => !IsAnonymous && Requirement.AllowedRoles.Contains(role);

    public override string ToString() => Template;
}

/// <summary>
/// Every page from the app's route table (as <see cref="SecurityMatrixTests"/> finds them), so a new page is visited
/// without editing the tests; pages with an id are opened on the data of <see cref="ConsoleSeed"/>.
/// </summary>
public static class ConsolePages
{
    public static IReadOnlyList<ConsolePage> All { get; } = typeof(Program).Assembly.GetTypes()
        .Where(t => typeof(IComponent).IsAssignableFrom(t))
        .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => new ConsolePage(r.Template, SecurityMatrixTests.Requirement.Of(t.GetCustomAttributes(inherit: true)))))
        .OrderBy(p => p.Template, StringComparer.OrdinalIgnoreCase)
        .ToList();

    public static IReadOnlyList<ConsolePage> VisibleTo(string role) => [.. All.Where(p => p.VisibleTo(role))];

    /// <summary>The address to open: the template itself, or the template with the seeded record's id.</summary>
    public static string PathOf(ConsolePage page, ConsoleSeed seed) => page.Template switch
    {
        "/members/{Id:long}" => $"/members/{seed.MemberId}",
        "/campaigns/referrals/{Id:long}" => $"/campaigns/referrals/{seed.CampaignId}",
        // No automation is seeded: the page's frame is checked here, its figures by CampaignPagesTests.
        "/campaigns/automations/{Id:long}/results" => "/campaigns/automations/0/results",
        var t when !t.Contains('{') => t,
        var t => throw new Xunit.Sdk.XunitException($"{t} takes a parameter: give it seeded data in {nameof(ConsoleSeed)} and a case in {nameof(PathOf)}."),
    };

    /// <summary>
    /// Opens the page and waits until it shows its title (an <c>h1</c>, which every page has) and its grids have
    /// loaded; the interactive console also waits for its circuit.
    /// </summary>
    public static async Task OpenAndSettleAsync(this IPage page, LiveApp app, string path)
    {
        await page.GotoAsync(app.Url(path));
        if (await page.Locator(".mud-layout").CountAsync() > 0)
            await page.WaitForInteractivityAsync();
        await Assertions.Expect(page.Locator("h1").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".mud-table-loading-progress, .mud-skeleton")).ToHaveCountAsync(0);
    }
}

/// <summary>
/// What the page-by-page journeys need: a store with its StoreManager and an Analyst, one member of that store with
/// purchases posted by the till (so the ledger, dashboard and charts have figures) and a referral campaign, paused so
/// it rewards nobody in the other journeys sharing the app.
/// </summary>
public sealed record ConsoleSeed(long MemberId, long CampaignId)
{
    public const string StoreCode = "A11Y-01";
    public const string ManagerEmail = "manager@a11y.local";
    public const string AnalystEmail = "analyst@a11y.local";
    public const string MemberPhone = "13912340001";

    /// <summary>Long enough to wrap on a phone: the member page must not break it one character per line.</summary>
    public const string MemberName = "欧阳晓琳 Olivia Ouyang-Whitfield";

    public static async Task<ConsoleSeed> EnsureAsync(LiveApp app)
    {
        await using (var db = app.Database.CreateContext())
        {
            if (!await db.Stores.AnyAsync(s => s.Code == StoreCode))
                await CreateAsync(app, db);
        }
        await using var read = app.Database.CreateContext();
        var member = await read.Members.SingleAsync(m => m.Phone == MemberPhone);
        var campaign = await read.ReferralCampaigns.SingleAsync(c => c.Name == "A11Y referral week");
        return new ConsoleSeed(member.Id, campaign.Id);
    }

    public static (string Email, string Password) AccountOf(string role) => role switch
    {
        Roles.Owner => (AppHost.OwnerEmail, AppHost.OwnerPassword),
        Roles.StoreManager => (ManagerEmail, AppHost.StandardPassword),
        Roles.Analyst => (AnalystEmail, AppHost.StandardPassword),
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, null),
    };

    private static async Task CreateAsync(LiveApp app, LoyaltyAdmin.Data.LoyaltyDbContext db)
    {
        var store = new LoyaltyAdmin.Features.Settings.Store { Code = StoreCode, Name = "Accessibility Store", CreatedAtUtc = DateTime.UtcNow };
        db.Stores.Add(store);
        await db.SaveChangesAsync();
        await JourneySeed.AddStaffAsync(db, ManagerEmail, "Counter Manager", Roles.StoreManager, store.Id);
        await JourneySeed.AddStaffAsync(db, AnalystEmail, "Office Analyst", Roles.Analyst);
        var key = JourneySeed.AddApiKey(db, store.Id, "A11Y till");
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        db.ReferralCampaigns.Add(new LoyaltyAdmin.Features.Referrals.ReferralCampaign
        {
            Name = "A11Y referral week", StartDate = today.AddDays(-7), EndDate = today.AddDays(21), Active = false,
            RefereePoints = 50, ReferrerPoints = 100, CreatedAtUtc = DateTime.UtcNow,
        });
        // A long change without a space, as saving a programme leaves in the audit log: the page must wrap it, not scroll sideways.
        var tiers = string.Join(",", Enumerable.Range(1, 12).Select(i => $"{{\"code\":\"tier-{i}\",\"name\":\"Tier{i}\",\"threshold\":{i * 1000}}}"));
        db.AuditLog.Add(new LoyaltyAdmin.Features.Audit.AuditEntry
        {
            AtUtc = DateTime.UtcNow, UserName = AppHost.OwnerEmail, Action = "Programme.Saved", EntityType = "ProgrammeVersion", EntityId = "a11y",
            Before = "{\"tiers\":[]}", After = $"{{\"tiers\":[{tiers}]}}",
        });
        await db.SaveChangesAsync();

        using var api = new HttpClient { BaseAddress = app.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var registered = await api.PostAsJsonAsync("/api/v1/members",
            new { requestId = "reg-a11y-1", phone = MemberPhone, name = MemberName, channel = "store" });
        Assert.Equal(System.Net.HttpStatusCode.Created, registered.StatusCode);
        foreach (var (order, amount) in new[] { ("A11Y-1", 128.50m), ("A11Y-2", 46m) })
        {
            using var purchase = await api.PostAsJsonAsync("/api/v1/events", new
            {
                eventId = "evt-" + order, type = "purchase", phone = MemberPhone, occurredAt = DateTimeOffset.UtcNow.AddMinutes(-5),
                channel = "store", orderId = order, amount,
            });
            Assert.True(purchase.IsSuccessStatusCode, await purchase.Content.ReadAsStringAsync());
        }
    }
}
