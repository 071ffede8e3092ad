using ClosedXML.Excel;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;
using static LoyaltyAdmin.Tests.Features.Members.TwoStores;

namespace LoyaltyAdmin.Tests.Features.Coupons;

/// <summary>Coupons of S002's member, as S001's manager meets them: in lists, by code at the till, and when issuing or voiding.</summary>
public sealed class CouponScopeTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons());
    private TwoStores stores = default!;
    private long template;

    private CouponIssueService Issuing => f.Get<CouponIssueService>();
    private CouponListService Lists => f.Get<CouponListService>();

    public async Task InitializeAsync()
    {
        stores = await SeedAsync(f);
        template = await CouponSeed.TemplateAsync(f.DbFactory);
        await Issuing.IssueAsync(Owner, stores.Local, new IssueTarget(template, null), "local");
        await Issuing.IssueAsync(Owner, stores.Visitor, new IssueTarget(template, null), "visitor");
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    private async Task<Coupon> CouponOfAsync(long memberId)
    {
        await using var db = f.NewContext();
        return await db.Coupons.AsNoTracking().SingleAsync(c => c.MemberId == memberId);
    }

    [Fact]
    public async Task StoreManager_CouponList_ShowsTheirStoresMembers_AndAVisitorsOnlyByWholePhoneOrCode()
    {
        var visitorCoupon = await CouponOfAsync(stores.Visitor);

        var list = await Lists.SearchAsync(ManagerS1, new CouponQuery(null, null, null, 0, 20));
        var byMemberId = await Lists.SearchAsync(ManagerS1, new CouponQuery(null, null, stores.Visitor, 0, 20));
        var byPhone = await Lists.SearchAsync(ManagerS1, new CouponQuery("139 0000 2800", null, null, 0, 20));
        var byCode = await Lists.SearchAsync(ManagerS1, new CouponQuery(visitorCoupon.Code, null, null, 0, 20));

        Assert.Equal((1, LocalPhone), (list.Total, Assert.Single(list.Rows).MemberPhone));
        Assert.Equal(0, byMemberId.Total);
        Assert.Equal(visitorCoupon.Id, Assert.Single(byPhone.Rows).Id);
        Assert.Equal(visitorCoupon.Id, Assert.Single(byCode.Rows).Id);
        Assert.Equal(2, (await Lists.SearchAsync(Owner, new CouponQuery(null, null, null, 0, 20))).Total);
    }

    [Fact]
    public async Task StoreManager_CannotIssueToOrVoid_AnotherStoresMembersCoupons_ByTheirIds()
    {
        var coupon = await CouponOfAsync(stores.Visitor);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Issuing.IssueAsync(ManagerS1, stores.Visitor, new IssueTarget(template, null), "x"));
        var voided = await Issuing.VoidAsync(ManagerS1, coupon.Id, "wrong member");

        Assert.Equal("This coupon belongs to a member of another store: search for their whole phone number to serve them.", voided.For(""));
        Assert.Equal(CouponStatus.Issued, (await CouponOfAsync(stores.Visitor)).Status);
        Assert.True((await Issuing.VoidAsync(ManagerS2, coupon.Id, "wrong member")).Succeeded);
    }

    [Fact]
    public async Task StoreManager_ServesAVisitor_FoundByWholePhone_OnTheCouponsPage()
    {
        await Lists.SearchAsync(ManagerS1, new CouponQuery(VisitorPhone, null, null, 0, 20));

        var issued = await Issuing.IssueAsync(ManagerS1, stores.Visitor, new IssueTarget(template, null), "served");
        var memberCoupons = await Lists.SearchAsync(ManagerS1, new CouponQuery(null, null, stores.Visitor, 0, 20));

        Assert.True(issued.Succeeded);
        Assert.Equal(2, memberCoupons.Total);
    }

    [Fact]
    public async Task StoreManager_Segments_AreTheirStore_AndAListRefusesAnotherStoresMembers()
    {
        var count = await Issuing.CountSegmentAsync(ManagerS1, new SegmentFilter(null, null, null, stores.S2));
        using var sheet = Sheet(LocalPhone, VisitorPhone);
        var preview = await Issuing.PreviewImportAsync(ManagerS1, sheet, "list.xlsx");

        Assert.Equal(1, count);
        Assert.False(preview.IsValid);
        Assert.Equal([3], preview.BadRows.Select(r => r.RowNumber));
    }

    [Fact]
    public async Task WriteOff_OfAVisitorsCoupon_AtTheManagersTill_RecordsTheActingStore()
    {
        var code = (await CouponOfAsync(stores.Visitor)).Code;

        var result = await f.Get<CouponWriteOff>().RedeemAsync(ManagerS1, new WriteOffRequest(code, Channel.Store, stores.S1, 68m, "POS-1", "w-1"));

        Assert.Equal(WriteOffOutcome.Redeemed, result.Outcome);
        Assert.Equal(stores.S1, (await CouponOfAsync(stores.Visitor)).RedeemedStoreId);
        await using var db = f.NewContext();
        Assert.Equal(stores.S1, (await db.AuditLog.SingleAsync(a => a.Action == "coupon.redeemed")).StoreId);
    }

    private static MemoryStream Sheet(params string[] phones)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.AddWorksheet("Members");
        sheet.Cell(1, 1).Value = "Phone";
        for (var i = 0; i < phones.Length; i++)
            sheet.Cell(i + 2, 1).Value = phones[i];
        var stream = new MemoryStream();
        workbook.SaveAs(stream);
        stream.Position = 0;
        return stream;
    }
}
