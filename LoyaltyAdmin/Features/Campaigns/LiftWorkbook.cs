using ClosedXML.Excel;
using LoyaltyAdmin.Features.Spreadsheets;

namespace LoyaltyAdmin.Features.Campaigns;

/// <summary>An automation's results as one sheet of figures (real numbers, so an analyst can recompute them).</summary>
public static class LiftWorkbook
{
    public static byte[] Build(LiftResult r)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Lift");
        object[][] rows =
        [
            ["Figure", "Treated", "Control"],
            ["Members", r.Treated.Members, r.Control.Members],
            ["Returned", r.Treated.Returned, r.Control.Returned],
            ["Repurchase rate", r.Treated.Rate, r.Control.Rate],
            ["Revenue", r.Treated.Revenue, r.Control.Revenue],
            ["Revenue per member", r.Treated.RevenuePerMember, r.Control.RevenuePerMember],
            ["Difference in rate", r.Difference, ""],
            ["95% interval low", r.Low, ""],
            ["95% interval high", r.High, ""],
            ["Incremental revenue", r.IncrementalRevenue, ""],
            ["Cost", r.Cost, ""],
            ["Return on cost", r.ReturnOnCost is { } roc ? roc : "", ""],
        ];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < rows[i].Length; j++)
                sheet.Cell(i + 1, j + 1).Value = rows[i][j];
        }
        sheet.Columns().AdjustToContents();
        using var output = new MemoryStream();
        Xlsx.Save(workbook, output);
        return output.ToArray();
    }
}
