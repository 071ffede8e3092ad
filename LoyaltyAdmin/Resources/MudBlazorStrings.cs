namespace LoyaltyAdmin.Resources;

/// <summary>Marker type for MudBlazor's own texts in the console's languages (MudBlazorStrings.resx, MudBlazorStrings.zh-Hans.resx).</summary>
public sealed class MudBlazorStrings;
