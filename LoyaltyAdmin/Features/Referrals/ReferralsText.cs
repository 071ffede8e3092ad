namespace LoyaltyAdmin.Features.Referrals;

/// <summary>Marker type for the referrals feature's strings (ReferralsText.resx, ReferralsText.zh-Hans.resx).</summary>
public sealed class ReferralsText;
