namespace LoyaltyAdmin.Features.Privacy;

/// <summary>Marker type for the privacy feature's strings (PrivacyText.resx, PrivacyText.zh-Hans.resx).</summary>
public sealed class PrivacyText;
