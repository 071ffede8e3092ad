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

    /// <summary>Permission → roles that hold it.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Grants = new Dictionary<string, string[]>
    {
        [Dashboard.View] = [Roles.Owner, Roles.StoreManager, Roles.Analyst],
        [Settings.Manage] = [Roles.Owner],
        [Settings.ManageUsers] = [Roles.Owner],
    };

    /// <summary>The same answer the server's policy gives, for hiding what a role cannot use.</summary>
    public static bool IsGranted(System.Security.Claims.ClaimsPrincipal user, string permission) =>
        user.Identity?.IsAuthenticated == true && Grants.TryGetValue(permission, out var roles) && roles.Any(user.IsInRole);
}
