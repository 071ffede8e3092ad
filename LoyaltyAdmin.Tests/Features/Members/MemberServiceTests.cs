using System.Security.Claims;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Members;

public sealed class MemberServiceTests : IAsyncLifetime
{
    private readonly AppHost host = new();
    private AsyncServiceScope scope;

    private MemberService Members => scope.ServiceProvider.GetRequiredService<MemberService>();
    private PointsLedgerService Ledger => scope.ServiceProvider.GetRequiredService<PointsLedgerService>();

    public async Task InitializeAsync()
    {
        host.CreateBrowserlessClient().Dispose();
        scope = host.Services.CreateAsyncScope();
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<LoyaltyDbContext>>().CreateDbContextAsync();
        foreach (var (phone, name, code) in new[] { ("13812345678", "王芳", "WANGFANG"), ("13812349999", "李伟", "LIWEI001"), ("13900001111", "Zhang Min", "ZHANGMIN") })
            db.Members.Add(new Member { Phone = phone, Name = name, ReferralCode = code, TierCode = "regular", JoinedAtUtc = DateTime.UtcNow.AddDays(-3), TierSince = new DateOnly(2026, 11, 20) });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        await scope.DisposeAsync();
        await host.DisposeAsync();
    }

    private static StaffActor As(string role) => new($"{role}-id", $"{role}@test.local", new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], "test")));

    [Theory]
    [InlineData("1381234", new[] { "13812345678", "13812349999" })]
    [InlineData("138 1234 5678", new[] { "13812345678" })]
    [InlineData("+86 139", new[] { "13900001111" })]
    [InlineData("王", new[] { "13812345678" })]
    [InlineData("zhangmin", new[] { "13900001111" })]
    public async Task Search_FindsByPhonePrefixNameOrReferralCode(string search, string[] phones)
    {
        var page = await Members.SearchAsync(As(Roles.StoreManager), new MemberQuery(search));

        Assert.Equal(phones.Order(), page.Items.Select(m => m.Phone).Order());
        Assert.Equal(phones.Length, page.TotalCount);
    }

    [Fact]
    public async Task Analyst_SeesMaskedPhones_InTheListAndTheDetail()
    {
        var page = await Members.SearchAsync(As(Roles.Analyst), new MemberQuery("王"));
        var detail = await Members.GetDetailAsync(As(Roles.Analyst), page.Items.Single().Id);

        Assert.Equal("138****5678", page.Items.Single().Phone);
        Assert.Equal("138****5678", detail!.Phone);
    }

    [Fact]
    public async Task Adjustment_ShowsInTheLedgerWithOperatorAndReason_AndInTheBalance()
    {
        var id = (await Members.SearchAsync(As(Roles.Owner), new MemberQuery("13812345678"))).Items.Single().Id;

        var result = await Ledger.AdjustAsync(As(Roles.Owner), new AdjustPointsModel { MemberId = id, Points = 120, Reason = AdjustmentReason.Goodwill, Note = "late tea" });

        Assert.Equal(AdjustOutcome.Applied, result.Outcome);
        var detail = await Members.GetDetailAsync(As(Roles.Owner), id);
        Assert.Equal(120, detail!.Points);
        var entry = (await Members.GetLedgerAsync(id, 0, 20)).Items.Single();
        Assert.Equal((PointsEntryKind.Adjust, 120L, AdjustmentReason.Goodwill, "late tea"), (entry.Kind, entry.Points, entry.Reason, entry.Note));
    }

    [Fact]
    public async Task LargeAdjustmentByAStoreManager_WaitsInTheInbox_AndAnalystsCannotAdjustAtAll()
    {
        var id = (await Members.SearchAsync(As(Roles.Owner), new MemberQuery("13900001111"))).Items.Single().Id;

        var waiting = await Ledger.AdjustAsync(As(Roles.StoreManager), new AdjustPointsModel { MemberId = id, Points = 800, Reason = AdjustmentReason.Complaint, Note = "burnt milk" });

        Assert.Equal(AdjustOutcome.AwaitingApproval, waiting.Outcome);
        Assert.Equal(0, (await Members.GetDetailAsync(As(Roles.Owner), id))!.Points);
        var pending = Assert.Single(await Members.GetPendingApprovalsAsync());
        Assert.Equal((id, 800L), (pending.MemberId, pending.Points));
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() =>
            Ledger.AdjustAsync(As(Roles.Analyst), new AdjustPointsModel { MemberId = id, Points = 10, Reason = AdjustmentReason.Goodwill }));
    }
}
