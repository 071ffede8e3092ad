namespace LoyaltyAdmin.Features.Coupons;

/// <summary>Marker type for the coupons feature's strings (CouponsText.resx, CouponsText.zh-Hans.resx).</summary>
public sealed class CouponsText;
