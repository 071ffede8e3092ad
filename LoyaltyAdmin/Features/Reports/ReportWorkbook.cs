using ClosedXML.Excel;
using LoyaltyAdmin.Features.Spreadsheets;

namespace LoyaltyAdmin.Features.Reports;

/// <summary>One column of a report sheet: header, how to read it from a row (a real number or text), its number format and width.</summary>
public sealed record ReportColumn<T>(string Header, Func<T, object?> Value, string? Format = null, double Width = 14);

public static class ReportFormats
{
    public const string Integer = "#,##0";
    public const string Percent = "0.0%";
    public const string Money = "#,##0.00";
    public const string Month = "yyyy-mm";
}

/// <summary>
/// The one report writer (ClosedXML): every sheet from a column map, with a bold frozen header, explicit column widths
/// (AutoFit needs GDI, absent on Linux), number formats and an autofilter; plus the Parameters sheet.
/// </summary>
public sealed class ReportWorkbook : IDisposable
{
    private readonly XLWorkbook workbook = new();

    public IXLWorksheet AddSheet<T>(string name, IReadOnlyList<ReportColumn<T>> columns, IEnumerable<T> rows)
    {
        var sheet = workbook.Worksheets.Add(name);
        for (var c = 0; c < columns.Count; c++)
        {
            sheet.Cell(1, c + 1).Value = columns[c].Header;
            sheet.Column(c + 1).Width = columns[c].Width;
        }
        var r = 2;
        foreach (var row in rows)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                var cell = sheet.Cell(r, c + 1);
                switch (columns[c].Value(row))
                {
                    case null: break;
                    case string s: cell.SetValue(s); break; // never guessed into a date or number
                    case DateTime d: cell.Value = d; break;
                    case var v: cell.Value = Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture); break;
                }
                if (columns[c].Format is { } format)
                    cell.Style.NumberFormat.Format = format;
            }
            r++;
        }
        var header = sheet.Row(1);
        header.Style.Font.Bold = true;
        header.Style.Fill.BackgroundColor = XLColor.FromHtml("#E8EAF6");
        sheet.SheetView.FreezeRows(1);
        sheet.Range(1, 1, Math.Max(1, r - 1), columns.Count).SetAutoFilter();
        return sheet;
    }

    /// <summary>Colours a block of rates white (0%) to green (100%).</summary>
    public static void HeatMap(IXLWorksheet sheet, int firstRow, int firstColumn, int lastRow, int lastColumn)
    {
        if (lastRow < firstRow || lastColumn < firstColumn)
            return;
        sheet.Range(firstRow, firstColumn, lastRow, lastColumn).AddConditionalFormat().ColorScale()
            .LowestValue(XLColor.FromHtml("#FFFFFF")).HighestValue(XLColor.FromHtml("#43A047"));
    }

    public void Save(Stream output) => Xlsx.Save(workbook, output);

    public void Dispose() => workbook.Dispose();
}
