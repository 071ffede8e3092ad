namespace LoyaltyAdmin.Features.Reports;

/// <summary>Marker type for the reports feature's strings (ReportsText.resx, ReportsText.zh-Hans.resx).</summary>
public sealed class ReportsText;
