namespace LoyaltyAdmin.Resources;

/// <summary>Marker type for MudBlazor's component texts in our languages (MudBlazorText.resx, MudBlazorText.zh-Hans.resx).</summary>
public sealed class MudBlazorText;
