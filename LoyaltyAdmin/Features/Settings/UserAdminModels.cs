namespace LoyaltyAdmin.Features.Settings;

public sealed record UserRow(
    string Id, string Email, string DisplayName, string Role, int? StoreId, string? StoreName,
    bool IsDisabled, bool IsLockedOut, DateTime CreatedAtUtc);

/// <summary>Form model of the user dialog; <see cref="Id"/> is null for a new user.</summary>
public sealed class UserModel
{
    public string? Id { get; set; }
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = Identity.Roles.StoreManager;
    public int? StoreId { get; set; }
}

/// <summary>A save that may hand out a one-time password, to be shown once and never stored in clear.</summary>
public sealed record UserSaveResult(SaveResult Result, string? OneTimePassword);
