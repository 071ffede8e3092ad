using System.Globalization;
using System.Text;
using ClosedXML.Excel;
using LoyaltyAdmin.Features.Spreadsheets;

namespace LoyaltyAdmin.Features.Imports;

/// <summary>One data row of an uploaded sheet: its row number as the spreadsheet shows it, and its cells in the import's column order.</summary>
public sealed record SheetRow(int Number, string[] Cells)
{
    public string this[int column] => Cells[column];
}

/// <summary>
/// Reads an uploaded .xlsx or .csv into rows of text cells, ordered as the import's columns. A column is found by its header
/// in either language (the template is written in the viewer's, a colleague may fill in the other), so columns may come in
/// any order; unknown columns are ignored. Dates typed as dates in Excel come as yyyy-MM-dd (HH:mm:ss when they have a time).
/// </summary>
public static class ImportSheet
{
    /// <summary>The rows, or the columns missing from the header (by index into <paramref name="headers"/>), or null when the file is not a sheet.</summary>
    public static (List<SheetRow>? Rows, List<int> Missing) Read(Stream upload, string fileName, IReadOnlyList<string[]> headers, int maxRows)
    {
        var raw = fileName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? ReadCsv(upload) : ReadXlsx(upload);
        using var lines = raw.GetEnumerator();
        if (!lines.MoveNext())
            return ([], []);
        var header = lines.Current.Cells.Select(Normal).ToArray();
        var positions = headers.Select(names => Array.FindIndex(header, h => names.Any(n => Normal(n) == h))).ToArray();
        var missing = positions.Select((p, i) => (p, i)).Where(x => x.p < 0).Select(x => x.i).ToList();
        if (missing.Count > 0)
            return ([], missing);
        var rows = new List<SheetRow>();
        while (lines.MoveNext())
        {
            var cells = positions.Select(p => p < lines.Current.Cells.Length ? lines.Current.Cells[p].Trim() : "").ToArray();
            if (cells.All(c => c.Length == 0))
                continue;
            if (rows.Count == maxRows)
                return (null, []);
            rows.Add(new SheetRow(lines.Current.Number, cells));
        }
        return (rows, []);
    }

    /// <summary>A workbook with one sheet: the header in bold and one example row, frozen and sized to read.</summary>
    public static byte[] Template(string sheetName, IReadOnlyList<string> header, IReadOnlyList<string> example)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet(sheetName);
        for (var i = 0; i < header.Count; i++)
        {
            sheet.Cell(1, i + 1).Value = header[i];
            // Text cells: Excel would turn a phone into a number and a date into its own format.
            sheet.Cell(2, i + 1).SetValue(example[i]);
            sheet.Column(i + 1).Style.NumberFormat.Format = "@";
            sheet.Column(i + 1).Width = Math.Max(14, header[i].Length + 4);
        }
        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
        using var stream = new MemoryStream();
        Xlsx.Save(workbook, stream);
        return stream.ToArray();
    }

    private static string Normal(string text) => text.Trim().ToLowerInvariant();

    private sealed record RawRow(int Number, string[] Cells);

    private static IEnumerable<RawRow> ReadXlsx(Stream upload)
    {
        using var workbook = Xlsx.Open(upload);
        var sheet = workbook.Worksheet(1);
        var last = sheet.LastColumnUsed()?.ColumnNumber() ?? 0;
        foreach (var row in sheet.RowsUsed())
            yield return new RawRow(row.RowNumber(), [.. Enumerable.Range(1, last).Select(c => Text(row.Cell(c)))]);
    }

    private static string Text(IXLCell cell) => cell.DataType switch
    {
        XLDataType.DateTime when cell.GetDateTime() is var at && at.TimeOfDay == TimeSpan.Zero => at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        XLDataType.DateTime => cell.GetDateTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        XLDataType.Number => cell.GetDouble().ToString("0.##########", CultureInfo.InvariantCulture),
        _ => cell.GetString(),
    };

    /// <summary>RFC 4180: comma-separated, fields in double quotes may hold commas, quotes ("") and line breaks; UTF-8 with or without BOM.</summary>
    private static IEnumerable<RawRow> ReadCsv(Stream upload)
    {
        using var reader = new StreamReader(upload, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var cells = new List<string>();
        var field = new StringBuilder();
        var (line, startLine, quoted, any) = (1, 1, false, false);
        int c;
        while ((c = reader.Read()) >= 0)
        {
            var ch = (char)c;
            any = true;
            if (quoted)
            {
                if (ch == '"' && reader.Peek() == '"')
                    field.Append((char)reader.Read());
                else if (ch == '"')
                    quoted = false;
                else
                {
                    if (ch == '\n')
                        line++;
                    field.Append(ch);
                }
                continue;
            }
            switch (ch)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    cells.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    cells.Add(field.ToString());
                    field.Clear();
                    yield return new RawRow(startLine, [.. cells]);
                    cells.Clear();
                    startLine = ++line;
                    any = false;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }
        if (any)
        {
            cells.Add(field.ToString());
            yield return new RawRow(startLine, [.. cells]);
        }
    }
}
