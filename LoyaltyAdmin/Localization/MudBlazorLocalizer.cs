using LoyaltyAdmin.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace LoyaltyAdmin.Localization;

/// <summary>
/// MudBlazor's own texts (grid pager and menus, close buttons, pickers) in the console's languages.
/// A key missing from the table falls back to MudBlazor's English.
/// </summary>
public sealed class MudBlazorLocalizer(IStringLocalizer<MudBlazorStrings> strings) : MudLocalizer
{
    public override LocalizedString this[string key] => strings[key];

    public override LocalizedString this[string key, params object[] arguments] => strings[key, arguments];
}
