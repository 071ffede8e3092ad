using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Challenges;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Coupons;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Challenges;

/// <summary>Challenges move in the same write as the activity, over a real SQLite file.</summary>
public sealed class ChallengeLedgerTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons().AddChallenges().AddProgramme());

    // The programme is saved at the fixture's 10 March 2026, 10:00 in Shanghai; the tests then run a day later.
    private static readonly DateTimeOffset March = new(2026, 3, 10, 12, 0, 0, TimeSpan.FromHours(8));

    private static global::LoyaltyAdmin.Rules.Programme Programme(params Challenge[] challenges) => ProgrammeTemplates.TeaShop with
    {
        Challenges = challenges,
        Badges = [new Badge { Code = "regular", Name = new("Regular", "常客"), Icon = BadgeIcons.Coffee }],
    };

    private static Challenge BuyThree => new()
    {
        Id = "buy3", Name = new("Buy 3 times", "消费 3 次"), Goal = ChallengeGoal.Purchases, Period = ChallengePeriod.Monthly,
        Stages = [new ChallengeStage { Target = 1, Points = 5 }, new ChallengeStage { Target = 3, Points = 30, CouponPack = "¥10 off", Badge = "regular" }],
    };

    public async Task InitializeAsync()
    {
        var template = await CouponSeed.TemplateAsync(f.DbFactory, "¥10 off");
        await using var db = f.NewContext();
        db.CouponPacks.Add(new CouponPack { Name = "¥10 off", Trigger = CouponPackTrigger.Manual, IsActive = true, Items = [new CouponPackItem { TemplateId = template, Quantity = 1 }] });
        await db.SaveChangesAsync();
        await f.UseProgrammeAsync(Programme(BuyThree));
        f.Clock.Advance(TimeSpan.FromDays(1));
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    private async Task Buy(long member, int n, decimal amount = 30m) =>
        Assert.True((await f.Ledger.ApplyActivityAsync(member, $"buy-{member}-{n}", MembersFixture.Purchase(amount, $"O-{member}-{n}", March.AddHours(n)))).Succeeded);

    [Fact]
    public async Task ThreePurchases_CompleteTheChallenge_InTheSameWrites_WithPointsCouponBadgeAndEvents()
    {
        var member = await f.AddMemberAsync();
        for (var n = 1; n <= 3; n++) await Buy(member, n);
        await f.Ledger.ApplyActivityAsync(member, $"buy-{member}-3", MembersFixture.Purchase(30m, $"O-{member}-3", March.AddHours(3))); // a replay moves nothing

        await using var db = f.NewContext();
        var row = await db.MemberChallengeProgress.SingleAsync(p => p.MemberId == member);
        Assert.Equal((3m, 2, new DateOnly(2026, 3, 1)), (row.Value, row.StagesReached, row.PeriodStart));
        Assert.NotNull(row.CompletedAtUtc);
        var rewards = await db.PointsEntries.Where(e => e.MemberId == member && e.RuleId == "challenge:buy3").Select(e => e.Points).ToListAsync();
        Assert.Equal([5L, 30L], rewards.Order());
        Assert.Equal(1, await db.Coupons.CountAsync(c => c.MemberId == member && c.Source == CouponSource.Challenge));
        Assert.Equal("regular", (await db.MemberBadges.SingleAsync(b => b.MemberId == member)).BadgeCode);
        var events = await db.OutboxEvents.Where(e => e.MemberId == member).Select(e => e.Type).ToListAsync();
        Assert.Equal(3, events.Count(t => t == BusinessEvents.ChallengeProgressed));
        Assert.Equal(1, events.Count(t => t == BusinessEvents.ChallengeCompleted));
        Assert.Equal(1, events.Count(t => t == BusinessEvents.BadgeAwarded));
        await f.AssertLedgerConsistentAsync(member);
    }

    [Fact]
    public async Task FullRefund_TakesThePurchaseOffProgress_ButKeepsTheStageAndItsReward()
    {
        var member = await f.AddMemberAsync("13800000002");
        await Buy(member, 1);
        await Buy(member, 2);
        var refund = await f.Ledger.RefundAsync(member, "refund-1", $"O-{member}-1", 30m, March.AddHours(5));
        Assert.True(refund.Succeeded);

        await using var db = f.NewContext();
        var row = await db.MemberChallengeProgress.SingleAsync(p => p.MemberId == member);
        Assert.Equal((1m, 1), (row.Value, row.StagesReached));
        Assert.Equal(1, await db.PointsEntries.CountAsync(e => e.MemberId == member && e.RuleId == "challenge:buy3"));
    }

    [Fact]
    public async Task StaffAward_NeedsAReason_IsAuditedAndGivenOnce()
    {
        var member = await f.AddMemberAsync("13800000003");
        var badges = f.Get<BadgeService>();
        Assert.Equal(BadgeAwardStatus.ReasonRequired, await badges.AwardAsync(member, "regular", " ", MembersFixture.Owner));
        Assert.Equal(BadgeAwardStatus.UnknownBadge, await badges.AwardAsync(member, "nope", "Helped at the opening", MembersFixture.Owner));
        Assert.Equal(BadgeAwardStatus.Awarded, await badges.AwardAsync(member, "regular", "Helped at the opening", MembersFixture.Owner));
        Assert.Equal(BadgeAwardStatus.AlreadyHeld, await badges.AwardAsync(member, "regular", "Again", MembersFixture.Owner));

        await using var db = f.NewContext();
        var held = await db.MemberBadges.SingleAsync(b => b.MemberId == member);
        Assert.Equal((BadgeSource.Staff, "Helped at the opening"), (held.Source, held.Reason));
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "badge.award"));
        var view = await f.Get<ChallengeService>().BadgesAsync(member, CultureInfo.GetCultureInfo("zh-Hans"));
        Assert.Equal("常客", view.Single().Name);
    }

    [Fact]
    public async Task StaffAward_ToAMemberOfAnotherStore_IsNotFound()
    {
        var other = await f.AddMemberAsync("13800000006");
        var own = await f.AddStoreMemberAsync("13800000007");
        var badges = f.Get<BadgeService>();
        Assert.Equal(BadgeAwardStatus.MemberNotFound, await badges.AwardAsync(other, "regular", "Regular at the counter", MembersFixture.Manager));
        Assert.Equal(BadgeAwardStatus.Awarded, await badges.AwardAsync(own, "regular", "Regular at the counter", MembersFixture.Manager));
    }

    [Fact]
    public async Task MemberView_ShowsProgressStagesAndDaysLeft_InTheMembersLanguage()
    {
        var member = await f.AddMemberAsync("13800000004");
        await Buy(member, 1);

        var view = Assert.Single(await f.Get<ChallengeService>().ForMemberAsync(member, CultureInfo.GetCultureInfo("zh-Hans")));
        Assert.Equal(("消费 3 次", 1m, 3m, 1, false), (view.Name, view.Progress, view.Target, view.StagesReached, view.Completed));
        Assert.Equal(21, view.DaysLeft); // 11 to 31 March
        Assert.Equal("常客", view.Stages[1].BadgeName);
        var funnel = Assert.Single(await f.Get<ChallengeService>().FunnelAsync("buy3"));
        Assert.Equal((1, 1, 0), (funnel.Participants, funnel.FirstStage, funnel.Completed));
    }

    [Fact]
    public async Task PausedChallenge_CountsNothing()
    {
        var member = await f.AddMemberAsync("13800000005");
        var paused = await f.Get<ChallengeEditor>().SetEnabledAsync("buy3", false, MembersFixture.Owner);
        Assert.True(paused.Saved);
        f.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await f.Ledger.ApplyActivityAsync(member, "after-pause", MembersFixture.Purchase(30m, "O-paused", f.Clock.GetUtcNow()))).Succeeded);
        await using var db = f.NewContext();
        Assert.False(await db.MemberChallengeProgress.AnyAsync(p => p.MemberId == member));
        Assert.Empty(await f.Get<ChallengeService>().ForMemberAsync(member, CultureInfo.InvariantCulture));
    }
}
