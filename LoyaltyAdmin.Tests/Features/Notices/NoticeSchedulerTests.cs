using System.Text.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Notices;
using LoyaltyAdmin.Tests.Features.Members;
using static LoyaltyAdmin.Tests.Features.Notices.NoticesTestData;

namespace LoyaltyAdmin.Tests.Features.Notices;

/// <summary>
/// The daily run's notices over a real SQLite file and a hand-moved clock: a purchase on 2026-03-10 earns points whose last
/// valid day is 2027-03-09, so the 30-day notice falls on 2027-02-07 and the 7-day one on 2027-03-02.
/// </summary>
public sealed class NoticeSchedulerTests : IAsyncLifetime
{
    private readonly MembersFixture f = Fixture();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private MemberJobs Jobs => f.Get<MemberJobs>();
    private NoticePublisher Publisher => f.Get<NoticePublisher>();

    private async Task<long> MemberWithPointsAsync(string phone, decimal spend = 40m)
    {
        var id = await f.AddMemberAsync(phone);
        await f.Ledger.ApplyActivityAsync(id, "evt-" + phone, MembersFixture.Purchase(spend, "O-" + phone, f.Clock.GetUtcNow()));
        return id;
    }

    [Fact]
    public async Task PointsExpiringNextWeek_GetOneNotice_EvenWhenTheDayRunsTwice_HeldUntilNine_InTheOutboxWithItsBusinessTimeAndText()
    {
        var id = await MemberWithPointsAsync("13800000001");
        f.Clock.Now = Shanghai("2027-03-02 00:05"); // the daily run, just after midnight

        await Jobs.RunDayAsync(new DateOnly(2027, 3, 2));
        await Jobs.RunDayAsync(new DateOnly(2027, 3, 2));

        var notice = Assert.Single(await f.NoticesAsync(id));
        Assert.Equal((BusinessEvents.NoticePointsExpiring, "2027-03-09/7", NoticeStatus.Scheduled, NoticeReason.QuietHours),
            (notice.Type, notice.Subject, notice.Status, notice.Reason));
        Assert.Equal(Shanghai("2027-03-02 09:00").UtcDateTime, notice.DueAtUtc);

        f.Clock.Now = Shanghai("2027-03-02 08:59");
        Assert.Equal(0, await Publisher.PublishDueAsync());
        Assert.Empty(await f.NoticeEventsAsync(id));

        f.Clock.Now = Shanghai("2027-03-02 09:20");
        Assert.Equal(1, await Publisher.PublishDueAsync());
        Assert.Equal(0, await Publisher.PublishDueAsync());

        var sent = Assert.Single(await f.NoticeEventsAsync(id));
        Assert.Equal(BusinessEvents.NoticePointsExpiring, sent.Type);
        Assert.Equal(Shanghai("2027-03-02 09:00").UtcDateTime, sent.OccurredAtUtc); // business time: when it was due
        Assert.Equal(Shanghai("2027-03-02 09:20").UtcDateTime, sent.RecordedAtUtc);
        var payload = JsonDocument.Parse(sent.Payload).RootElement;
        Assert.Equal("zh-Hans", payload.GetProperty("language").GetString()); // no preference: the merchant's default
        Assert.Equal("您有40积分有效期至2027年3月9日，逾期将失效，请尽快使用。", payload.GetProperty("text").GetString());
        Assert.Equal(40, payload.GetProperty("points").GetInt64());
        Assert.Equal("2027-03-09", payload.GetProperty("expiresOn").GetString());
        Assert.Equal(7, payload.GetProperty("daysLeft").GetInt32());
        var stored = Assert.Single(await f.NoticesAsync(id));
        Assert.Equal((NoticeStatus.Sent, sent.Sequence, stored.Id), (stored.Status, stored.OutboxSequence, payload.GetProperty("noticeId").GetInt64()));
    }

    [Fact]
    public async Task TheThirtyAndSevenDayNotices_EachGoOutOnce_AcrossEveryDayOfTheDailyRun_InTheMembersLanguage()
    {
        var id = await MemberWithPointsAsync("13800000001");
        await f.UpdateMemberAsync(id, m => m.PreferredLanguage = "en");

        f.Clock.Now = Shanghai("2027-02-07 00:05");
        await Jobs.RunDueAsync("instance-a");
        f.Clock.Now = Shanghai("2027-02-07 09:00");
        await Publisher.PublishDueAsync();
        f.Clock.Now = Shanghai("2027-03-02 00:05");
        Assert.Equal(23, await Jobs.RunDueAsync("instance-a")); // every day from 8 February, once
        Assert.Equal(0, await Jobs.RunDueAsync("instance-b"));
        f.Clock.Now = Shanghai("2027-03-02 09:00");
        await Publisher.PublishDueAsync();

        var notices = await f.NoticesAsync(id);
        Assert.Equal(["2027-03-09/30", "2027-03-09/7"], notices.Select(n => n.Subject));
        Assert.All(notices, n => Assert.Equal(NoticeStatus.Sent, n.Status));
        var events = await f.NoticeEventsAsync(id);
        Assert.Equal([30, 7], events.Select(e => JsonDocument.Parse(e.Payload).RootElement.GetProperty("daysLeft").GetInt32()));
        Assert.All(events, e => Assert.Equal("40 of your points can be used until 9 Mar 2027; after that they expire.",
            JsonDocument.Parse(e.Payload).RootElement.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task TheMerchantsDefaultLanguage_IsUsedForMembersWhoChoseNone()
    {
        await f.SettingsAsync(s => s.DefaultLanguage = "en");
        var id = await MemberWithPointsAsync("13800000001");
        f.Clock.Now = Shanghai("2027-03-02 10:00");

        await Jobs.RunDayAsync(new DateOnly(2027, 3, 2));

        var notice = Assert.Single(await f.NoticesAsync(id));
        Assert.Equal(("en", NoticeReason.None), (notice.Language, notice.Reason)); // computed in the day: no hold
        Assert.StartsWith("40 of your points", notice.Text);
    }

    [Fact]
    public async Task ExpiryNoticesReachEveryone_RewardNoticesOnlyMembersWhoConsented_AndTheSkipIsRecordedOnce()
    {
        await LoyaltyAdmin.Tests.Features.Catalogue.CatalogueTestData.ItemAsync(f.DbFactory, "TEA", points: 30);
        var agreed = await MemberWithPointsAsync("13800000001");
        var silent = await MemberWithPointsAsync("13800000002");
        await f.UpdateMemberAsync(agreed, m => m.MarketingConsent = true);
        var day = new DateOnly(2026, 3, 11);
        await f.CouponAsync(agreed, "CPN-A", day.AddDays(3));
        await f.CouponAsync(silent, "CPN-S", day.AddDays(3));
        f.Clock.Now = Shanghai("2026-03-11 00:05");

        await Jobs.RunDayAsync(day);
        await Jobs.RunDayAsync(day.AddDays(1)); // the reward is still in reach the next day

        var toAgreed = await f.NoticesAsync(agreed);
        Assert.Equal([(BusinessEvents.NoticeCouponExpiring, NoticeStatus.Scheduled), (BusinessEvents.NoticeRewardReachable, NoticeStatus.Scheduled)],
            toAgreed.Select(n => (n.Type, n.Status)));
        var toSilent = await f.NoticesAsync(silent);
        Assert.Equal([(BusinessEvents.NoticeCouponExpiring, NoticeStatus.Scheduled, NoticeReason.QuietHours),
                (BusinessEvents.NoticeRewardReachable, NoticeStatus.Skipped, NoticeReason.NoConsent)],
            toSilent.Select(n => (n.Type, n.Status, n.Reason)));

        f.Clock.Now = Shanghai("2026-03-11 09:00");
        await Publisher.PublishDueAsync();
        Assert.Equal([BusinessEvents.NoticeCouponExpiring, BusinessEvents.NoticeRewardReachable], (await f.NoticeEventsAsync(agreed)).Select(e => e.Type));
        Assert.Equal([BusinessEvents.NoticeCouponExpiring], (await f.NoticeEventsAsync(silent)).Select(e => e.Type));
    }

    [Fact]
    public async Task ConsentWithdrawnBeforeTheMorning_StopsTheScheduledRewardNotice()
    {
        await LoyaltyAdmin.Tests.Features.Catalogue.CatalogueTestData.ItemAsync(f.DbFactory, "TEA", points: 30);
        var id = await MemberWithPointsAsync("13800000001");
        await f.UpdateMemberAsync(id, m => m.MarketingConsent = true);
        f.Clock.Now = Shanghai("2026-03-11 00:05");
        await Jobs.RunDayAsync(new DateOnly(2026, 3, 11));

        await f.UpdateMemberAsync(id, m => m.MarketingConsent = false);
        f.Clock.Now = Shanghai("2026-03-11 09:00");
        await Publisher.PublishDueAsync();

        var notice = Assert.Single(await f.NoticesAsync(id));
        Assert.Equal((NoticeStatus.Skipped, NoticeReason.NoConsent), (notice.Status, notice.Reason));
        Assert.Empty(await f.NoticeEventsAsync(id));
    }

    [Fact]
    public async Task PointsSpentBeforeTheMorning_TheNoticeNoLongerApplies_AndIsNotSent()
    {
        var id = await MemberWithPointsAsync("13800000001");
        f.Clock.Now = Shanghai("2027-03-02 00:05");
        await Jobs.RunDayAsync(new DateOnly(2027, 3, 2));

        var spent = await f.Ledger.AdjustAsync(MembersFixture.Owner, new AdjustPointsModel { MemberId = id, Points = -40, Reason = AdjustmentReason.Correction });
        Assert.Equal(AdjustOutcome.Applied, spent.Outcome);
        f.Clock.Now = Shanghai("2027-03-02 09:00");
        await Publisher.PublishDueAsync();

        var notice = Assert.Single(await f.NoticesAsync(id));
        Assert.Equal((NoticeStatus.Skipped, NoticeReason.NoLongerApplies), (notice.Status, notice.Reason));
        Assert.Empty(await f.NoticeEventsAsync(id));
    }

    [Fact]
    public async Task TheCaps_HoldBackASecondNoticeOfAType_AndOneBeyondTheWeeklyLimit_WithTheReason()
    {
        await f.SettingsAsync(s => s.WeeklyLimit = 2);
        await LoyaltyAdmin.Tests.Features.Catalogue.CatalogueTestData.ItemAsync(f.DbFactory, "TEA", points: 30);
        var id = await MemberWithPointsAsync("13800000001");
        await f.UpdateMemberAsync(id, m => m.MarketingConsent = true);
        var day = new DateOnly(2027, 3, 2);
        await f.CouponAsync(id, "CPN-1", day.AddDays(3));
        await f.CouponAsync(id, "CPN-2", day.AddDays(3));
        f.Clock.Now = Shanghai("2027-03-02 00:05");

        await Jobs.RunDayAsync(day);

        var notices = await f.NoticesAsync(id);
        Assert.Equal(2, notices.Count(n => n.Status == NoticeStatus.Scheduled));
        Assert.Contains(notices, n => n.Type == BusinessEvents.NoticePointsExpiring && n.Status == NoticeStatus.Scheduled);
        Assert.Contains(notices, n => n.Type == BusinessEvents.NoticeCouponExpiring && n.Status == NoticeStatus.Skipped && n.Reason == NoticeReason.TypeCap);
        Assert.Contains(notices, n => n.Type == BusinessEvents.NoticeRewardReachable && n.Status == NoticeStatus.Skipped && n.Reason == NoticeReason.WeeklyCap);
    }

    [Fact]
    public async Task TierEnding_SaysWhatKeepsIt_AndCloseToTheNextTier_SaysWhatIsMissing()
    {
        await f.UseProgrammeAsync(LoyaltyAdmin.Rules.ProgrammeTemplates.TeaShop);
        var day = new DateOnly(2026, 3, 11);
        var ending = await f.AddMemberAsync("13800000001", tier: "gold", tierValidUntil: day.AddDays(30));
        var close = await f.AddMemberAsync("13800000002", tier: "silver");
        await f.UpdateMemberAsync(close, m => (m.LifetimeSpend, m.MarketingConsent, m.PreferredLanguage) = (900m, true, "en"));
        f.Clock.Now = Shanghai("2026-03-11 10:00");

        await Jobs.RunDayAsync(day);

        var tier = Assert.Single(await f.NoticesAsync(ending));
        Assert.Equal((BusinessEvents.NoticeTierEnding, "gold/2026-04-10"), (tier.Type, tier.Subject));
        Assert.Equal("您的Gold会员有效期至2026年4月10日，12 个月内再消费 ¥500即可保级。", tier.Text);
        var data = JsonDocument.Parse(tier.Data).RootElement;
        Assert.Equal("regular", data.GetProperty("downgradeTo").GetString());
        Assert.Equal("rolling_spend", data.GetProperty("keepBy")[0].GetProperty("kind").GetString());
        var next = Assert.Single(await f.NoticesAsync(close));
        Assert.Equal(BusinessEvents.NoticeTierClose, next.Type);
        Assert.Equal("You are close to Gold: spend ¥100 more or 3 more referrals to get there.", next.Text);
    }
}
