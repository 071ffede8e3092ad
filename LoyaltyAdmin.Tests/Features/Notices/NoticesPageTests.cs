using Bunit;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Notices;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Tests.Features.Members;
using LoyaltyAdmin.Tests.Features.Programme;
using LoyaltyAdmin.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static LoyaltyAdmin.Tests.Features.Notices.NoticesTestData;

namespace LoyaltyAdmin.Tests.Features.Notices;

/// <summary>
/// The Notices page as staff see it: the rules in effect, what goes out in the next days, what went out, each text in
/// both languages, and the settings the Owner edits. Points earned on 2026-03-10 expire after 2027-03-09.
/// </summary>
public sealed class NoticesPageTests : ComponentTestBase
{
    private readonly MembersFixture f = Fixture();
    private readonly CultureScope culture = new("en");

    public override Task InitializeAsync()
    {
        Context.Services.AddSingleton(f.Get<NoticeService>());
        Context.Services.AddSingleton(f.Get<MerchantClock>());
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync()
    {
        culture.Dispose();
        await base.DisposeAsync();
        await f.DisposeAsync();
    }

    private async Task<long> MemberWithPointsAsync(string phone)
    {
        var id = await f.AddMemberAsync(phone);
        await f.Ledger.ApplyActivityAsync(id, "evt-" + phone, MembersFixture.Purchase(40m, "O-" + phone, f.Clock.GetUtcNow()));
        return id;
    }

    [Fact]
    public void ThePage_ShowsTheCapsQuietHoursAndConsentRuleInEffect()
    {
        Context.AddAuthorization().SetAuthorized("analyst@shop.test").SetRoles(Roles.Analyst);

        var page = Context.Render<NoticesPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=notice-rules]")));
        var rules = page.Find("[data-testid=notice-rules]").TextContent;
        Assert.Contains("At most one notice of a type every 7 days, and 3 in any 7 days, per member.", rules);
        Assert.Contains("Quiet hours 22:00–09:00, merchant time: notices due then wait until 09:00.", rules);
        Assert.Contains("Members who chose no language read Simplified Chinese.", rules);
        Assert.Contains("go only to members who agreed to marketing messages", rules);
    }

    [Fact]
    public async Task NextSevenDays_CountsTheNoticesByTypeAndDay_AndListsThemWithTheirText()
    {
        await MemberWithPointsAsync("13800000001");
        await MemberWithPointsAsync("13800000002");
        f.Clock.Now = Shanghai("2027-02-28 10:00"); // the 7-day notice for 2027-03-09 falls on 2 March

        var panel = Context.Render<NoticeForecastPanel>(p => p.Add(x => x.Actor, MembersFixture.Analyst));

        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll("[data-testid=notice-upcoming]")));
        var header = panel.FindAll("[data-testid=notice-counts] thead th").Select(th => th.TextContent.Trim()).ToList();
        var row = panel.FindAll($"[data-testid='count-{BusinessEvents.NoticePointsExpiring}'] td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("0", row[header.IndexOf("Mon 03-01") - 1]);
        Assert.Equal("2", row[header.IndexOf("Tue 03-02") - 1]);
        var upcoming = panel.Find("[data-testid=notice-upcoming]").TextContent;
        Assert.Contains("138****0001", upcoming); // an Analyst sees masked phones
        Assert.Contains("03-02 09:00", upcoming); // computed at midnight, held until the quiet hours end
        Assert.Contains("您有40积分有效期至2027年3月9日，逾期将失效，请尽快使用。", upcoming);
    }

    [Fact]
    public async Task SentAndSkipped_ShowWhatWentOut_AndWhySomethingDidNot()
    {
        await LoyaltyAdmin.Tests.Features.Catalogue.CatalogueTestData.ItemAsync(f.DbFactory, "TEA", points: 30);
        var id = await MemberWithPointsAsync("13800000001");
        await f.UpdateMemberAsync(id, m => m.PreferredLanguage = "en");
        var day = new DateOnly(2026, 3, 11);
        await f.CouponAsync(id, "CPN-A", day.AddDays(3));
        f.Clock.Now = Shanghai("2026-03-11 00:05");
        await f.Get<MemberJobs>().RunDayAsync(day);
        f.Clock.Now = Shanghai("2026-03-11 09:00");
        await f.Get<NoticePublisher>().PublishDueAsync();

        var grid = Context.Render<NoticeHistoryGrid>(p => p.Add(x => x.Actor, MembersFixture.Owner));

        grid.WaitForAssertion(() => Assert.Equal(2, grid.FindAll("[data-testid=history-status-cell]").Count));
        var text = grid.Find("[data-testid=notice-history]").TextContent;
        Assert.Contains("Sent", text);
        Assert.Contains("Your coupon \"Welcome coupon\" is valid until 14 Mar 2026", text);
        Assert.Contains("Skipped · No marketing consent", text);
        Assert.Contains("13800000001", text); // the Owner sees the full phone
    }

    [Fact]
    public void Texts_PreviewEveryNoticeInEnglishAndChinese()
    {
        var panel = Context.Render<NoticePreviewPanel>(p => p.Add(x => x.Actor, MembersFixture.Analyst));

        panel.WaitForAssertion(() => Assert.Equal(BusinessEvents.Notices.Count, panel.FindAll("[data-testid^=preview-]").Count));
        var points = panel.Find($"[data-testid='preview-{BusinessEvents.NoticePointsExpiring}']");
        Assert.Contains("150 of your points can be used until", points.QuerySelector("[lang=en]")!.TextContent);
        Assert.Contains("您有150积分有效期至", points.QuerySelector("[lang=zh-Hans]")!.TextContent);
        Assert.Contains("Service: to every member", points.TextContent);
        var reward = panel.Find($"[data-testid='preview-{BusinessEvents.NoticeRewardReachable}']");
        Assert.Contains("Marketing: only with consent", reward.TextContent);
        Assert.All(panel.FindAll("[lang]"), e => Assert.False(string.IsNullOrWhiteSpace(e.TextContent)));
    }

    [Fact]
    public void AnAnalyst_ReadsTheSettings_ButCannotSave()
    {
        var panel = Context.Render<NoticeSettingsPanel>(p => p.Add(x => x.Actor, MembersFixture.Analyst).Add(x => x.Model, new NoticeSettingsModel()));

        Assert.Contains("Only the Owner changes these settings.", panel.Markup);
        Assert.Empty(panel.FindAll("[data-testid=save-notice-settings]"));
    }

    [Fact]
    public async Task TheOwner_SavesCapsAndQuietHours_AndAWrongValueGetsAMessageOnItsField()
    {
        var model = await f.Get<NoticeService>().GetSettingsAsync(MembersFixture.Owner);
        (model.PointsSecondDays, model.WeeklyLimit) = (30, 0);
        var panel = Context.Render<NoticeSettingsPanel>(p => p.Add(x => x.Actor, MembersFixture.Owner).Add(x => x.Model, model));

        await panel.Find("[data-testid=save-notice-settings]").ClickAsync(new());

        panel.WaitForAssertion(() => Assert.Contains("The second notice must come later than the first (fewer days before).", panel.Markup));
        Assert.Contains("Between 1 and 21.", panel.Markup);
        await using (var db = f.NewContext())
            Assert.False(await db.NoticeSettings.AnyAsync());

        (model.PointsSecondDays, model.WeeklyLimit, model.QuietFrom) = (7, 2, TimeSpan.FromHours(21));
        await panel.Find("[data-testid=save-notice-settings]").ClickAsync(new());

        panel.WaitForAssertion(() => Assert.DoesNotContain("Between 1 and 21.", panel.Markup));
        await using var check = f.NewContext();
        var saved = await check.NoticeSettings.SingleAsync();
        Assert.Equal((2, new TimeOnly(21, 0)), (saved.WeeklyLimit, saved.QuietFrom));
        Assert.Contains(await check.AuditLog.Select(a => a.Action).ToListAsync(), a => a == "notices.settings");
    }
}
