using MudBlazor;

namespace LoyaltyAdmin.Components.Layout;

/// <summary>The console's palette: tea green with an amber accent, in light and dark.</summary>
public static class BrandTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#2E7D5B",
            Secondary = "#C98A2B",
            AppbarBackground = "#2E7D5B",
            Background = "#F7F8F6",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#5FB98E",
            Secondary = "#E0A84B",
            AppbarBackground = "#1E2A24",
        },
    };
}
