using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Tests.Features.Members;

/// <summary>The daily run's birthday award: once in the birthday month (or on the day only, as before), 29 February included.</summary>
public sealed class BirthdayMonthTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private MemberJobs Jobs => f.Get<MemberJobs>();

    private Task UseAsync(bool onDayOnly) => f.UseProgrammeAsync(ProgrammeTemplates.Minimal with
    {
        EarningRules = [.. ProgrammeTemplates.Minimal.EarningRules, new BirthdayRule { Id = "birthday", Name = "Birthday", Points = 100, OnDayOnly = onDayOnly }],
    });

    private async Task<int> AwardsAsync(long id) => (await f.EntriesAsync(id)).Count(e => e.RuleId == "birthday");

    [Fact]
    public async Task AMemberWhoJoinsAfterTheirBirthday_InTheSameMonth_StillGetsIt_Once()
    {
        await UseAsync(onDayOnly: false);
        var id = await f.AddMemberAsync(birthday: new DateOnly(1990, 3, 5)); // joins on 10 March

        await Jobs.RunDayAsync(new DateOnly(2026, 3, 10));
        await Jobs.RunDayAsync(new DateOnly(2026, 3, 11));
        await Jobs.RunDayAsync(new DateOnly(2026, 3, 31));

        Assert.Equal(1, await AwardsAsync(id));
        Assert.Equal(100, (await f.MemberAsync(id)).PointsBalance);
    }

    [Fact]
    public async Task OnTheDayOnly_KeepsTodaysBehaviour_ALaterDayOfTheMonthGivesNothing()
    {
        await UseAsync(onDayOnly: true);
        var late = await f.AddMemberAsync("13800000001", birthday: new DateOnly(1990, 3, 5));
        var today = await f.AddMemberAsync("13800000002", birthday: new DateOnly(1990, 3, 12));

        await Jobs.RunDayAsync(new DateOnly(2026, 3, 11));
        await Jobs.RunDayAsync(new DateOnly(2026, 3, 12));

        Assert.Equal((0, 1), (await AwardsAsync(late), await AwardsAsync(today)));
    }

    [Fact]
    public async Task ALeapDayBirthday_IsAwardedInFebruaryOfACommonYear()
    {
        await UseAsync(onDayOnly: true);
        var id = await f.AddMemberAsync(birthday: new DateOnly(1992, 2, 29));

        await Jobs.RunDayAsync(new DateOnly(2027, 2, 28));
        await Jobs.RunDayAsync(new DateOnly(2027, 3, 1));

        Assert.Equal(1, await AwardsAsync(id));
    }
}
