namespace LoyaltyAdmin.Identity;

/// <summary>The three staff roles of the product card.</summary>
public static class Roles
{
    public const string Owner = "Owner";
    public const string StoreManager = "StoreManager";
    public const string Analyst = "Analyst";

    public static readonly IReadOnlyList<string> All = [Owner, StoreManager, Analyst];
}
