namespace LoyaltyAdmin.Features.Challenges;

/// <summary>Marker type for the challenges feature's strings (ChallengesText.resx, ChallengesText.zh-Hans.resx).</summary>
public sealed class ChallengesText;
