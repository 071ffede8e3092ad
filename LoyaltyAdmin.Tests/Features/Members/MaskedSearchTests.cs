using LoyaltyAdmin.Features.Members;
using MiniExcelLibs;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Members;

/// <summary>
/// An Analyst sees 139****1700 and must not get the hidden digits back: they search by a whole phone number, a name or a
/// referral code, never by part of a number, and neither sorting, counts nor the export give the digits away.
/// </summary>
public sealed class MaskedSearchTests : IAsyncLifetime
{
    private const string Hidden = "13900001700";

    private readonly MembersFixture f = new();

    private MemberService Members => f.Get<MemberService>();

    public async Task InitializeAsync()
    {
        await f.AddMemberAsync(Hidden);
        await f.AddMemberAsync("13900001699");
        await f.AddMemberAsync("13800009999");
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Theory]
    [InlineData("139")]
    [InlineData("1390000")]
    [InlineData("139 0000 170")]
    [InlineData("+86 139")]
    public async Task Analyst_SearchingPartOfANumber_GetsNoRows_AndAFieldMessage(string partial)
    {
        var page = await Members.SearchAsync(Analyst, new MemberQuery(Search: partial));

        Assert.Equal(0, page.TotalCount);
        Assert.Empty(page.Items);
        Assert.True(MemberSearch.IsRefused(Analyst, partial));
        Assert.False(MemberSearch.IsRefused(Owner, partial));
    }

    [Fact]
    public async Task Analyst_TypingPrefixes_LearnsNothingOfTheHiddenDigits()
    {
        // The attack of the issue: extend a known prefix digit by digit and watch the counts.
        var known = "139";
        var answers = new List<int>();
        for (var position = 3; position < 7; position++)
        {
            foreach (var digit in "0123456789")
                answers.Add((await Members.SearchAsync(Analyst, new MemberQuery(Search: known + digit))).TotalCount);
            known += Hidden[position];
        }

        Assert.All(answers, count => Assert.Equal(0, count));
        Assert.Equal("139****1700", Assert.Single((await Members.SearchAsync(Analyst, new MemberQuery(Search: "139-0000-1700"))).Items).Phone);
    }

    [Fact]
    public async Task Analyst_SearchesByNameOrWholeReferralCode()
    {
        Assert.Equal(2, (await Members.SearchAsync(Analyst, new MemberQuery(Search: "Member 1"))).TotalCount);
        Assert.Equal("139****1700", Assert.Single((await Members.SearchAsync(Analyst, new MemberQuery(Search: "R0001700"))).Items).Phone);
    }

    [Fact]
    public async Task Analyst_SortingByPhone_IsIgnored_SoTheOrderGivesNothingAway()
    {
        var byPhone = await Members.SearchAsync(Analyst, new MemberQuery(SortBy: nameof(MemberRow.Phone)));
        var byPhoneDown = await Members.SearchAsync(Analyst, new MemberQuery(SortBy: nameof(MemberRow.Phone), Descending: true));
        var unsorted = await Members.SearchAsync(Analyst, new MemberQuery());
        var ownerByPhone = await Members.SearchAsync(Owner, new MemberQuery(SortBy: nameof(MemberRow.Phone)));

        Assert.Equal(unsorted.Items.Select(m => m.Id), byPhone.Items.Select(m => m.Id));
        Assert.Equal(unsorted.Items.Select(m => m.Id), byPhoneDown.Items.Select(m => m.Id));
        Assert.Equal(["13800009999", "13900001699", Hidden], ownerByPhone.Items.Select(m => m.Phone));
    }

    [Fact]
    public async Task Analyst_Export_OfPartOfANumber_HoldsNoRow_AndTheWholeNumberIsMasked()
    {
        using var partial = new MemoryStream();
        using var whole = new MemoryStream();

        await f.Get<MemberExport>().WriteAsync(Analyst, new MemberQuery(Search: "1390000"), partial);
        await f.Get<MemberExport>().WriteAsync(Analyst, new MemberQuery(Search: Hidden), whole);

        partial.Position = 0;
        whole.Position = 0;
        Assert.Empty(partial.Query(useHeaderRow: true));
        var row = (IDictionary<string, object>)Assert.Single(whole.Query(useHeaderRow: true));
        Assert.Equal("139****1700", row["Phone"]);
    }
}
