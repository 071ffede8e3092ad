using LoyaltyAdmin.Features.Jobs;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Members;

public sealed class MemberJobsTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private MemberJobs Jobs => f.Get<MemberJobs>();

    [Fact]
    public async Task Points_ExpireTheDayAfterTheirLastValidDay_InTheMerchantsZone_AndRunningTwiceChangesNothing()
    {
        var id = await f.AddMemberAsync();
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(40m, "A1", f.Clock.GetUtcNow())); // earned 2026-03-10, last valid 2027-03-09
        await f.Ledger.ApplyActivityAsync(id, "evt-2", Purchase(25m, "A2", f.Clock.GetUtcNow().AddDays(5)));

        await Jobs.RunDayAsync(new DateOnly(2027, 3, 9));
        Assert.Equal(65, (await f.MemberAsync(id)).PointsBalance);

        await Jobs.RunDayAsync(new DateOnly(2027, 3, 10));
        await Jobs.RunDayAsync(new DateOnly(2027, 3, 10));

        var expired = Assert.Single(await f.EntriesAsync(id), e => e.Kind == PointsEntryKind.Expire);
        Assert.Equal((-40L, PointsSource.Job), (expired.Points, expired.Source));
        Assert.Equal(25, (await f.MemberAsync(id)).PointsBalance);
        await f.AssertLedgerConsistentAsync(id);
    }

    [Fact]
    public async Task EndOfNextCalendarYearPolicy_ExpiresOnTheFirstOfJanuaryTheYearAfterNext()
    {
        await f.UseProgrammeAsync(ProgrammeTemplates.Minimal with { Expiry = ExpiryPolicy.EndOfNextCalendarYear() });
        var id = await f.AddMemberAsync();
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(40m, "A1", f.Clock.GetUtcNow()));

        await Jobs.RunDayAsync(new DateOnly(2027, 12, 31));
        Assert.Equal(40, (await f.MemberAsync(id)).PointsBalance);
        await Jobs.RunDayAsync(new DateOnly(2028, 1, 1));
        Assert.Equal(0, (await f.MemberAsync(id)).PointsBalance);
    }

    [Fact]
    public async Task AfterDowntime_TheJobCatchesUpEveryMissedDay_AndTheNextRunDoesNothing()
    {
        var id = await f.AddMemberAsync();
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(40m, "A1", f.Clock.GetUtcNow()));
        Assert.Equal(1, await Jobs.RunDueAsync("instance-a"));

        f.Clock.Advance(TimeSpan.FromDays(370)); // down for a year
        var days = await Jobs.RunDueAsync("instance-a");
        var again = await Jobs.RunDueAsync("instance-a");

        Assert.Equal(370, days);
        Assert.Equal(0, again);
        Assert.Equal(0, (await f.MemberAsync(id)).PointsBalance);
        Assert.Equal(await f.Get<LoyaltyAdmin.Features.Settings.MerchantClock>().TodayAsync(), await f.Get<JobLeaseStore>().LastCompletedDayAsync(MemberJobs.LeaseName));
    }

    [Fact]
    public async Task TheLease_LetsOnlyOneInstanceRunAtATime_UntilItExpires()
    {
        var leases = f.Get<JobLeaseStore>();

        Assert.True(await leases.TryAcquireAsync("job", "a", TimeSpan.FromMinutes(30)));
        Assert.False(await leases.TryAcquireAsync("job", "b", TimeSpan.FromMinutes(30)));
        f.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.True(await leases.TryAcquireAsync("job", "b", TimeSpan.FromMinutes(30)));
        await leases.ReleaseAsync("job", "b");
        Assert.True(await leases.TryAcquireAsync("job", "a", TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public async Task ConcurrentInstances_RunTheDayOnce()
    {
        var id = await f.AddMemberAsync(birthday: new DateOnly(1990, 3, 10));
        await f.UseProgrammeAsync(ProgrammeTemplates.Minimal with
        {
            EarningRules = [.. ProgrammeTemplates.Minimal.EarningRules, new BirthdayRule { Id = "birthday", Name = "Birthday", Points = 100 }],
        });

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => Jobs.RunDueAsync($"instance-{i}"))));

        Assert.Equal(1, runs.Sum());
        Assert.Equal(100, (await f.MemberAsync(id)).PointsBalance);
    }

    [Fact]
    public async Task BirthdayPoints_AreAwardedOnceAYear()
    {
        await f.UseProgrammeAsync(ProgrammeTemplates.Minimal with
        {
            EarningRules = [.. ProgrammeTemplates.Minimal.EarningRules, new BirthdayRule { Id = "birthday", Name = "Birthday", Points = 100 }],
        });
        var id = await f.AddMemberAsync(birthday: new DateOnly(1990, 3, 12));

        await Jobs.RunDayAsync(new DateOnly(2026, 3, 12));
        await Jobs.RunDayAsync(new DateOnly(2026, 3, 12));
        Assert.Equal(100, (await f.MemberAsync(id)).PointsBalance);
        await Jobs.RunDayAsync(new DateOnly(2027, 3, 12));
        Assert.Equal(2, (await f.EntriesAsync(id)).Count(e => e.Kind == PointsEntryKind.Earn && e.RuleId == "birthday"));
    }

    [Fact]
    public async Task PendingPoints_ConfirmAfterTheReturnWindow_AndTheTierIsReEvaluated()
    {
        await f.UseProgrammeAsync(ProgrammeTemplates.TeaShop); // 7-day return window
        var id = await f.AddMemberAsync();
        await f.Ledger.ApplyActivityAsync(id, "evt-1", Purchase(300m, "A1", f.Clock.GetUtcNow()));
        Assert.Equal(("regular", 0m), ((await f.MemberAsync(id)).TierCode, (await f.MemberAsync(id)).LifetimeSpend));

        await Jobs.RunDayAsync(new DateOnly(2026, 3, 16));
        Assert.Equal(300, (await f.MemberAsync(id)).PendingPoints);
        await Jobs.RunDayAsync(new DateOnly(2026, 3, 17));
        await Jobs.RunDayAsync(new DateOnly(2026, 3, 17));

        var member = await f.MemberAsync(id);
        Assert.Equal((0L, 300m, "silver"), (member.PendingPoints, member.LifetimeSpend, member.TierCode));
        await f.AssertLedgerConsistentAsync(id);
    }

    [Fact]
    public async Task AtTheEndOfValidity_WithoutRetention_TheTierGoesDown_Once()
    {
        await f.UseProgrammeAsync(ProgrammeTemplates.TeaShop with { Expiry = ExpiryPolicy.RollingMonths(12) });
        var id = await f.AddMemberAsync(tier: "gold", tierValidUntil: new DateOnly(2026, 3, 31));

        await Jobs.RunDayAsync(new DateOnly(2026, 3, 31));
        Assert.Equal("gold", (await f.MemberAsync(id)).TierCode);
        await Jobs.RunDayAsync(new DateOnly(2026, 4, 1));
        await Jobs.RunDayAsync(new DateOnly(2026, 4, 1));

        Assert.Equal("regular", (await f.MemberAsync(id)).TierCode);
        await using var db = f.NewContext();
        var change = await db.TierHistory.SingleAsync(h => h.MemberId == id);
        Assert.Equal((TierChangeKind.Downgrade, "gold", "regular"), (change.Change, change.FromTier, change.ToTier));
    }
}
