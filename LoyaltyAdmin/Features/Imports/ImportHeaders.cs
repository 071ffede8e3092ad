using System.Globalization;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Imports;

/// <summary>Reads an upload with the import's columns named in English or Chinese, and turns what is wrong with the file as a whole into one message.</summary>
internal static class ImportHeaders
{
    private static readonly string[] Languages = ["en", "zh-Hans"];

    public static (List<SheetRow>? Rows, string? Error) Read(Stream upload, string fileName, string[] columns, int maxRows, IStringLocalizer l)
    {
        var names = columns.Select(c => Languages.Select(lang => In(lang, () => ImportParse.Label(l, c))).Append(c).ToArray()).ToList();
        try
        {
            var (rows, missing) = ImportSheet.Read(upload, fileName, names, maxRows);
            if (rows is null)
                return (null, l["Import.TooManyRows", maxRows.ToString("#,0", CultureInfo.CurrentCulture)]);
            if (missing.Count > 0)
                return (null, l["Import.MissingColumns", string.Join(", ", missing.Select(i => ImportParse.Label(l, columns[i])))]);
            return rows.Count == 0 ? (null, l["Import.Empty"]) : (rows, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, l["Import.NotASheet"]);
        }
    }

    /// <summary>A text in each language the console speaks.</summary>
    public static IEnumerable<string> BothLanguages(Func<string> text) => Languages.Select(lang => In(lang, text));

    /// <summary>A text in another language than the viewer's (a header may be in either).</summary>
    private static string In(string language, Func<string> text)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(language);
            return text();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }
}
