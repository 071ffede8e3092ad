using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;
using static LoyaltyAdmin.Tests.Features.Members.TwoStores;

namespace LoyaltyAdmin.Tests.Features.Members;

/// <summary>
/// A StoreManager of S001 works on S001's members; S002's member is found only by their whole phone number and then
/// served, with S001 recorded as the acting store. Checked in the services, whatever a page sends.
/// </summary>
public sealed class StoreScopeTests : IAsyncLifetime
{
    private readonly MembersFixture f = new();
    private TwoStores stores = default!;

    private MemberService Members => f.Get<MemberService>();

    public async Task InitializeAsync() => stores = await SeedAsync(f);

    public async Task DisposeAsync() => await f.DisposeAsync();

    private static AdjustPointsModel Adjust(long memberId, long points) =>
        new() { MemberId = memberId, Points = points, Reason = AdjustmentReason.Goodwill, Note = "welcome" };

    [Fact]
    public async Task StoreManager_ListsSearchesAndCounts_OnlyTheirStoresMembers()
    {
        var all = await Members.SearchAsync(ManagerS1, new MemberQuery());
        var byPrefix = await Members.SearchAsync(ManagerS1, new MemberQuery(Search: "139"));
        var byName = await Members.SearchAsync(ManagerS1, new MemberQuery(Search: "Member"));
        var byCode = await Members.SearchAsync(ManagerS1, new MemberQuery(Search: "R0002800"));
        var otherStore = await Members.SearchAsync(ManagerS1, new MemberQuery(StoreId: stores.S2));

        Assert.Equal((1, LocalPhone), (all.TotalCount, Assert.Single(all.Items).Phone));
        Assert.Equal((1, LocalPhone), (byPrefix.TotalCount, Assert.Single(byPrefix.Items).Phone));
        Assert.Equal((1, LocalPhone), (byName.TotalCount, Assert.Single(byName.Items).Phone));
        Assert.Equal(0, byCode.TotalCount);
        Assert.Equal(0, otherStore.TotalCount);
    }

    [Fact]
    public async Task StoreManager_FindsAVisitingMember_ByTheirWholePhoneNumberOnly()
    {
        var partial = await Members.SearchAsync(ManagerS1, new MemberQuery(Search: "1390000280"));
        var whole = await Members.SearchAsync(ManagerS1, new MemberQuery(Search: "139 0000 2800"));

        Assert.Equal(0, partial.TotalCount);
        Assert.Equal((1, VisitorPhone), (whole.TotalCount, Assert.Single(whole.Items).Phone));
    }

    [Fact]
    public async Task StoreManager_CannotOpenOrServeAnotherStoresMember_ByItsId()
    {
        Assert.Null(await Members.GetDetailAsync(ManagerS1, stores.Visitor));
        Assert.Equal(0, (await Members.GetLedgerAsync(ManagerS1, stores.Visitor, 0, 20)).TotalCount);
        Assert.Empty(await Members.GetTierHistoryAsync(ManagerS1, stores.Visitor));
        var adjusted = await f.Ledger.AdjustAsync(ManagerS1, Adjust(stores.Visitor, 100));

        Assert.Equal(AdjustOutcome.Invalid, adjusted.Outcome);
        Assert.Equal(0, (await f.MemberAsync(stores.Visitor)).PointsBalance);
        Assert.NotNull(await Members.GetDetailAsync(ManagerS1, stores.Local));
        Assert.NotNull(await Members.GetDetailAsync(ManagerS2, stores.Visitor));
    }

    [Fact]
    public async Task AVisitingMember_FoundByWholePhone_IsServed_AndTheAuditShowsTheActingStore()
    {
        await Members.SearchAsync(ManagerS1, new MemberQuery(Search: VisitorPhone));

        var detail = await Members.GetDetailAsync(ManagerS1, stores.Visitor);
        var adjusted = await f.Ledger.AdjustAsync(ManagerS1, Adjust(stores.Visitor, 100));

        Assert.Equal(("Store S002", VisitorPhone), (detail?.StoreName, detail?.Phone));
        Assert.Equal(AdjustOutcome.Applied, adjusted.Outcome);
        Assert.Equal(100, (await f.MemberAsync(stores.Visitor)).PointsBalance);
        Assert.Null(await Members.GetDetailAsync(Actor("manager-3", "other@shop.test", LoyaltyAdmin.Identity.Roles.StoreManager), stores.Visitor));
        var audit = await f.Get<AuditService>().GetPageAsync(Owner, new AuditQuery(null, 0, 10));
        Assert.Equal(["points.adjusted", "access.phone_searched", "member.visit"], audit.Items.Select(a => a.Action));
        Assert.All(audit.Items, a => Assert.Equal("S001 · Store S001", a.StoreName));
    }

    [Fact]
    public async Task AVisit_EndsWithTheMerchantDay()
    {
        await Members.SearchAsync(ManagerS1, new MemberQuery(Search: VisitorPhone));
        f.Clock.Now = new DateTimeOffset(2026, 3, 10, 15, 59, 0, TimeSpan.Zero); // 23:59 in Shanghai
        Assert.NotNull(await Members.GetDetailAsync(ManagerS1, stores.Visitor));

        f.Clock.Now = new DateTimeOffset(2026, 3, 10, 16, 1, 0, TimeSpan.Zero); // 00:01 the next day

        Assert.Null(await Members.GetDetailAsync(ManagerS1, stores.Visitor));
    }

    [Fact]
    public async Task StoreManager_SignsMembersUpIntoTheirOwnStore_AndCannotEditAnotherStoresProfile()
    {
        await Members.SearchAsync(ManagerS1, new MemberQuery(Search: VisitorPhone));
        var registration = new MemberProfileModel { Phone = "13900003900", Name = "New", HomeStoreId = stores.S2 };

        var registered = await Members.SaveProfileAsync(ManagerS1, registration);
        var edit = await Members.SaveProfileAsync(ManagerS1, new MemberProfileModel { Id = stores.Visitor, Name = "Renamed", HomeStoreId = stores.S1 });

        Assert.True(registered.Succeeded);
        Assert.Equal(stores.S1, (await f.MemberAsync(registration.Id)).HomeStoreId);
        Assert.False(edit.Succeeded);
        Assert.Equal(("Member 2800", stores.S2), ((await f.MemberAsync(stores.Visitor)).Name, (await f.MemberAsync(stores.Visitor)).HomeStoreId));
    }

    [Fact]
    public async Task OwnerAndAnalyst_WorkOnEveryStore()
    {
        Assert.Equal(2, (await Members.SearchAsync(Owner, new MemberQuery())).TotalCount);
        Assert.Equal(2, (await Members.SearchAsync(Analyst, new MemberQuery())).TotalCount);
        Assert.NotNull(await Members.GetDetailAsync(Analyst, stores.Visitor));
    }

    [Fact]
    public async Task Approvals_ShowTheStoreARequestCameFrom_AndWhyItWaits()
    {
        await Members.SearchAsync(ManagerS1, new MemberQuery(Search: VisitorPhone));

        var held = await f.Ledger.AdjustAsync(ManagerS1, Adjust(stores.Visitor, 600));

        Assert.Equal((AdjustOutcome.AwaitingApproval, AdjustmentHold.MemberDayLimit), (held.Outcome, held.Hold));
        var row = Assert.Single(await Members.GetPendingApprovalsAsync(Owner));
        Assert.Equal(("Store S001", AdjustmentHold.MemberDayLimit, stores.Visitor), (row.StoreName, row.Hold, row.MemberId));
        await using var db = f.NewContext();
        Assert.Equal(stores.S1, (await db.AuditLog.SingleAsync(a => a.Action == "adjustment.requested")).StoreId);
    }
}
