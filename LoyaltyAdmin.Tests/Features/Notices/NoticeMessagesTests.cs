using System.Text.Json;
using LoyaltyAdmin.Features.Notices;

namespace LoyaltyAdmin.Tests.Features.Notices;

/// <summary>The texts members read: in their language, with numbers, dates and money written as that language writes them.</summary>
public sealed class NoticeMessagesTests
{
    [Fact]
    public void PointsExpiring_ReadsInEnglishAndChinese_WithTheAmountAndTheLastDay()
    {
        var data = new PointsExpiringData(1250, new DateOnly(2026, 4, 9), 7);

        Assert.Equal("1,250 of your points can be used until 9 Apr 2026; after that they expire.", NoticeMessages.Render(data, "en", "¥"));
        Assert.Equal("您有1,250积分有效期至2026年4月9日，逾期将失效，请尽快使用。", NoticeMessages.Render(data, "zh-Hans", "¥"));
    }

    [Fact]
    public void TheText_IsInTheMembersLanguage_WhateverTheLanguageOfThePageOrJob()
    {
        using var page = new LoyaltyAdmin.Tests.Rules.UiCulture("en");
        var data = new CouponExpiringData("C8K2", "新人礼券", new DateOnly(2026, 3, 13), 3);

        Assert.Equal("您的优惠券「新人礼券」有效期至2026年3月13日，请及时使用。", NoticeMessages.Render(data, "zh-Hans", "¥"));
    }

    [Fact]
    public void ARewardWithCash_ShowsTheCashInTheMerchantsCurrency()
    {
        var data = new RewardReachableData("TEA", "Signature milk tea", 500, 9.9m, 1620);

        Assert.Equal("You have 1,620 points: enough for Signature milk tea (500 points + HK$9.9).", NoticeMessages.Render(data, "en", "HK$"));
        Assert.Equal("您已有1,620积分，可兑换「Signature milk tea」（500积分+HK$9.9）。", NoticeMessages.Render(data, "zh-Hans", "HK$"));
    }

    [Fact]
    public void TierEnding_SaysWhatKeepsIt_JoinedInTheMembersLanguage()
    {
        var data = new TierEndingData("gold", "Gold", new DateOnly(2026, 4, 9), 30, "silver", "Silver",
            [new ConditionData("rolling_spend", 300, 200, "再消费 ¥200"), new ConditionData("referrals", 1, 2, "再成功邀请 2 人")]);

        Assert.Equal("您的Gold会员有效期至2026年4月9日，再消费 ¥200 或 再成功邀请 2 人即可保级。", NoticeMessages.Render(data, "zh-Hans", "¥"));
    }

    [Fact]
    public void ThePayload_CarriesTheNoticeIdLanguageAndText_BesideTheFigures()
    {
        var data = new PointsExpiringData(150, new DateOnly(2026, 4, 9), 7);

        var payload = JsonDocument.Parse(data.ToPayload(42, "en", "hello").ToJsonString()).RootElement;

        Assert.Equal(42, payload.GetProperty("noticeId").GetInt64());
        Assert.Equal("en", payload.GetProperty("language").GetString());
        Assert.Equal("hello", payload.GetProperty("text").GetString());
        Assert.Equal(150, payload.GetProperty("points").GetInt64());
        Assert.Equal("2026-04-09", payload.GetProperty("expiresOn").GetString());
        Assert.Equal(7, payload.GetProperty("daysLeft").GetInt32());
    }
}
