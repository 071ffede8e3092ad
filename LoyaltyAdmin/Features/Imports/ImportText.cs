namespace LoyaltyAdmin.Features.Imports;

/// <summary>Marker type for the import screens' strings (ImportText.resx, ImportText.zh-Hans.resx).</summary>
public sealed class ImportText;
