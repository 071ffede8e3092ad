using LoyaltyAdmin.Resources;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Identity;

/// <summary>Identity's error codes in the console's languages (its own descriptions are English only).</summary>
public static class IdentityErrorText
{
    public static string Describe(IdentityError error, IStringLocalizer<Strings> l)
    {
        var text = l["IdentityError." + error.Code];
        return text.ResourceNotFound ? error.Description : text.Value;
    }
}
