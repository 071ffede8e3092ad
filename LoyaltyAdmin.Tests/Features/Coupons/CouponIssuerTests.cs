using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Coupons;

public sealed class CouponIssuerTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private CouponIssuer Issuer => f.Get<CouponIssuer>();

    private Task<CouponIssueResult> IssueAsync(Func<LoyaltyAdmin.Data.WriteScope, Task<CouponIssueResult>> issue) =>
        f.Get<LoyaltyAdmin.Data.WritePipeline>().RunAsync(issue);

    private async Task<List<Coupon>> CouponsAsync(long memberId)
    {
        await using var db = f.NewContext();
        return await db.Coupons.AsNoTracking().Where(c => c.MemberId == memberId).OrderBy(c => c.Id).ToListAsync();
    }

    [Fact]
    public async Task Registering_AMember_IssuesTheActiveRegistrationPackOnce_AndAReplayIssuesNothingMore()
    {
        var tenOff = await CouponSeed.TemplateAsync(f.DbFactory, "¥10 off", channel: Channel.MiniProgram);
        var drink = await CouponSeed.TemplateAsync(f.DbFactory, "Free drink", CouponKind.FreeItem, item: "Milk tea", channel: Channel.Store);
        await CouponSeed.PackAsync(f.DbFactory, CouponPackTrigger.Registration, (tenOff, 2), (drink, 1));
        var inactive = await CouponSeed.PackAsync(f.DbFactory, CouponPackTrigger.Registration, (tenOff, 5));
        await using (var db = f.NewContext())
            await db.CouponPacks.Where(p => p.Id == inactive).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false));

        await f.ManagerStoreAsync();
        var model = new MemberProfileModel { Phone = "13812345678", Name = "Li Lei" };
        Assert.True((await f.Get<MemberService>().SaveProfileAsync(Manager, model)).Succeeded);
        var code = (await f.MemberAsync(model.Id)).ReferralCode;
        await f.Ledger.ApplyActivityAsync(model.Id, $"registration:{code}",
            new Activity { Type = ActivityType.Registration, OccurredAt = f.Clock.GetUtcNow() });

        var coupons = await CouponsAsync(model.Id);
        Assert.Equal([tenOff, tenOff, drink], coupons.Select(c => c.TemplateId));
        Assert.All(coupons, c => Assert.Equal((CouponStatus.Issued, CouponSource.Registration), (c.Status, c.Source)));
        Assert.Equal(3, coupons.Select(c => c.Code).Distinct().Count());
        Assert.All(coupons, c => Assert.Matches("^[A-HJKMNP-Z2-9]{12}$", c.Code));
    }

    [Fact]
    public async Task A_TierUpgrade_IssuesThePackOfTheTierReached_AndABirthdayItsPack()
    {
        // No return window, so the purchase counts towards the tier at once.
        await f.UseProgrammeAsync(LoyaltyAdmin.Rules.ProgrammeTemplates.TeaShop with { Expiry = LoyaltyAdmin.Rules.ExpiryPolicy.RollingMonths(12) });
        var gift = await CouponSeed.TemplateAsync(f.DbFactory, "Silver gift");
        var cake = await CouponSeed.TemplateAsync(f.DbFactory, "Birthday cake", CouponKind.FreeItem, item: "Cake");
        var silver = await CouponSeed.PackAsync(f.DbFactory, CouponPackTrigger.TierUpgrade, (gift, 1));
        var gold = await CouponSeed.PackAsync(f.DbFactory, CouponPackTrigger.TierUpgrade, (gift, 3));
        await CouponSeed.PackAsync(f.DbFactory, CouponPackTrigger.Birthday, (cake, 1));
        await using (var db = f.NewContext())
        {
            await db.CouponPacks.Where(p => p.Id == silver).ExecuteUpdateAsync(s => s.SetProperty(p => p.TierCode, "silver"));
            await db.CouponPacks.Where(p => p.Id == gold).ExecuteUpdateAsync(s => s.SetProperty(p => p.TierCode, "gold"));
        }
        var member = await f.AddMemberAsync();

        await f.Ledger.ApplyActivityAsync(member, "small", Purchase(50m, "A1", f.Clock.GetUtcNow()));
        await f.Ledger.ApplyActivityAsync(member, "big", Purchase(300m, "A2", f.Clock.GetUtcNow()));
        await f.Ledger.ApplyActivityAsync(member, "big", Purchase(300m, "A2", f.Clock.GetUtcNow()));
        await f.Ledger.ApplyActivityAsync(member, "bday", new Activity { Type = ActivityType.Birthday, OccurredAt = f.Clock.GetUtcNow() });

        var coupons = await CouponsAsync(member);
        Assert.Equal(("silver", 1), ((await f.MemberAsync(member)).TierCode, coupons.Count(c => c.Source == CouponSource.TierUpgrade && c.PackId == silver)));
        Assert.DoesNotContain(coupons, c => c.PackId == gold);
        Assert.Single(coupons, c => c.Source == CouponSource.Birthday && c.TemplateId == cake);
    }

    [Fact]
    public async Task A_Pack_IsAllOrNothing_WhenOneTemplateIsOutOfStock()
    {
        var plenty = await CouponSeed.TemplateAsync(f.DbFactory, "plenty", stock: 10);
        var scarce = await CouponSeed.TemplateAsync(f.DbFactory, "scarce", stock: 1);
        var pack = await CouponSeed.PackAsync(f.DbFactory, CouponPackTrigger.Manual, (plenty, 1), (scarce, 2));
        var member = await f.AddMemberAsync();

        var result = await IssueAsync(scope => Issuer.IssuePackAsync(scope, member, pack, CouponSource.Manual, "m-1", f.Clock.GetUtcNow().UtcDateTime, default));

        Assert.Equal(CouponIssueStatus.OutOfStock, result.Status);
        Assert.Empty(await CouponsAsync(member));
        await using var check = f.NewContext();
        Assert.Equal([0, 0], await check.CouponTemplates.OrderBy(t => t.Id).Select(t => t.Issued).ToListAsync());
    }

    [Fact]
    public async Task The_SameReference_NeverIssuesTwice()
    {
        var template = await CouponSeed.TemplateAsync(f.DbFactory, stock: 5);
        var member = await f.AddMemberAsync();
        var now = f.Clock.GetUtcNow().UtcDateTime;

        var first = await IssueAsync(scope => Issuer.IssueTemplateAsync(scope, member, template, 2, CouponSource.Manual, "ticket-7", now, default));
        var again = await IssueAsync(scope => Issuer.IssueTemplateAsync(scope, member, template, 2, CouponSource.Manual, "ticket-7", now, default));

        Assert.Equal(CouponIssueStatus.Succeeded, first.Status);
        Assert.Equal(CouponIssueStatus.AlreadyIssued, again.Status);
        Assert.Equal(first.Codes.Order(), again.Codes.Order());
        Assert.Equal(2, (await CouponsAsync(member)).Count);
        await using var check = f.NewContext();
        Assert.Equal(2, (await check.CouponTemplates.SingleAsync()).Issued);
    }

    [Fact]
    public async Task The_PerMemberLimit_CountsEveryCouponTheMemberWasGiven()
    {
        var template = await CouponSeed.TemplateAsync(f.DbFactory, perMember: 2);
        var member = await f.AddMemberAsync();
        var other = await f.AddMemberAsync("13800000002");
        var now = f.Clock.GetUtcNow().UtcDateTime;

        var first = await IssueAsync(scope => Issuer.IssueTemplateAsync(scope, member, template, 2, CouponSource.Manual, "a", now, default));
        var third = await IssueAsync(scope => Issuer.IssueTemplateAsync(scope, member, template, 1, CouponSource.Manual, "b", now, default));
        var otherMember = await IssueAsync(scope => Issuer.IssueTemplateAsync(scope, other, template, 1, CouponSource.Manual, "b", now, default));

        Assert.Equal((CouponIssueStatus.Succeeded, CouponIssueStatus.MemberLimitReached, CouponIssueStatus.Succeeded),
            (first.Status, third.Status, otherMember.Status));
    }

    [Fact]
    public async Task ValidDays_RunThroughTheEndOfTheMerchantDay_NMinusOneDaysAfterIssue()
    {
        var template = await CouponSeed.TemplateAsync(f.DbFactory, validDays: 30);
        var member = await f.AddMemberAsync();
        // 2026-03-01 23:30 in Shanghai: issued late on the 1st, so day 30 is the 30th.
        var issuedAt = new DateTime(2026, 3, 1, 15, 30, 0, DateTimeKind.Utc);

        var result = await IssueAsync(scope => Issuer.IssueTemplateAsync(scope, member, template, 1, CouponSource.Manual, "x", issuedAt, default));

        var coupon = Assert.Single(result.Coupons);
        Assert.Equal(issuedAt, coupon.ValidFromUtc);
        Assert.Equal(new DateTime(2026, 3, 30, 16, 0, 0, DateTimeKind.Utc), coupon.ValidUntilUtc);
    }

    [Fact]
    public async Task A_FixedDateTemplate_WhoseDatesAreOver_IsNotIssued()
    {
        var template = await CouponSeed.TemplateAsync(f.DbFactory, validFrom: new DateOnly(2026, 1, 1), validTo: new DateOnly(2026, 3, 9));
        var member = await f.AddMemberAsync();

        var result = await IssueAsync(scope => Issuer.IssueTemplateAsync(scope, member, template, 1, CouponSource.Manual, "x", f.Clock.GetUtcNow().UtcDateTime, default));

        Assert.Equal(CouponIssueStatus.Inactive, result.Status);
    }
}
