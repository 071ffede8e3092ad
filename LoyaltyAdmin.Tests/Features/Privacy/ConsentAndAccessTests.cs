using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Privacy;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Privacy;

/// <summary>Consent recorded by staff (history, audit, who may), marketing's audience and the consent rate; the access log.</summary>
public sealed class ConsentAndAccessTests : IAsyncDisposable
{
    private readonly MembersFixture f = new(configure: s => s.AddPrivacy().AddReports());

    public ValueTask DisposeAsync() => f.DisposeAsync();

    private ConsentService Consents => f.Get<ConsentService>();

    [Fact]
    public async Task StaffRecordingConsent_KeepsTheHistory_AuditsIt_AndMovesTheMembersFlag()
    {
        var member = await f.AddStoreMemberAsync("13900000011");

        Assert.True((await Consents.SetAsync(Manager, member, true)).Succeeded);
        f.Clock.Advance(TimeSpan.FromDays(3));
        Assert.True((await Consents.SetAsync(Manager, member, false)).Succeeded);

        var view = (await Consents.GetAsync(Owner, member))!;
        Assert.False(view.Consent);
        Assert.Equal((ConsentService.ConsoleSource, f.Clock.GetUtcNow().UtcDateTime), (view.Source, view.ChangedAtUtc));
        Assert.Equal([false, true], view.History.Select(h => h.Consent)); // newest first
        await using var db = f.NewContext();
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "member.consent" && a.EntityId == member.ToString() && a.UserId == Manager.UserId));
        Assert.Equal(2, await db.ConsentChanges.CountAsync(c => c.MemberId == member && c.ByName == Manager.Name));
    }

    [Fact]
    public async Task ConsentIsRecordedOnlyByStaffWhoServeTheMember_AndNeverByAnAnalyst()
    {
        var elsewhere = await f.AddMemberAsync("13900000012");

        Assert.False((await Consents.SetAsync(Manager, elsewhere, true)).Succeeded);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Consents.SetAsync(Analyst, elsewhere, true));
        Assert.False((await f.MemberAsync(elsewhere)).MarketingConsent);
    }

    [Fact]
    public async Task MarketingReachesOnlyActiveConsentingMembers_AndTheReportCountsTheRate()
    {
        var yes = await f.AddMemberAsync("13900000021");
        var no = await f.AddMemberAsync("13900000022");
        var neverAsked = await f.AddMemberAsync("13900000023");
        var erased = await f.AddMemberAsync("13900000024");
        await Consents.SetAsync(Owner, yes, true);
        await Consents.SetAsync(Owner, no, false);
        await Consents.SetAsync(Owner, erased, true);
        await f.Get<MemberErasure>().EraseAsync(Owner, erased);

        await using (var db = f.NewContext())
            Assert.Equal([yes], await MemberConsent.Consenting(db.Members).Select(m => m.Id).ToListAsync());
        Assert.True(MemberConsent.MayMarketTo(await f.MemberAsync(yes)));
        Assert.False(MemberConsent.MayMarketTo(await f.MemberAsync(erased)));

        var report = await f.Get<ReportService>().ConsentAsync(Owner, ReportFilter.Month(202603));
        Assert.Equal((3L, 1L, 1L), (report.Members, report.Consenting, report.NeverAsked)); // the erased member is no longer counted
        Assert.Equal(0.3333m, Math.Round(report.Share, 4));
        Assert.Equal(new ConsentRow("console", 2, 1, 0.5m), report.BySource.Single());
        _ = neverAsked;
    }

    [Fact]
    public async Task SearchesByPhone_AndExports_AreInTheAccessLog_ReadByStaffOrByMember_WithoutThePhone()
    {
        var member = await f.AddStoreMemberAsync("13900000031");
        await f.Get<MemberService>().SearchAsync(Manager, new MemberQuery(Search: "13900000031"));
        await f.Get<MemberService>().SearchAsync(Owner, new MemberQuery(Search: "13900000099")); // nobody has it
        await f.Get<MemberDataExport>().ForMemberAsync(Owner, member, "xlsx");
        await f.Get<AccessLog>().MemberViewedAsync(Owner, member);
        await f.Get<AccessLog>().MemberViewedAsync(Analyst, member); // masked page: nothing to log

        var audit = f.Get<AuditService>();
        var byManager = await audit.GetPageAsync(Owner, new AuditQuery(null, 0, 50, UserId: Manager.UserId, AccessOnly: true));
        Assert.Equal([(AccessLog.PhoneSearched, member.ToString())], byManager.Items.Select(r => (r.Action, r.EntityId)));
        var aboutMember = await audit.GetPageAsync(Owner, new AuditQuery(null, 0, 50, MemberId: member, AccessOnly: true));
        Assert.Equal([AccessLog.MemberViewed, AccessLog.MemberExported, AccessLog.PhoneSearched], aboutMember.Items.Select(r => r.Action));
        Assert.Equal(member, await audit.FindMemberAsync(Owner, "13900000031"));
        var all = await audit.GetPageAsync(Owner, new AuditQuery(null, 0, 50, AccessOnly: true));
        Assert.Equal(4, all.TotalCount);
        Assert.DoesNotContain(all.Items, r => (r.Before + r.After).Contains("13900000031") || (r.Before + r.After).Contains("13900000099"));
        Assert.Contains(all.Items, r => r.After?.Contains("139****0099") == true);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => audit.GetPageAsync(Manager, new AuditQuery(null, 0, 50, AccessOnly: true)));
    }
}
