using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Notices;
using LoyaltyAdmin.Tests.Features.Members;

namespace LoyaltyAdmin.Tests.Features.Notices;

/// <summary>The notice decisions, with the merchant's numbers: quiet hours in Shanghai, caps, consent, language.</summary>
public sealed class NoticePolicyTests
{
    private static readonly TimeOnly Ten = new(22, 0), Nine = new(9, 0);

    [Theory]
    [InlineData("2026-03-10 21:59", "2026-03-10 21:59", false)] // before the quiet hours: at once
    [InlineData("2026-03-10 22:00", "2026-03-11 09:00", true)] // they start: the next morning
    [InlineData("2026-03-10 23:30", "2026-03-11 09:00", true)]
    [InlineData("2026-03-11 00:05", "2026-03-11 09:00", true)] // the daily run just after midnight: the same morning
    [InlineData("2026-03-11 08:59", "2026-03-11 09:00", true)]
    [InlineData("2026-03-11 09:00", "2026-03-11 09:00", false)]
    [InlineData("2026-12-31 23:00", "2027-01-01 09:00", true)] // across the year too
    public void QuietHoursFromTenToNine_HoldANoticeUntilTheMorning_InShanghaiTime(string shanghai, string expected, bool held)
    {
        var at = Utc(shanghai);

        var (due, wasHeld) = NoticePolicy.DueAt(at, MembersFixture.Shanghai, Ten, Nine);

        Assert.Equal(Utc(expected), due);
        Assert.Equal(held, wasHeld);
    }

    [Fact]
    public void QuietHours_AreTheMerchantsHours_NotTheServers()
    {
        // 22:30 UTC is 06:30 in Shanghai: quiet there, whatever the server's clock says.
        var (due, held) = NoticePolicy.DueAt(new DateTime(2026, 3, 10, 22, 30, 0, DateTimeKind.Utc), MembersFixture.Shanghai, Ten, Nine);

        Assert.True(held);
        Assert.Equal(new DateTime(2026, 3, 11, 1, 0, 0, DateTimeKind.Utc), due);
    }

    [Theory]
    [InlineData("12:00", "14:00", "13:00", true)] // a daytime window does not wrap
    [InlineData("12:00", "14:00", "23:00", false)]
    [InlineData("09:00", "09:00", "03:00", false)] // the same time twice: no quiet hours
    public void QuietHours_MayBeADaytimeWindow_OrNone(string from, string until, string time, bool quiet) =>
        Assert.Equal(quiet, NoticePolicy.InQuietHours(TimeOnly.Parse(time), TimeOnly.Parse(from), TimeOnly.Parse(until)));

    [Fact]
    public void OneNoticeOfATypePerSevenDays_TheSecondWithinAWeekIsCapped_AnotherTypeIsNot()
    {
        var at = Utc("2026-03-10 09:00");
        PastNotice[] past = [new(BusinessEvents.NoticePointsExpiring, at.AddDays(-6))];

        Assert.Equal(NoticeReason.TypeCap, NoticePolicy.CapFor(BusinessEvents.NoticePointsExpiring, at, past, 7, 3));
        Assert.Equal(NoticeReason.None, NoticePolicy.CapFor(BusinessEvents.NoticeCouponExpiring, at, past, 7, 3));
        Assert.Equal(NoticeReason.None, NoticePolicy.CapFor(BusinessEvents.NoticePointsExpiring, at.AddDays(1), past, 7, 3));
    }

    [Fact]
    public void ThreeNoticesPerWeek_TheFourthInAnySevenDaysIsCapped()
    {
        var at = Utc("2026-03-10 09:00");
        PastNotice[] past =
        [
            new(BusinessEvents.NoticePointsExpiring, at.AddDays(-6)), new(BusinessEvents.NoticeCouponExpiring, at.AddDays(-3)),
            new(BusinessEvents.NoticeTierEnding, at.AddDays(-1)),
        ];

        Assert.Equal(NoticeReason.WeeklyCap, NoticePolicy.CapFor(BusinessEvents.NoticeTierClose, at, past, 7, 3));
        // A day later the first has left the week.
        Assert.Equal(NoticeReason.None, NoticePolicy.CapFor(BusinessEvents.NoticeTierClose, at.AddDays(1), past, 7, 3));
        Assert.Equal(NoticeReason.None, NoticePolicy.CapFor(BusinessEvents.NoticeTierClose, at, past, 7, 4));
    }

    [Fact]
    public void TheWeeklyCap_CountsNoticesAlreadyScheduledAfterThisOne()
    {
        var at = Utc("2026-03-10 09:00");
        PastNotice[] around =
        [
            new(BusinessEvents.NoticePointsExpiring, at.AddDays(-3)), new(BusinessEvents.NoticeCouponExpiring, at.AddDays(2)),
            new(BusinessEvents.NoticeTierEnding, at.AddDays(3)),
        ];

        Assert.Equal(NoticeReason.WeeklyCap, NoticePolicy.CapFor(BusinessEvents.NoticeTierClose, at, around, 7, 3));
    }

    [Theory]
    [InlineData(BusinessEvents.NoticePointsExpiring, false, NoticeReason.None)]
    [InlineData(BusinessEvents.NoticeTierEnding, false, NoticeReason.None)]
    [InlineData(BusinessEvents.NoticeCouponExpiring, false, NoticeReason.None)]
    [InlineData(BusinessEvents.NoticeTierClose, false, NoticeReason.NoConsent)]
    [InlineData(BusinessEvents.NoticeRewardReachable, false, NoticeReason.NoConsent)]
    [InlineData(BusinessEvents.NoticeTierClose, true, NoticeReason.None)]
    [InlineData(BusinessEvents.NoticeRewardReachable, true, NoticeReason.None)]
    public void ServiceNoticesReachEveryone_MarketingNoticesOnlyMembersWhoConsented(string type, bool consent, NoticeReason expected) =>
        Assert.Equal(expected, NoticePolicy.Decide(type, consent, Utc("2026-03-10 09:00"), [], new NoticeSettings()));

    [Fact]
    public void WithoutConsent_AMarketingNoticeIsSkippedForConsent_BeforeAnyCap()
    {
        PastNotice[] past = [new(BusinessEvents.NoticeTierClose, Utc("2026-03-09 09:00"))];

        Assert.Equal(NoticeReason.NoConsent, NoticePolicy.Decide(BusinessEvents.NoticeTierClose, false, Utc("2026-03-10 09:00"), past, new NoticeSettings()));
    }

    [Theory]
    [InlineData("en", "zh-Hans", "en")]
    [InlineData("zh-Hans", "en", "zh-Hans")]
    [InlineData("ZH-HANS", "en", "zh-Hans")]
    [InlineData(null, "en", "en")] // no choice: the merchant's default
    [InlineData(null, "zh-Hans", "zh-Hans")]
    [InlineData("fr", "en", "en")] // a language we do not write in: the default
    [InlineData(null, "xx", "zh-Hans")]
    public void TheMembersLanguage_FallsBackToTheMerchantsDefault(string? preferred, string merchantDefault, string expected) =>
        Assert.Equal(expected, NoticePolicy.LanguageFor(preferred, merchantDefault));

    [Fact]
    public void WhatAMemberLoses_ComesBeforeWhatTheyCouldGain()
    {
        var ordered = BusinessEvents.Notices.OrderBy(NoticePolicy.Priority).ToList();

        Assert.Equal(BusinessEvents.NoticePointsExpiring, ordered[0]);
        Assert.All(ordered.Take(3), t => Assert.False(NoticePolicy.IsMarketing(t)));
        Assert.All(ordered.Skip(3), t => Assert.True(NoticePolicy.IsMarketing(t)));
    }

    private static DateTime Utc(string shanghai) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.ParseExact(shanghai, "yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), MembersFixture.Shanghai);
}
