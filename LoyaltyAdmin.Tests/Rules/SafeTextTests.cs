using System.Globalization;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Tests.Rules;

/// <summary>The one rule for names and texts: what it refuses, what it welcomes, and what it says.</summary>
public sealed class SafeTextTests
{
    [Theory]
    [InlineData("Li\0Lei", TextFault.ControlCharacter)]
    [InlineData("Li\u001b[31mLei", TextFault.ControlCharacter)]
    [InlineData("Li\rLei", TextFault.ControlCharacter)]
    [InlineData("Li\nLei", TextFault.ControlCharacter)]
    [InlineData("Li\tLei", TextFault.ControlCharacter)]
    [InlineData("Li\u007fLei", TextFault.ControlCharacter)]
    [InlineData("Li\u0085Lei", TextFault.ControlCharacter)]
    [InlineData("Li\u009bLei", TextFault.ControlCharacter)]
    [InlineData("Li\u2028Lei", TextFault.ControlCharacter)]
    [InlineData("\u202Egpj.exe", TextFault.BidiControl)]
    [InlineData("a\u202Ab", TextFault.BidiControl)]
    [InlineData("a\u202Db", TextFault.BidiControl)]
    [InlineData("a\u2066b\u2069", TextFault.BidiControl)]
    [InlineData("a\u200Eb", TextFault.BidiControl)]
    [InlineData("a\u200Fb", TextFault.BidiControl)]
    [InlineData("a\u061Cb", TextFault.BidiControl)]
    [InlineData("李雷", TextFault.None)]
    [InlineData("Tea 🍵 lover", TextFault.None)]
    [InlineData("👩‍👩‍👧‍👦", TextFault.None)]
    [InlineData("🇨🇳 中国", TextFault.None)]
    [InlineData("Zoë Ōkubo", TextFault.None)]
    [InlineData("한국어 テスト", TextFault.None)]
    [InlineData("علي", TextFault.None)]
    [InlineData("", TextFault.None)]
    public void SingleLineText(string text, TextFault expected)
    {
        Assert.Equal(expected, SafeText.Check(text));
    }

    [Theory]
    [InlineData("Line one\nline two", TextFault.None)]
    [InlineData("Line one\r\n\tindented", TextFault.None)]
    [InlineData("Bell\u0007", TextFault.ControlCharacter)]
    [InlineData("Clear\u001b[2J", TextFault.ControlCharacter)]
    [InlineData("NUL\0", TextFault.ControlCharacter)]
    [InlineData("tab\u202E", TextFault.BidiControl)]
    public void MultiLineText_MayBreakLines_ButNothingElse(string text, TextFault expected)
    {
        Assert.Equal(expected, SafeText.Check(text, multiLine: true));
    }

    [Fact]
    public void TheMessage_IsInTheUsersLanguage()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            var english = SafeText.Problem("\u202E");
            CultureInfo.CurrentUICulture = new CultureInfo("zh-Hans");
            var chinese = SafeText.Problem("\u202E");

            Assert.Contains("U+202E", english);
            Assert.Contains("不能包含", chinese);
            Assert.Null(SafeText.Problem("李雷 🍵"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
