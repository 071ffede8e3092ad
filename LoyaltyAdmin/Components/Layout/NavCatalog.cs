using System.Security.Claims;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Identity;
using MudBlazor;

namespace LoyaltyAdmin.Components.Layout;

/// <summary>The console's sections, in the order the product presents them.</summary>
public enum NavGroup { Members, Programme, Campaigns, Reports, Settings }

/// <summary>A menu entry; <paramref name="Texts"/> names a feature's own string table when the title is not in the shared one.</summary>
public sealed record NavItem(NavGroup? Group, string TitleKey, string Href, string Icon, string Permission, Type? Texts = null);

/// <summary>
/// Every menu entry and the permission it needs. The menu only hides what a role cannot use;
/// the page itself is protected by the same permission on the server.
/// </summary>
public static class NavCatalog
{
    public static readonly IReadOnlyList<NavItem> Items =
    [
        new(null, "Nav.Dashboard", "/", Icons.Material.Filled.Dashboard, Permissions.Dashboard.View),
        new(NavGroup.Members, "Nav.Members", "/members", Icons.Material.Filled.People, Permissions.Members.View, typeof(MembersText)),
        new(NavGroup.Members, "Nav.Approvals", "/members/approvals", Icons.Material.Filled.FactCheck, Permissions.Members.Approve, typeof(MembersText)),
        new(NavGroup.Members, "Nav.Bulk", "/members/bulk", Icons.Material.Filled.UploadFile, Permissions.Members.BulkAdjust, typeof(MembersText)),
        new(NavGroup.Members, "Nav.Import", "/members/import", Icons.Material.Filled.DriveFolderUpload, Permissions.Members.Import, typeof(Features.Imports.ImportText)),
        new(NavGroup.Programme, "Nav.Programme", "/programme", Icons.Material.Filled.Tune, Permissions.Programme.Manage),
        new(NavGroup.Programme, "Nav.ProgrammeHistory", "/programme/history", Icons.Material.Filled.History, Permissions.Programme.Manage),
        new(NavGroup.Campaigns, "Nav.Coupons", "/coupons", Icons.Material.Filled.ConfirmationNumber, Permissions.Coupons.View, typeof(CouponsText)),
        new(NavGroup.Campaigns, "Nav.WriteOff", "/coupons/write-off", Icons.Material.Filled.QrCodeScanner, Permissions.Coupons.Redeem, typeof(CouponsText)),
        new(NavGroup.Campaigns, "Nav.IssueCoupons", "/coupons/issue", Icons.Material.Filled.CardGiftcard, Permissions.Coupons.Issue, typeof(CouponsText)),
        new(NavGroup.Campaigns, "Nav.CouponTemplates", "/coupons/templates", Icons.Material.Filled.Style, Permissions.Coupons.Manage, typeof(CouponsText)),
        new(NavGroup.Campaigns, "Nav.CouponPacks", "/coupons/packs", Icons.Material.Filled.Redeem, Permissions.Coupons.Manage, typeof(CouponsText)),
        new(NavGroup.Campaigns, "Nav.Catalogue", "/catalogue", Icons.Material.Filled.Redeem, Permissions.Catalogue.Manage, typeof(CatalogueText)),
        new(NavGroup.Campaigns, "Nav.Redemptions", "/catalogue/redemptions", Icons.Material.Filled.ReceiptLong, Permissions.Catalogue.Redeem, typeof(CatalogueText)),
        new(NavGroup.Campaigns, "Nav.Challenges", "/campaigns/challenges", Icons.Material.Filled.EmojiEvents, Permissions.Programme.Manage, typeof(Features.Challenges.ChallengesText)),
        new(NavGroup.Campaigns, "Nav.Referrals", "/campaigns/referrals", Icons.Material.Filled.GroupAdd, Permissions.Referrals.View, typeof(ReferralsText)),
        new(NavGroup.Campaigns, "Nav.Segments", "/campaigns/segments", Icons.Material.Filled.Groups, Permissions.Campaigns.ViewSegments, typeof(Features.Campaigns.CampaignsText)),
        new(NavGroup.Campaigns, "Nav.Automations", "/campaigns/automations", Icons.Material.Filled.AutoMode, Permissions.Campaigns.ViewAutomations, typeof(Features.Campaigns.CampaignsText)),
        new(NavGroup.Campaigns, "Nav.Notices", "/campaigns/notices", Icons.Material.Filled.NotificationsActive, Permissions.Notices.View, typeof(Features.Notices.NoticesText)),
        new(NavGroup.Reports, "Nav.Reports", "/reports", Icons.Material.Filled.BarChart, Permissions.Reports.View, typeof(Features.Reports.ReportsText)),
        new(NavGroup.Settings, "Nav.Merchant", "/settings/merchant", Icons.Material.Filled.Storefront, Permissions.Settings.Manage),
        new(NavGroup.Settings, "Nav.Stores", "/settings/stores", Icons.Material.Filled.Store, Permissions.Settings.Manage),
        new(NavGroup.Settings, "Nav.Users", "/settings/users", Icons.Material.Filled.People, Permissions.Settings.ManageUsers),
        new(NavGroup.Settings, "Nav.ApiKeys", "/settings/api-keys", Icons.Material.Filled.Key, Permissions.Api.ManageKeys),
        new(NavGroup.Settings, "Nav.Webhooks", "/settings/webhooks", Icons.Material.Filled.Webhook, Permissions.Webhooks.Manage),
        new(NavGroup.Settings, "Nav.Audit", "/settings/audit", Icons.Material.Filled.History, Permissions.Audit.View, typeof(MembersText)),
    ];

    public static IReadOnlyList<NavItem> VisibleTo(ClaimsPrincipal user) =>
        Items.Where(i => Permissions.IsGranted(user, i.Permission)).ToList();

    public static string GroupIcon(NavGroup group) => group switch
    {
        NavGroup.Members => Icons.Material.Filled.CardMembership,
        NavGroup.Programme => Icons.Material.Filled.Tune,
        NavGroup.Campaigns => Icons.Material.Filled.Campaign,
        NavGroup.Reports => Icons.Material.Filled.BarChart,
        _ => Icons.Material.Filled.Settings,
    };
}
