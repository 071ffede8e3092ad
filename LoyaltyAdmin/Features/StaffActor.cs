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
}
