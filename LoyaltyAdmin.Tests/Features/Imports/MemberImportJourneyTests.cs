using System.Text;
using LoyaltyAdmin.Features.Imports;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Tests.Features.Members;

namespace LoyaltyAdmin.Tests.Features.Imports;

/// <summary>
/// The journey of issue 26: an owner imports a 5,000-member spreadsheet and then sees every member, each with the balance,
/// tier and expiry the sheet gave, through the same services the member list and the member page use.
/// </summary>
public sealed class MemberImportJourneyTests : IAsyncLifetime
{
    private const int Count = 5000;
    private static readonly string[] Tiers = ["regular", "silver", "gold"];
    private readonly MembersFixture f = new();

    public async Task InitializeAsync()
    {
        await f.ManagerStoreAsync();
        await f.UseProgrammeAsync(LoyaltyAdmin.Rules.ProgrammeTemplates.TeaShop); // regular, silver, gold
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    private static (long Points, string Tier, DateOnly Expiry) Expected(int i) => (100 + i % 900, Tiers[i % 3], new DateOnly(2026, 4, 1).AddDays(i % 600));

    [Fact]
    public async Task OwnerImportsA5000MemberSheet_AndSeesEveryMemberWithBalanceTierAndExpiry()
    {
        var csv = new StringBuilder(ImportFiles.MemberHeader).Append('\n');
        for (var i = 0; i < Count; i++)
        {
            var (points, tier, expiry) = Expected(i);
            // Every tenth member was invited by the member before them.
            csv.Append($"1391{i:D7},Member {i},,2024-01-{1 + i % 28:D2},S001,{tier},,{i % 5000}.00,{i % 700},{points}@{expiry:yyyy-MM-dd},,{(i % 10 == 9 ? $"1391{i - 1:D7}" : "")}\n");
        }
        var import = f.Get<MemberImportService>();
        var preview = await import.PreviewAsync(MembersFixture.Owner, new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())), "members.csv");
        Assert.True(preview.IsValid, preview.FileError + string.Join(" | ", preview.Problems.Take(5).SelectMany(p => p.Reasons)));

        var outcome = await import.ApplyAsync(MembersFixture.Owner, preview);
        Assert.Equal((Count, 0), (outcome.Imported, outcome.Skipped));

        var members = f.Get<MemberService>();
        var list = await members.SearchAsync(MembersFixture.Owner, new MemberQuery(SortBy: nameof(MemberRow.Phone), PageSize: Count));
        Assert.Equal(Count, list.TotalCount);
        for (var i = 0; i < Count; i++)
        {
            var row = list.Items[i];
            Assert.Equal($"1391{i:D7}", row.Phone);
            Assert.Equal((Expected(i).Points, Expected(i).Tier), (row.PointsBalance, row.TierCode));
        }
        foreach (var i in new[] { 0, 9, 1234, Count - 1 })
        {
            var detail = await members.GetDetailAsync(MembersFixture.Owner, list.Items[i].Id);
            Assert.NotNull(detail);
            Assert.Equal((Expected(i).Points, Expected(i).Tier), (detail.PointsBalance, detail.TierCode));
            Assert.Equal(new ExpiryForecast(Expected(i).Expiry, Expected(i).Points), Assert.Single(detail.Expiring));
            if (i % 10 == 9)
                Assert.Equal($"1391{i - 1:D7}", detail.ReferredByPhone);
        }
        await f.AssertLedgerConsistentAsync(list.Items[Count - 1].Id);
    }
}
