using System.Globalization;
using System.Security.Claims;
using LoyaltyAdmin.Identity;

namespace LoyaltyAdmin.Features;

/// <summary>
/// Who is acting: a signed-in staff member, or the system (scheduled jobs, the integration API).
/// Services check permissions on it themselves, so no screen or endpoint can skip the check.
/// </summary>
public sealed record StaffActor(string? UserId, string Name, ClaimsPrincipal Principal)
{
    public static StaffActor System(string name = "system") => new(null, name, new ClaimsPrincipal(new ClaimsIdentity()));

    public static StaffActor From(ClaimsPrincipal user) =>
        new(user.FindFirstValue(ClaimTypes.NameIdentifier), user.Identity?.Name ?? "", user);

    public bool IsSystem => UserId is null;

    public bool Can(string permission) => Permissions.IsGranted(Principal, permission);

    /// <summary>The store the actor works at (their account's store), recorded with what they do; null when they have none.</summary>
    public int? StoreId =>
        int.TryParse(Principal.FindFirst(LoyaltyClaimsPrincipalFactory.StoreIdClaim)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    /// <summary>
    /// The one store whose members this actor lists, searches and exports: null when they work on every store (and for the
    /// system); -1 for a store-bound account without a store, which then sees no store's members rather than everyone's.
    /// </summary>
    public int? StoreScope => IsSystem || Can(Permissions.Members.AllStores) ? null : StoreId ?? -1;

    /// <summary>
    /// Refuses the operation unless the actor holds <paramref name="permission"/>. With <paramref name="systemMayAct"/>
    /// the system (jobs, the integration API after its key was checked) acts on its own authority.
    /// </summary>
    public void Demand(string permission, bool systemMayAct = false)
    {
        if (!(systemMayAct && IsSystem) && !Can(permission))
            throw new UnauthorizedAccessException($"'{Name}' does not hold {permission}.");
    }
}
