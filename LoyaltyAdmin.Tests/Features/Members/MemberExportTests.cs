using System.Diagnostics;
using LoyaltyAdmin.Features.Members;
using MiniExcelLibs;
using Xunit.Abstractions;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

using LoyaltyAdmin.Tests.Support;

namespace LoyaltyAdmin.Tests.Features.Members;

public sealed class MemberExportTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly MembersFixture f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task FilteredList_ExportsEveryMatchingRow_WithMaskedPhonesForAnalysts()
    {
        await MemberDataGenerator.GenerateAsync(f.DbFactory, 30, 2, f.Clock.GetUtcNow().UtcDateTime);
        using var file = new MemoryStream();

        await f.Get<MemberExport>().WriteAsync(Analyst, new MemberQuery(), file);

        file.Position = 0;
        var rows = file.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(30, rows.Count);
        Assert.All(rows, r => Assert.Contains("****", (string)r["Phone"]));
        Assert.IsType<double>(rows[0]["Points"]);
    }

    [Fact]
    public async Task StoreManager_CannotExport() =>
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => f.Get<MemberExport>().WriteAsync(Manager, new MemberQuery(), Stream.Null));

    [Fact]
    public async Task HundredThousandRows_AllStreamOut_IntoOneSheet()
    {
        await MemberDataGenerator.GenerateAsync(f.DbFactory, 100_000, 0, f.Clock.GetUtcNow().UtcDateTime);
        var path = Path.Combine(Path.GetTempPath(), $"export-{Guid.NewGuid():N}.xlsx");
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        var watch = Stopwatch.StartNew();

        await using (var file = File.Create(path))
            await f.Get<MemberExport>().WriteAsync(Owner, new MemberQuery(), file);

        watch.Stop();
        var peak = Process.GetCurrentProcess().PeakWorkingSet64;
        // Printed for the record only: speed targets are checked by the benchmarks, not here.
        output.WriteLine($"100,000 rows: {watch.ElapsedMilliseconds} ms, file {new FileInfo(path).Length / 1024} KB, managed growth {(GC.GetTotalMemory(false) - before) / 1024 / 1024} MB, process peak {peak / 1024 / 1024} MB");
        var rows = MiniExcelLibs.MiniExcel.Query(path, useHeaderRow: true).Count();
        File.Delete(path);
        Assert.Equal(100_000, rows);
    }
}
