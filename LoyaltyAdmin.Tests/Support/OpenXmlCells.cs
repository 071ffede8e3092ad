using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace LoyaltyAdmin.Tests.Support;

/// <summary>
/// Reads a workbook with the OpenXML SDK alone, as spreadsheet programs other than the writer would: every cell's text exactly
/// as stored (shared, inline or formula strings), with no decoding of ClosedXML's or MiniExcel's <c>_xHHHH_</c> escapes.
/// </summary>
public static class OpenXmlCells
{
    /// <summary>Sheet name → the text of every non-empty cell, row by row.</summary>
    public static Dictionary<string, List<string>> Read(Stream xlsx)
    {
        using var document = SpreadsheetDocument.Open(xlsx, isEditable: false);
        var workbook = document.WorkbookPart!;
        var shared = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToList() ?? [];
        var sheets = new Dictionary<string, List<string>>();
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!);
            sheets[sheet.Name!] = part.Worksheet.Descendants<Cell>()
                .Select(c => c.DataType?.Value == CellValues.SharedString ? shared[int.Parse(c.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)]
                    : c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText
                    : c.CellValue?.Text ?? "")
                .Where(t => t.Length > 0)
                .ToList();
        }
        return sheets;
    }

    public static Dictionary<string, List<string>> Read(string path)
    {
        using var file = File.OpenRead(path);
        return Read(file);
    }

    public static Dictionary<string, List<string>> Read(byte[] xlsx) => Read(new MemoryStream(xlsx));

    /// <summary>A one-sheet workbook of text cells written with the characters as they are, in shared or in inline strings.</summary>
    public static MemoryStream Write(IReadOnlyList<string[]> rows, bool inline = false)
    {
        var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var shared = workbook.AddNewPart<SharedStringTablePart>();
            shared.SharedStringTable = new SharedStringTable();
            var sheetData = new SheetData();
            for (var r = 0; r < rows.Count; r++)
            {
                var row = new Row { RowIndex = (uint)(r + 1) };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    var reference = $"{(char)('A' + c)}{r + 1}";
                    if (inline)
                        row.Append(new Cell { CellReference = reference, DataType = CellValues.InlineString, InlineString = new InlineString(new Text(rows[r][c])) });
                    else
                    {
                        shared.SharedStringTable.Append(new SharedStringItem(new Text(rows[r][c])));
                        var index = shared.SharedStringTable.ChildElements.Count - 1;
                        row.Append(new Cell { CellReference = reference, DataType = CellValues.SharedString, CellValue = new CellValue(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) });
                    }
                }
                sheetData.Append(row);
            }
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(sheetData);
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "Sheet1" }));
        }
        stream.Position = 0;
        return stream;
    }
}
