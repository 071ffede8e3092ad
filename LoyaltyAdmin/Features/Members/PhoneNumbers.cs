using System.Text.RegularExpressions;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// The one phone format stored: digits only, mainland China numbers without the +86 prefix
/// (13812345678), other countries with a leading + and their country code. Prefix search relies on it.
/// </summary>
public static partial class PhoneNumbers
{
    /// <summary>The normalised number, or null when the input is not a phone number.</summary>
    public static string? Normalize(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
            return null;
        var text = Separators().Replace(input.Trim(), "");
        if (text.StartsWith("00", StringComparison.Ordinal))
            text = "+" + text[2..];
        if (text.StartsWith("+86", StringComparison.Ordinal))
            text = text[3..];
        if (Mainland().IsMatch(text))
            return text;
        return International().IsMatch(text) ? text : null;
    }

    /// <summary>What an Analyst sees: 138****5678.</summary>
    public static string Mask(string phone) =>
        phone.Length < 8 ? new string('*', phone.Length) : phone[..3] + "****" + phone[^4..];

    [GeneratedRegex(@"[\s\-().]")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^1[3-9][0-9]{9}$")]
    private static partial Regex Mainland();

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex International();
}
