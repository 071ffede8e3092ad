namespace LoyaltyAdmin.Features.Api;

/// <summary>Marker type for the API feature's strings (ApiText.resx, ApiText.zh-Hans.resx).</summary>
public sealed class ApiText;
