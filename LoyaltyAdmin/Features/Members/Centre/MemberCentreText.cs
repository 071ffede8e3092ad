namespace LoyaltyAdmin.Features.Members.Centre;

/// <summary>Marker type for the member centre's strings, as members read them (MemberCentreText.resx, MemberCentreText.zh-Hans.resx).</summary>
public sealed class MemberCentreText;
