namespace LoyaltyAdmin.Identity;

/// <summary>
/// Named permissions, one nested class per feature. Pages and endpoints use them in
/// <c>[Authorize(Policy = ...)]</c>; <see cref="Grants"/> is the single place that says which role holds which.
/// </summary>
public static class Permissions
{
    public static class Dashboard
    {
        public const string View = "Dashboard.View";
    }

    public static class Settings
    {
        public const string Manage = "Settings.Manage";
        public const string ManageUsers = "Settings.ManageUsers";
    }

    public static class Members
    {
        public const string View = "Members.View";
        public const string Register = "Members.Register";
        public const string Adjust = "Members.Adjust";
        public const string Approve = "Members.Approve";
        public const string BulkAdjust = "Members.BulkAdjust";
        /// <summary>Import a member base and its order history from another system.</summary>
        public const string Import = "Members.Import";
        public const string Export = "Members.Export";

        /// <summary>Set a member's tier by hand; a store-bound holder only when the Owner allows it (merchant settings).</summary>
        public const string SetTier = "Members.SetTier";
        /// <summary>Record a member's marketing consent given or withdrawn (members the holder serves).</summary>
        public const string Consent = "Members.Consent";

        /// <summary>Holders see full phone numbers; everyone else sees them masked (138****5678).</summary>
        public const string SeeFullPhone = "Members.SeeFullPhone";

        /// <summary>
        /// Holders work on every store's members. Everyone else works on their own store's (<see cref="Features.StaffActor.StoreScope"/>)
        /// and serves a member of another store only after finding them by their full phone number.
        /// </summary>
        public const string AllStores = "Members.AllStores";
    }

    public static class Programme
    {
        public const string Manage = "Programme.Manage";
    }

    public static class Coupons
    {
        /// <summary>Templates and packs: what the programme gives.</summary>
        public const string Manage = "Coupons.Manage";
        public const string Issue = "Coupons.Issue";

        /// <summary>Write-off at the till, and voiding.</summary>
        public const string Redeem = "Coupons.Redeem";
        public const string View = "Coupons.View";
    }

    public static class Referrals
    {
        public const string View = "Referrals.View";
        public const string Manage = "Referrals.Manage";
    }

    public static class Api
    {
        public const string ManageKeys = "Api.ManageKeys";
    }

    public static class Webhooks
    {
        /// <summary>Endpoints, their secrets, the delivery log and replays: the merchant's data leaves the console through them.</summary>
        public const string Manage = "Webhooks.Manage";
    }

    public static class Catalogue
    {
        public const string Manage = "Catalogue.Manage";
        public const string Redeem = "Catalogue.Redeem";
    }

    public static class Reports
    {
        public const string View = "Reports.View";
        public const string Export = "Reports.Export";

        /// <summary>Holders see every store; a StoreManager's reports are fixed to their own store.</summary>
        public const string AllStores = "Reports.AllStores";

        /// <summary>Recompute the report figures (rollups) from the ledger.</summary>
        public const string Rebuild = "Reports.Rebuild";
    }

    public static class Notices
    {
        public const string View = "Notices.View";

        /// <summary>Horizons, caps, quiet hours and the default language of member notices.</summary>
        public const string Manage = "Notices.Manage";
    }

    /// <summary>Segments and automations (docs/retention.md).</summary>
    public static class Campaigns
    {
        /// <summary>Count and preview segments (a store-bound holder: their store's members).</summary>
        public const string ViewSegments = "Campaigns.ViewSegments";
        public const string ManageSegments = "Campaigns.ManageSegments";

        /// <summary>Read automations and their measured lift.</summary>
        public const string ViewAutomations = "Campaigns.ViewAutomations";

        /// <summary>Create, run, pause automations: they give coupons and points.</summary>
        public const string ManageAutomations = "Campaigns.ManageAutomations";
    }

    /// <summary>A member's rights over their personal data (docs/privacy.md).</summary>
    public static class Privacy
    {
        /// <summary>Download everything held about one member.</summary>
        public const string ExportMember = "Privacy.ExportMember";

        /// <summary>Erase (anonymise) a member.</summary>
        public const string EraseMember = "Privacy.EraseMember";
    }

    public static class Audit
    {
        public const string View = "Audit.View";
    }

    /// <summary>Permission → roles that hold it.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Grants = new Dictionary<string, string[]>
    {
        [Dashboard.View] = [Roles.Owner, Roles.StoreManager, Roles.Analyst],
        [Settings.Manage] = [Roles.Owner],
        [Settings.ManageUsers] = [Roles.Owner],
        [Members.View] = [Roles.Owner, Roles.StoreManager, Roles.Analyst],
        [Members.Register] = [Roles.Owner, Roles.StoreManager],
        [Members.Adjust] = [Roles.Owner, Roles.StoreManager],
        [Members.Approve] = [Roles.Owner],
        [Members.BulkAdjust] = [Roles.Owner],
        [Members.Import] = [Roles.Owner],
        [Members.Export] = [Roles.Owner, Roles.Analyst],
        [Members.SetTier] = [Roles.Owner, Roles.StoreManager],
        [Members.SeeFullPhone] = [Roles.Owner, Roles.StoreManager],
        [Members.Consent] = [Roles.Owner, Roles.StoreManager],
        [Privacy.ExportMember] = [Roles.Owner],
        [Privacy.EraseMember] = [Roles.Owner],
        [Members.AllStores] = [Roles.Owner, Roles.Analyst],
        [Reports.View] = [Roles.Owner, Roles.StoreManager, Roles.Analyst],
        [Reports.Export] = [Roles.Owner, Roles.Analyst],
        [Reports.AllStores] = [Roles.Owner, Roles.Analyst],
        [Reports.Rebuild] = [Roles.Owner],
        [Audit.View] = [Roles.Owner],
        [Programme.Manage] = [Roles.Owner],
        [Api.ManageKeys] = [Roles.Owner],
        [Webhooks.Manage] = [Roles.Owner],
        [Coupons.Manage] = [Roles.Owner],
        [Coupons.Issue] = [Roles.Owner, Roles.StoreManager],
        [Coupons.Redeem] = [Roles.Owner, Roles.StoreManager],
        [Coupons.View] = [Roles.Owner, Roles.StoreManager, Roles.Analyst],
        [Catalogue.Manage] = [Roles.Owner],
        [Catalogue.Redeem] = [Roles.Owner, Roles.StoreManager],
        [Referrals.View] = [Roles.Owner, Roles.StoreManager, Roles.Analyst],
        [Referrals.Manage] = [Roles.Owner],
        [Notices.View] = [Roles.Owner, Roles.Analyst],
        [Notices.Manage] = [Roles.Owner],
        [Campaigns.ViewSegments] = [Roles.Owner, Roles.StoreManager, Roles.Analyst],
        [Campaigns.ManageSegments] = [Roles.Owner],
        [Campaigns.ViewAutomations] = [Roles.Owner, Roles.Analyst],
        [Campaigns.ManageAutomations] = [Roles.Owner],
    };

    /// <summary>The same answer the server's policy gives, for hiding what a role cannot use.</summary>
    public static bool IsGranted(System.Security.Claims.ClaimsPrincipal user, string permission) =>
        user.Identity?.IsAuthenticated == true && Grants.TryGetValue(permission, out var roles) && roles.Any(user.IsInRole);
}
