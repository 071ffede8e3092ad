namespace LoyaltyAdmin.Features.Tiers;

/// <summary>Marker type for the tier recalculation screens' strings (TiersText.resx, TiersText.zh-Hans.resx).</summary>
public sealed class TiersText;
