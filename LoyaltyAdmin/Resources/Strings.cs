namespace LoyaltyAdmin.Resources;

/// <summary>Marker type for the console's string table (Strings.resx, Strings.zh-Hans.resx).</summary>
public sealed class Strings;
