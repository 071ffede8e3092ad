namespace LoyaltyAdmin.Features.Programme;

/// <summary>Marker type for the programme screens' strings (ProgrammeText.resx, ProgrammeText.zh-Hans.resx).</summary>
public sealed class ProgrammeText;
