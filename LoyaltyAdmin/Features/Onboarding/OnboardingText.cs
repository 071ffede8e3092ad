namespace LoyaltyAdmin.Features.Onboarding;

/// <summary>Marker type for the onboarding feature's strings (OnboardingText.resx, OnboardingText.zh-Hans.resx).</summary>
public sealed class OnboardingText;
