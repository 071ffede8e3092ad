namespace LoyaltyAdmin.Features.Catalogue;

/// <summary>Marker type for the catalogue feature's strings (CatalogueText.resx, CatalogueText.zh-Hans.resx).</summary>
public sealed class CatalogueText;
