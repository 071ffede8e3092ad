namespace LoyaltyAdmin.Features.Campaigns;

/// <summary>Marker for the campaigns feature's strings (CampaignsText.resx, CampaignsText.zh-Hans.resx).</summary>
public sealed class CampaignsText;
