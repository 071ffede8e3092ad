using System.Text;
using LoyaltyAdmin.Features.Imports;

namespace LoyaltyAdmin.Tests.Features.Imports;

/// <summary>Import files as a merchant would write them: an English header and rows of text.</summary>
internal static class ImportFiles
{
    public const string MemberHeader = "Phone,Name,Birthday,Joined on,Home store,Tier,Tier valid until,Lifetime spend,Growth value,Opening points,Referral code,Referred by (phone)";
    public const string OrderHeader = "Phone,Order id,Amount,Occurred at,Channel,Store";

    public static MemoryStream Csv(string header, params string[] rows) => new(Encoding.UTF8.GetBytes(header + "\n" + string.Join("\n", rows) + "\n"));

    public static MemoryStream Members(params string[] rows) => Csv(MemberHeader, rows);

    public static MemoryStream Orders(params string[] rows) => Csv(OrderHeader, rows);

    /// <summary>A valid member row: phone 1380000xxxx, Gold until 2027, two lots.</summary>
    public static string Member(int i, string lots = "500@2027-06-30; 120@2027-12-31", string referredBy = "") =>
        $"1380000{i:D4},Member {i},1990-05-20,2021-03-15,S001,gold,2027-03-31,3280.50,3280,\"{lots}\",,{referredBy}";

    public static string Reasons(ImportPreview<MemberImportRow> preview, int row) => string.Join("; ", preview.Problems.Single(p => p.RowNumber == row).Reasons);
}
