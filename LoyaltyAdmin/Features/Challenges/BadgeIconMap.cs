using LoyaltyAdmin.Rules;
using MudBlazor;

namespace LoyaltyAdmin.Features.Challenges;

/// <summary>The bundled badge icons drawn with MudBlazor's Material icons.</summary>
public static class BadgeIconMap
{
    public static string Svg(string icon) => icon switch
    {
        BadgeIcons.Trophy => Icons.Material.Filled.EmojiEvents,
        BadgeIcons.Medal => Icons.Material.Filled.MilitaryTech,
        BadgeIcons.Heart => Icons.Material.Filled.Favorite,
        BadgeIcons.Coffee => Icons.Material.Filled.LocalCafe,
        BadgeIcons.Store => Icons.Material.Filled.Storefront,
        BadgeIcons.Calendar => Icons.Material.Filled.CalendarMonth,
        BadgeIcons.Rocket => Icons.Material.Filled.RocketLaunch,
        _ => Icons.Material.Filled.Star,
    };
}
