using System.IO.Compression;
using ClosedXML.Excel;

namespace LoyaltyAdmin.Features.Spreadsheets;

/// <summary>
/// The one way in and out of .xlsx files: every workbook the product writes is saved through here (reports and the bulk
/// template with ClosedXML, the member list with MiniExcel) and every upload is opened through here.
/// </summary>
public static class Xlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>Saves a ClosedXML workbook with every character written as itself (see <see cref="SurrogateEscapes"/>).</summary>
    public static void Save(XLWorkbook workbook, Stream output)
    {
        using var saved = new MemoryStream();
        workbook.SaveAs(saved);
        saved.Position = 0;
        RestoreCharacters(saved, output);
    }

    /// <summary>
    /// Copies a package another writer made into <paramref name="output"/> (which must be seekable or a fresh file), with the
    /// escaped halves of emoji and other characters beyond U+FFFF in its XML parts turned back into the characters.
    /// </summary>
    public static void RestoreCharacters(Stream package, Stream output)
    {
        using var source = new ZipArchive(package, ZipArchiveMode.Read, leaveOpen: true);
        using var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in source.Entries)
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Fastest);
            using var from = entry.Open();
            using var to = copy.Open();
            if (entry.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase))
                SurrogateEscapes.Restore(from, to);
            else
                from.CopyTo(to);
        }
    }

    /// <summary>Opens an uploaded workbook (read whole first: ClosedXML needs a seekable stream, an upload is not).</summary>
    public static XLWorkbook Open(Stream upload)
    {
        var buffer = new MemoryStream();
        upload.CopyTo(buffer);
        buffer.Position = 0;
        return new XLWorkbook(buffer);
    }

    /// <inheritdoc cref="Open(Stream)"/>
    public static async Task<XLWorkbook> OpenAsync(Stream upload, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        await upload.CopyToAsync(buffer, ct);
        buffer.Position = 0;
        return new XLWorkbook(buffer);
    }
}
