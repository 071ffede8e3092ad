using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Members;

public sealed class MemberServiceTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private MemberService Members => f.Get<MemberService>();

    [Theory]
    [InlineData("138 1234 5678", "13812345678")]
    [InlineData("+86 138-1234-5678", "13812345678")]
    [InlineData("0086 13812345678", "13812345678")]
    [InlineData("+65 9123 4567", "+6591234567")]
    [InlineData("12345", null)]
    [InlineData("abc", null)]
    public void Phone_IsNormalised_ToOneStoredForm(string input, string? expected) =>
        Assert.Equal(expected, PhoneNumbers.Normalize(input));

    [Fact]
    public void Phone_ForAnalysts_IsMasked() => Assert.Equal("138****5678", PhoneNumbers.Mask("13812345678"));

    [Fact]
    public async Task Registering_AtTheCounter_CreatesTheMemberInTheBaseTier_WithHistoryAndAudit()
    {
        await f.ManagerStoreAsync();
        var model = new MemberProfileModel { Phone = "+86 138 1234 5678", Name = " Li Lei ", Birthday = new DateTime(1990, 5, 1) };

        var result = await Members.SaveProfileAsync(Manager, model);

        Assert.True(result.Succeeded);
        var member = await f.MemberAsync(model.Id);
        Assert.Equal(("13812345678", "Li Lei", "regular", 8), (member.Phone, member.Name, member.TierCode, member.ReferralCode.Length));
        await using var db = f.NewContext();
        Assert.Equal(TierChangeKind.Initial, (await db.TierHistory.SingleAsync()).Change);
        Assert.Equal("member.registered", (await db.AuditLog.SingleAsync()).Action);
        Assert.True(await db.ProcessedEvents.AnyAsync(e => e.EventId == $"registration:{member.ReferralCode}"));
    }

    [Fact]
    public async Task Registering_ATakenPhone_OrBadFields_SavesNothing_AndNamesTheFields()
    {
        await f.ManagerStoreAsync();
        await Members.SaveProfileAsync(Manager, new MemberProfileModel { Phone = "13812345678", Name = "A" });

        var taken = await Members.SaveProfileAsync(Manager, new MemberProfileModel { Phone = "138 1234 5678", Name = "B" });
        var bad = await Members.SaveProfileAsync(Manager, new MemberProfileModel { Phone = "12", Name = "", Birthday = new DateTime(2999, 1, 1) });

        Assert.NotNull(taken.Errors.GetValueOrDefault("Phone"));
        Assert.Equal(["Birthday", "Name", "Phone"], bad.Errors.Keys.Order());
        await using var db = f.NewContext();
        Assert.Equal(1, await db.Members.CountAsync());
    }

    [Fact]
    public async Task Analyst_CannotRegister() =>
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Members.SaveProfileAsync(Analyst, new MemberProfileModel { Phone = "13812345678", Name = "A" }));

    [Fact]
    public async Task Search_ByPhonePrefix_NameOrCode_PagesOnTheServer_AndMasksPhonesForAnalysts()
    {
        await f.AddMemberAsync("13800000001");
        await f.AddMemberAsync("13800000002");
        await f.AddMemberAsync("13900000003");

        var byPrefix = await Members.SearchAsync(Owner, new MemberQuery(Search: "1380", PageSize: 1));
        var byName = await Members.SearchAsync(Owner, new MemberQuery(Search: "Member 0003"));
        var byCode = await Members.SearchAsync(Owner, new MemberQuery(Search: "r0000002"));
        var masked = await Members.SearchAsync(Analyst, new MemberQuery(Search: "139 0000 0003"));

        Assert.Equal((2, 1), (byPrefix.TotalCount, byPrefix.Items.Count));
        Assert.Equal("13900000003", Assert.Single(byName.Items).Phone);
        Assert.Equal("13800000002", Assert.Single(byCode.Items).Phone);
        Assert.Equal("139****0003", Assert.Single(masked.Items).Phone);
    }

    [Fact]
    public async Task Detail_ShowsBalancesProgressAndWhatExpiresWhen()
    {
        var id = await f.AddMemberAsync();
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(120m, "A1", f.Clock.GetUtcNow()));

        var detail = await Members.GetDetailAsync(Analyst, id);

        Assert.NotNull(detail);
        Assert.Equal((120L, 120L, "138****0001"), (detail.PointsBalance, detail.AvailablePoints, detail.Phone));
        Assert.Equal(new ExpiryForecast(new DateOnly(2027, 3, 9), 120), Assert.Single(detail.Expiring));
        Assert.Equal(100, detail.Progress.Percent);
    }
}
