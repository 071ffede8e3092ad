using LoyaltyAdmin.Resources;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace LoyaltyAdmin.Components.Shared;

/// <summary>The one way the console opens edit and confirm dialogs, so they look and behave alike.</summary>
public static class DialogExtensions
{
    public static readonly DialogOptions EditOptions = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };

    /// <summary>Opens an edit dialog and returns its result data, or null when cancelled.</summary>
    public static async Task<T?> EditAsync<TDialog, T>(this IDialogService dialogs, string title, DialogParameters<TDialog> parameters)
        where TDialog : Microsoft.AspNetCore.Components.IComponent
    {
        var dialog = await dialogs.ShowAsync<TDialog>(title, parameters, EditOptions);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: T data } ? data : default;
    }

    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, IStringLocalizer<Strings> l, string title, string message, string confirmText)
    {
        var answer = await dialogs.ShowMessageBoxAsync(title, message, yesText: confirmText, cancelText: l["Common.Cancel"]);
        return answer == true;
    }
}
