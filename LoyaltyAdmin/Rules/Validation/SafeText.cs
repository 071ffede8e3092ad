namespace LoyaltyAdmin.Rules;

/// <summary>Why <see cref="SafeText"/> refused a text.</summary>
public enum TextFault
{
    /// <summary>The text is fine.</summary>
    None,
    /// <summary>A C0/C1 control character (NUL, ESC, …; in single-line text also tab and line breaks).</summary>
    ControlCharacter,
    /// <summary>A bidirectional control that reorders what is shown (e.g. U+202E).</summary>
    BidiControl,
}

/// <summary>
/// The one check for text that people type and others read (member, store, staff, coupon and item names, notes and
/// descriptions, in forms, imports and the API). A control character breaks a line of a receipt, a log or an Excel
/// export, or hides in a name; a bidirectional override shows "gpj.exe" as "exe.jpg". Emoji, CJK and every other
/// script are welcome.
/// </summary>
public static class SafeText
{
    /// <summary>What is wrong with <paramref name="text"/>, if anything; multi-line text may hold tabs and line breaks.</summary>
    public static TextFault Check(string? text, bool multiLine = false)
    {
        if (string.IsNullOrEmpty(text))
            return TextFault.None;
        foreach (var c in text)
        {
            if (IsBidiControl(c))
                return TextFault.BidiControl;
            if (char.IsControl(c) ? !(multiLine && c is '\t' or '\r' or '\n') : !multiLine && c is '\u2028' or '\u2029')
                return TextFault.ControlCharacter;
        }
        return TextFault.None;
    }

    /// <summary>The field message for a refused text in <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>, or null when it is fine.</summary>
    public static string? Problem(string? text, bool multiLine = false) => Check(text, multiLine) switch
    {
        TextFault.ControlCharacter => RulesText.Get(multiLine ? "Text_ControlCharactersMultiLine" : "Text_ControlCharacters"),
        TextFault.BidiControl => RulesText.Get("Text_BidiControls"),
        _ => null,
    };

    private static bool IsBidiControl(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';
}
