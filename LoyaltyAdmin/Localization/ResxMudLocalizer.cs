using System.Text.RegularExpressions;
using LoyaltyAdmin.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace LoyaltyAdmin.Localization;

/// <summary>
/// Gives MudBlazor's own texts (grid pager, pickers, alerts) in the user's language from MudBlazorText.resx;
/// a key not found there falls back to MudBlazor's English.
/// </summary>
public sealed partial class ResxMudLocalizer(IStringLocalizer<MudBlazorText> text) : MudLocalizer
{
    public override LocalizedString this[string key] => text[key];

    // Some MudBlazor texts carry named placeholders ("{first_item}-{last_item} of {all_items}") that MudBlazor
    // fills itself; only numbered ones are ours to format.
    public override LocalizedString this[string key, params object[] arguments]
    {
        get
        {
            var raw = text[key];
            return raw.ResourceNotFound || arguments.Length == 0 || !Numbered().IsMatch(raw.Value)
                ? raw
                : new LocalizedString(key, string.Format(System.Globalization.CultureInfo.CurrentCulture, raw.Value, arguments));
        }
    }

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Numbered();
}
