using LoyaltyAdmin.Features.Campaigns;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Jobs;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Tests.Features.Coupons;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Retention;

public sealed class AutomationRunnerTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons().AddCampaigns());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private AutomationService Automations => f.Get<AutomationService>();

    private async Task<(long Automation, long Pack, List<long> Members)> ActiveAsync(int members, int controlPercent = 10, long points = 50,
        int? budgetPerDay = null, int? budgetTotal = null, string? schedule = null)
    {
        var ids = new List<long>();
        for (var i = 0; i < members; i++)
            ids.Add(await f.ConsentingMemberAsync($"139{i:00000000}"));
        var template = await CouponSeed.TemplateAsync(f.DbFactory, amount: 10);
        var pack = await CouponSeed.PackAsync(f.DbFactory, CouponPackTrigger.Manual, (template, 1));
        var segment = await f.SegmentAsync(SegmentDefinition.Everyone);
        var (saved, id) = await Automations.CreateAsync(Owner, new AutomationForm("Win back", segment, pack, points, schedule, controlPercent, 30,
            budgetTotal, budgetPerDay, null, null));
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Values));
        Assert.True((await Automations.SetStatusAsync(Owner, id, AutomationStatus.Active)).Succeeded);
        return (id, pack, ids);
    }

    private async Task<(int Coupons, long Points)> GivenAsync(long memberId)
    {
        await using var db = f.NewContext();
        return (await db.Coupons.CountAsync(c => c.MemberId == memberId), await db.PointsEntries.Where(e => e.MemberId == memberId).SumAsync(e => e.Points));
    }

    [Fact]
    public async Task ARun_GivesThePackAndPointsToTreatedMembers_AndControlMembersNeverReceiveAnything()
    {
        var (automation, _, members) = await ActiveAsync(60, controlPercent: 20);
        var control = members.Where(m => ControlGroup.IsControl(automation, m, 20)).ToList();

        var result = await Automations.RunNowAsync(Owner, automation);
        f.Clock.Advance(TimeSpan.FromDays(31));
        var later = await Automations.RunNowAsync(Owner, automation);

        Assert.NotEmpty(control);
        Assert.Equal(AutomationRunStatus.Done, result.Status);
        Assert.Equal(members.Count - control.Count, result.Treated);
        Assert.Equal(control.Count, result.Control);
        Assert.Equal(control.Count, later.Control);
        foreach (var member in members)
        {
            var (coupons, points) = await GivenAsync(member);
            if (control.Contains(member))
                Assert.Equal((0, 0L), (coupons, points));
            else
                Assert.Equal((2, 100L), (coupons, points));
        }
        await using var db = f.NewContext();
        Assert.Equal(control.Count * 2, await db.AutomationGrants.CountAsync(g => g.IsControl));
        var entry = await db.PointsEntries.FirstAsync();
        Assert.Equal(PointsSource.Campaign, entry.Source);
        Assert.Equal($"automation:{automation}", entry.RuleId);
        Assert.Contains(db.AuditLog, a => a.Action == "automation.run");
    }

    [Fact]
    public async Task ASecondRunTheSameDay_OrWithinOncePerDays_GivesNothing()
    {
        var (automation, _, members) = await ActiveAsync(10, controlPercent: 0);

        var first = await Automations.RunNowAsync(Owner, automation);
        var again = await Automations.RunNowAsync(Owner, automation);
        f.Clock.Advance(TimeSpan.FromDays(5));
        var nextWeek = await Automations.RunNowAsync(Owner, automation);

        Assert.Equal(10, first.Treated);
        Assert.Equal((0, 10), (again.Treated, again.AlreadyPicked));
        Assert.Equal(0, nextWeek.Treated + nextWeek.AlreadyPicked);
        Assert.All(members, m => Assert.Equal(1, GivenAsync(m).Result.Coupons));
    }

    [Fact]
    public async Task OnlyMembersWhoAgreedToMarketing_AreReached()
    {
        var (automation, _, _) = await ActiveAsync(3, controlPercent: 0);
        var refused = await f.AddMemberAsync("13712345678");

        var result = await Automations.RunNowAsync(Owner, automation);

        Assert.Equal(3, result.Treated);
        Assert.Equal((0, 0L), await GivenAsync(refused));
    }

    [Fact]
    public async Task TheBudgetPerDay_StopsTheRun_AndTheTotalBudgetStopsLaterRuns()
    {
        var (automation, _, _) = await ActiveAsync(10, controlPercent: 0, budgetPerDay: 4, budgetTotal: 6);

        var today = await Automations.RunNowAsync(Owner, automation);
        f.Clock.Advance(TimeSpan.FromDays(1));
        var tomorrow = await Automations.RunNowAsync(Owner, automation);

        Assert.Equal(4, today.Treated);
        Assert.True(today.BudgetReached);
        Assert.Equal(2, tomorrow.Treated);
        await using var db = f.NewContext();
        Assert.Equal(6, await db.Coupons.CountAsync());
    }

    [Fact]
    public async Task ADryRun_CountsWhoWouldBePicked_AndTheMostItCouldCost()
    {
        var (automation, _, members) = await ActiveAsync(20, controlPercent: 10, points: 100);
        var control = members.Count(m => ControlGroup.IsControl(automation, m, 10));

        var dry = await Automations.DryRunAsync(Owner, automation);

        Assert.Equal(new AutomationDryRun(20, 20 - control, control, (20 - control) * (10m + 100 * 0.01m)), dry);
        await using var db = f.NewContext();
        Assert.Equal(0, await db.Coupons.CountAsync());
    }

    [Fact]
    public async Task ADraftOrPausedAutomation_DoesNotRun_AndAHeldLeaseAnswersBusy()
    {
        var (automation, _, _) = await ActiveAsync(2, controlPercent: 0);
        await Automations.SetStatusAsync(Owner, automation, AutomationStatus.Paused);

        var paused = await Automations.RunNowAsync(Owner, automation);
        await Automations.SetStatusAsync(Owner, automation, AutomationStatus.Active);
        await f.Get<JobLeaseStore>().TryAcquireAsync($"automation:{automation}", "other-instance", TimeSpan.FromMinutes(5));
        var busy = await Automations.RunNowAsync(Owner, automation);

        Assert.Equal(AutomationRunStatus.NotActive, paused.Status);
        Assert.Equal(AutomationRunStatus.Busy, busy.Status);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Automations.RunNowAsync(Analyst, automation));
    }

    [Fact]
    public async Task AScheduledAutomation_RunsWhenItsTimeComesInTheMerchantsZone_Once()
    {
        // The fixture's clock is 10:00 in Shanghai; the schedule is daily at 11:00 Shanghai time.
        var (automation, _, _) = await ActiveAsync(3, controlPercent: 0, schedule: "0 11 * * *");
        var scheduler = f.Get<AutomationScheduler>();

        var before = await scheduler.RunDueAsync(CancellationToken.None);
        f.Clock.Advance(TimeSpan.FromMinutes(61));
        var due = await scheduler.RunDueAsync(CancellationToken.None);
        var again = await scheduler.RunDueAsync(CancellationToken.None);

        Assert.Equal((0, 1, 0), (before, due, again));
        await using var db = f.NewContext();
        Assert.Equal(3, await db.Coupons.CountAsync());
    }

    [Fact]
    public async Task TheEditor_RefusesABadScheduleAndAnAutomationThatGivesNothing()
    {
        var segment = await f.SegmentAsync(SegmentDefinition.Everyone);

        var (result, _) = await Automations.CreateAsync(Owner, new AutomationForm("x", segment, null, 0, "every day", 10, 30, null, null, null, null));

        Assert.NotNull(result.For("Schedule"));
        Assert.NotNull(result.For("PackId"));
    }
}
