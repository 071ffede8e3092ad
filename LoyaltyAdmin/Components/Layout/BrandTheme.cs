using MudBlazor;

namespace LoyaltyAdmin.Components.Layout;

/// <summary>The console's palette: tea green with an amber accent, in light and dark.</summary>
public static class BrandTheme
{
    // Light colours are dark enough for 4.5:1 (WCAG AA) both as text on the page and behind white text on chips and
    // buttons; MudBlazor's defaults (#00c853 success, #ff9800 warning, a light amber) are not.
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#276E50",
            Secondary = "#9A6212",
            AppbarBackground = "#2E7D5B",
            Background = "#F7F8F6",
            TextSecondary = "rgba(0,0,0,0.62)",
            Info = "#1565C0",
            Success = "#2E7D32",
            Warning = "#B45309",
            Error = "#C62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#5FB98E",
            Secondary = "#E0A84B",
            AppbarBackground = "#1E2A24",
        },
    };
}
