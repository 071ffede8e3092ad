namespace LoyaltyAdmin.Features.Members;

/// <summary>Marker type for the members feature's strings (MembersText.resx, MembersText.zh-Hans.resx).</summary>
public sealed class MembersText;
