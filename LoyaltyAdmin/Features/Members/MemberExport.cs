using System.Runtime.CompilerServices;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Features.Spreadsheets;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using MiniExcel = MiniExcelLibs.MiniExcel;

namespace LoyaltyAdmin.Features.Members;

/// <summary>One exported column: its header and how to read it from a row (real numbers and dates, not text).</summary>
public sealed record ExcelColumn<T>(string Header, Func<T, object?> Value);

/// <summary>
/// Exports the filtered member list to .xlsx. Rows stream from the database straight into MiniExcel's
/// forward-only writer, so memory stays flat whatever the row count.
/// </summary>
public sealed class MemberExport(IDbContextFactory<LoyaltyDbContext> dbFactory, MerchantClock merchantClock, Audit.AccessLog access)
{
    public async Task WriteAsync(StaffActor actor, MemberQuery query, Stream output, CancellationToken ct = default)
    {
        if (!actor.Can(Permissions.Members.Export))
            throw new UnauthorizedAccessException($"'{actor.Name}' does not hold {Permissions.Members.Export}.");
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        var full = actor.Can(Permissions.Members.SeeFullPhone);
        ExcelColumn<MemberRow>[] columns =
        [
            new("Phone", r => full ? r.Phone : PhoneNumbers.Mask(r.Phone)),
            new("Name", r => r.Name),
            new("Tier", r => r.TierCode),
            new("Points", r => r.PointsBalance),
            new("Growth", r => r.GrowthValue),
            new("Joined", r => MerchantClock.ToLocal(r.JoinedAtUtc, zone)),
            new("Last activity", r => r.LastActivityUtc is { } at ? MerchantClock.ToLocal(at, zone) : null),
            new("Status", r => r.Status.ToString()),
        ];
        await access.MembersExportedAsync(actor, query, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // The list's own filter, store scope and search rules: an export never holds a row the list would not show.
        var rows = MemberSearch.Filter(db.Members.AsNoTracking(), actor, query, zone)
            .OrderBy(m => m.Id)
            .Select(m => new MemberRow(m.Id, m.Phone, m.Name, m.TierCode, m.PointsBalance, m.GrowthValue, m.JoinedAtUtc, m.LastActivityUtc, null, m.Status))
            .AsAsyncEnumerable();
        await WriteAsync(output, columns, rows, ct);
    }

    /// <summary>The column-map writer, reusable by any list or report export.</summary>
    public static async Task WriteAsync<T>(Stream output, IReadOnlyList<ExcelColumn<T>> columns, IAsyncEnumerable<T> rows, CancellationToken ct)
    {
        // MiniExcel writes synchronously from an IEnumerable; buffer to temp files so the web response is written asynchronously.
        var written = Path.GetTempFileName();
        var restored = Path.GetTempFileName();
        try
        {
            await using (var file = new FileStream(written, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                var enumerable = ToBlocking(Project(columns, rows, ct));
                await Task.Run(() =>
                {
                    MiniExcel.SaveAs(file, enumerable, sheetName: "Members");
                    file.Position = 0;
                    using var target = new FileStream(restored, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                    Xlsx.RestoreCharacters(file, target);
                }, ct);
            }
            await using var read = new FileStream(restored, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await read.CopyToAsync(output, ct);
        }
        finally
        {
            File.Delete(written);
            File.Delete(restored);
        }
    }

    private static async IAsyncEnumerable<IDictionary<string, object?>> Project<T>(IReadOnlyList<ExcelColumn<T>> columns, IAsyncEnumerable<T> rows,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in rows.WithCancellation(ct))
        {
            var values = new Dictionary<string, object?>(columns.Count);
            foreach (var column in columns)
                values[column.Header] = column.Value(row);
            yield return values;
        }
    }

    private static IEnumerable<T> ToBlocking<T>(IAsyncEnumerable<T> source)
    {
        var e = source.GetAsyncEnumerator();
        try
        {
            while (e.MoveNextAsync().AsTask().GetAwaiter().GetResult())
                yield return e.Current;
        }
        finally
        {
            e.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
