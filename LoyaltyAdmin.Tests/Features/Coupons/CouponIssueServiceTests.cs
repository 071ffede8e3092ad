using ClosedXML.Excel;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Coupons;

public sealed class CouponIssueServiceTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private CouponIssueService Issuing => f.Get<CouponIssueService>();
    private CouponService Coupons => f.Get<CouponService>();

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

    private async Task<int> CouponCountAsync()
    {
        await using var db = f.NewContext();
        return await db.Coupons.CountAsync();
    }

    [Fact]
    public async Task An_UploadedList_WithABadRow_ReportsEveryBadRow_AndIssuesNothing()
    {
        await f.AddMemberAsync("13800000001");
        await f.AddMemberAsync("13800000002");
        var template = await CouponSeed.TemplateAsync(f.DbFactory);

        var preview = await Issuing.PreviewImportAsync(Owner, Sheet("13800000001", "12345", "13800000009", "138 0000 0001", "13800000002"), "list.xlsx");
        var applied = await Issuing.ApplyImportAsync(Owner, preview, new IssueTarget(template, null), "batch-1");

        Assert.False(preview.IsValid);
        Assert.Equal([3, 4, 5], preview.BadRows.Select(r => r.RowNumber));
        Assert.False(applied.Succeeded);
        Assert.Equal(0, await CouponCountAsync());
    }

    [Fact]
    public async Task An_UploadedList_WithControlOrBidiCharactersInAPhone_ReportsTheRow_AndIssuesNothing()
    {
        await f.AddMemberAsync("13800000001");
        await f.AddMemberAsync("13800000002");
        var template = await CouponSeed.TemplateAsync(f.DbFactory);

        var preview = await Issuing.PreviewImportAsync(Owner, Sheet("13800000001", "1380000\n0002", "\u202E13800000002"), "list.xlsx");
        var applied = await Issuing.ApplyImportAsync(Owner, preview, new IssueTarget(template, null), "batch-safe");

        Assert.Equal([3, 4], preview.BadRows.Select(r => r.RowNumber));
        Assert.All(preview.BadRows, r => Assert.StartsWith("Must not contain", r.Error));
        Assert.False(applied.Succeeded);
        Assert.Equal(0, await CouponCountAsync());
    }

    [Fact]
    public async Task An_UploadedList_IsAllOrNothing_WhenStockRunsOutPartWay()
    {
        await f.AddMemberAsync("13800000001");
        await f.AddMemberAsync("13800000002");
        await f.AddMemberAsync("13800000003");
        var template = await CouponSeed.TemplateAsync(f.DbFactory, stock: 2);

        var preview = await Issuing.PreviewImportAsync(Owner, Sheet("13800000001", "13800000002", "13800000003"), "list.xlsx");
        var applied = await Issuing.ApplyImportAsync(Owner, preview, new IssueTarget(template, null), "batch-1");

        Assert.True(preview.IsValid);
        Assert.False(applied.Succeeded);
        Assert.Equal(4, Assert.Single(applied.Rows).RowNumber);
        Assert.Equal(0, await CouponCountAsync());
        await using var db = f.NewContext();
        Assert.Equal(0, (await db.CouponTemplates.SingleAsync()).Issued);
    }

    [Fact]
    public async Task A_ValidList_IssuesToEveryMember_Once_AndIsAudited()
    {
        await f.AddMemberAsync("13800000001");
        await f.AddMemberAsync("13800000002");
        var template = await CouponSeed.TemplateAsync(f.DbFactory);
        var preview = await Issuing.PreviewImportAsync(Owner, Sheet("13800000001", "13800000002"), "list.xlsx");

        var applied = await Issuing.ApplyImportAsync(Owner, preview, new IssueTarget(template, null, 2), "batch-1");
        var again = await Issuing.ApplyImportAsync(Owner, preview, new IssueTarget(template, null, 2), "batch-1");

        Assert.Equal((true, 2, 4), (applied.Succeeded, applied.Members, applied.Coupons));
        Assert.Equal((true, 0), (again.Succeeded, again.Coupons));
        Assert.Equal(4, await CouponCountAsync());
        await using var db = f.NewContext();
        Assert.Equal(2, await db.AuditLog.CountAsync(a => a.Action == "coupon.imported"));
    }

    [Fact]
    public async Task A_Segment_IsCountedFirst_ThenIssuedToItsActiveMembersOnly()
    {
        await f.AddMemberAsync("13800000001", tier: "silver");
        await f.AddMemberAsync("13800000002", tier: "silver");
        await f.AddMemberAsync("13800000003", tier: "regular");
        var template = await CouponSeed.TemplateAsync(f.DbFactory);
        var silver = new SegmentFilter("silver", null, null, null);

        var count = await Issuing.CountSegmentAsync(Owner, silver);
        var result = await Issuing.IssueToSegmentAsync(Owner, silver, new IssueTarget(template, null), "seg-1");

        Assert.Equal(2, count);
        Assert.Equal(new SegmentIssueResult(2, 2, 0, 0), result);
        Assert.Equal(2, await CouponCountAsync());
    }

    [Fact]
    public async Task Issued_Coupons_ExpireInTheDailyJobs_AfterTheirLastMerchantDay()
    {
        var member = await f.AddStoreMemberAsync();
        var template = await CouponSeed.TemplateAsync(f.DbFactory, validDays: 1);
        await Issuing.IssueAsync(Manager, member, new IssueTarget(template, null), "r-1");
        var jobs = f.Get<MemberJobs>();

        await jobs.RunDayAsync(new DateOnly(2026, 3, 10));
        await using (var db = f.NewContext())
            Assert.Equal(CouponStatus.Issued, (await db.Coupons.SingleAsync()).Status);
        await jobs.RunDayAsync(new DateOnly(2026, 3, 11));

        await using var check = f.NewContext();
        Assert.Equal(CouponStatus.Expired, (await check.Coupons.SingleAsync()).Status);
    }

    [Fact]
    public async Task Voiding_NeedsAReason_AndOnlyAnUnusedCouponCanBeVoided()
    {
        var member = await f.AddStoreMemberAsync();
        var template = await CouponSeed.TemplateAsync(f.DbFactory);
        await Issuing.IssueAsync(Manager, member, new IssueTarget(template, null), "r-1");
        await using var db = f.NewContext();
        var id = (await db.Coupons.SingleAsync()).Id;

        var noReason = await Issuing.VoidAsync(Manager, id, " ");
        var voided = await Issuing.VoidAsync(Manager, id, "Issued to the wrong member");
        var twice = await Issuing.VoidAsync(Manager, id, "again");

        Assert.NotNull(noReason.For("Reason"));
        Assert.True(voided.Succeeded);
        Assert.False(twice.Succeeded);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => Issuing.VoidAsync(Analyst, id, "x"));
    }

    [Fact]
    public async Task Analysts_SeeMaskedCodes_StaffWhoWriteOffSeeThemInFull()
    {
        var member = await f.AddStoreMemberAsync();
        var template = await CouponSeed.TemplateAsync(f.DbFactory);
        var code = Assert.Single((await Issuing.IssueAsync(Manager, member, new IssueTarget(template, null), "r-1")).Codes);

        var analyst = await f.Get<CouponListService>().SearchAsync(Analyst, new CouponQuery(null, null, null, 0, 20));
        var manager = await f.Get<CouponListService>().SearchAsync(Manager, new CouponQuery("138 0000 0001", CouponStatus.Issued, null, 0, 20));

        Assert.Equal(code[^4..], analyst.Rows[0].Code[^4..]);
        Assert.DoesNotContain(code[..8], analyst.Rows[0].Code);
        Assert.Equal(code, Assert.Single(manager.Rows).Code);
    }

    public static TheoryData<Action<CouponTemplateModel>, string> InvalidTemplates => new()
    {
        { m => m.Amount = 0, nameof(CouponTemplateModel.Amount) },
        { m => { m.Amount = 60; m.MinimumSpend = 50; }, nameof(CouponTemplateModel.Amount) },
        { m => { m.Kind = CouponKind.PercentOff; m.Percent = 100; }, nameof(CouponTemplateModel.Percent) },
        { m => { m.Kind = CouponKind.PercentOff; m.Percent = 0; }, nameof(CouponTemplateModel.Percent) },
        { m => { m.Kind = CouponKind.FreeItem; m.ItemName = " "; }, nameof(CouponTemplateModel.ItemName) },
        { m => { m.Validity = ValidityMode.Dates; m.ValidFrom = new DateTime(2026, 4, 1); m.ValidTo = new DateTime(2026, 3, 31); }, nameof(CouponTemplateModel.ValidTo) },
        { m => m.ValidDays = 0, nameof(CouponTemplateModel.ValidDays) },
        { m => m.Stock = 0, nameof(CouponTemplateModel.Stock) },
        { m => m.PerMemberLimit = 0, nameof(CouponTemplateModel.PerMemberLimit) },
        { m => m.Name = "", nameof(CouponTemplateModel.Name) },
    };

    [Theory]
    [MemberData(nameof(InvalidTemplates))]
    public async Task An_InvalidTemplate_GetsAFieldMessage_AndSavesNothing(Action<CouponTemplateModel> spoil, string field)
    {
        var model = new CouponTemplateModel { Name = "¥10 off", Kind = CouponKind.AmountOff, Amount = 10, ValidDays = 30 };
        spoil(model);

        var result = await Coupons.SaveTemplateAsync(Owner, model);

        Assert.NotNull(result.For(field));
        await using var db = f.NewContext();
        Assert.False(await db.CouponTemplates.AnyAsync());
    }

    [Fact]
    public async Task The_Stock_CannotGoBelowWhatWasIssued()
    {
        var model = new CouponTemplateModel { Name = "¥10 off", Kind = CouponKind.AmountOff, Amount = 10, ValidDays = 30, Stock = 5 };
        Assert.True((await Coupons.SaveTemplateAsync(Owner, model)).Succeeded);
        var member = await f.AddMemberAsync();
        await Issuing.IssueAsync(Owner, member, new IssueTarget(model.Id, null, 3), "r-1");

        var edited = (await Coupons.GetTemplateAsync(Owner, model.Id))!;
        edited.Stock = 2;
        var result = await Coupons.SaveTemplateAsync(Owner, edited);

        Assert.Contains("3", result.For(nameof(CouponTemplateModel.Stock)));
    }

    [Fact]
    public void The_Preview_ReadsAsTheMemberSeesIt_InEnglishAndChinese()
    {
        var terms = new CouponTermsView(CouponKind.AmountOff, 10, null, null, null, 50, Channel.MiniProgram, 30, null, null);
        var l = f.Get<Microsoft.Extensions.Localization.IStringLocalizer<CouponsText>>();
        var culture = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("en");
            Assert.Equal("¥10 off orders over ¥50 · mini-program only · valid 30 days", CouponDescription.Describe(l, terms, "CNY"));
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("zh-Hans");
            Assert.Equal("满50减10 · 仅限小程序 · 领取后30天内有效", CouponDescription.Describe(l, terms, "CNY"));
            Assert.Equal("满100享8.5折（最高减20） · 全渠道通用 · 领取后7天内有效", CouponDescription.Describe(l,
                new CouponTermsView(CouponKind.PercentOff, null, 15, 20, null, 100, null, 7, null, null), "CNY"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = culture;
        }
    }
}
