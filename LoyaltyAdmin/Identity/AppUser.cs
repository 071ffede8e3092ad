using Microsoft.AspNetCore.Identity;

namespace LoyaltyAdmin.Identity;

/// <summary>A staff account of the console (never a member: members live in their own table).</summary>
public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The store a StoreManager runs; null for Owners and Analysts.</summary>
    public int? StoreId { get; set; }

    public bool IsDisabled { get; set; }

    /// <summary>Preferred UI culture ("en" or "zh-Hans"); applied at sign-in.</summary>
    public string? Culture { get; set; }

    public bool DarkMode { get; set; }

    /// <summary>Set for generated passwords, so the first sign-in must choose a new one.</summary>
    public bool MustChangePassword { get; set; }

    public DateTime CreatedAtUtc { get; set; }
}
