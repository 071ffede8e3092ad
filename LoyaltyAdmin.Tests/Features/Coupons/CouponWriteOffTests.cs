using System.Security.Claims;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Coupons;

public sealed class CouponWriteOffTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons());
    private int storeId;

    public async Task InitializeAsync()
    {
        await using var db = f.NewContext();
        var store = new Store { Code = "S01", Name = "People's Square" };
        db.Stores.Add(store);
        await db.SaveChangesAsync();
        storeId = store.Id;
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    private CouponWriteOff WriteOff => f.Get<CouponWriteOff>();

    /// <summary>A store manager of the test store (the sign-in puts the store on the principal).</summary>
    private LoyaltyAdmin.Features.StaffActor Till => LoyaltyAdmin.Features.StaffActor.From(new ClaimsPrincipal(new ClaimsIdentity(
    [
        new Claim(ClaimTypes.NameIdentifier, "manager-1"), new Claim(ClaimTypes.Name, "manager@shop.test"),
        new Claim(ClaimTypes.Role, LoyaltyAdmin.Identity.Roles.StoreManager),
        new Claim(LoyaltyAdmin.Identity.LoyaltyClaimsPrincipalFactory.StoreIdClaim, storeId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ], "test")));

    /// <summary>Issues one coupon of a new template to a new member at the fixture's now; answers its code.</summary>
    private async Task<string> CouponAsync(CouponKind kind = CouponKind.AmountOff, decimal? amount = 10, int? percent = null, decimal? cap = null,
        decimal? minimum = null, Channel? channel = null, DateOnly? validTo = null, string phone = "13800000001")
    {
        var template = await CouponSeed.TemplateAsync(f.DbFactory, kind: kind, amount: amount, percent: percent, maxDiscount: cap, minimumSpend: minimum,
            channel: channel, validFrom: validTo is null ? null : new DateOnly(2026, 1, 1), validTo: validTo, item: kind == CouponKind.FreeItem ? "Milk tea" : null);
        var member = await f.AddMemberAsync(phone);
        var result = await f.Get<LoyaltyAdmin.Data.WritePipeline>().RunAsync(scope =>
            f.Get<CouponIssuer>().IssueTemplateAsync(scope, member, template, 1, CouponSource.Manual, "t", scope.NowUtc, default));
        return Assert.Single(result.Codes);
    }

    private WriteOffRequest At(string code, decimal amount, Channel channel = Channel.Store, string requestId = "req-1") =>
        new(code, channel, storeId, amount, "ORD-1", requestId);

    public static TheoryData<CouponKind, decimal?, int?, decimal?, decimal, decimal> Discounts => new()
    {
        { CouponKind.AmountOff, 10m, null, null, 58m, 10m },
        { CouponKind.AmountOff, 10m, null, null, 6.5m, 6.5m },    // never more than the order
        { CouponKind.PercentOff, null, 10, null, 58m, 5.8m },
        { CouponKind.PercentOff, null, 10, 20m, 500m, 20m },      // the cap
        { CouponKind.PercentOff, null, 15, null, 33.33m, 4.99m }, // rounds down to the fen
        { CouponKind.FreeItem, null, null, null, 30m, 0m },
        { CouponKind.FreeShipping, null, null, null, 30m, 0m },
    };

    [Theory]
    [MemberData(nameof(Discounts))]
    public async Task Each_Kind_GivesItsDiscount_ForTheOrderAmount(CouponKind kind, decimal? amount, int? percent, decimal? cap, decimal order, decimal discount)
    {
        var code = await CouponAsync(kind, amount, percent, cap);

        var check = await WriteOff.CheckAsync(Till, At(code, order));

        Assert.Equal(WriteOffOutcome.Valid, check.Outcome);
        Assert.Equal(discount, check.Discount);
    }

    [Theory]
    [InlineData(Channel.MiniProgram, Channel.MiniProgram, true)]
    [InlineData(Channel.MiniProgram, Channel.Store, false)]
    [InlineData(Channel.App, Channel.MiniProgram, false)]
    [InlineData(Channel.Store, Channel.Store, true)]
    [InlineData(null, Channel.App, true)]
    public async Task A_ChannelRestriction_AdmitsOnlyItsChannel(Channel? only, Channel usedIn, bool valid)
    {
        var code = await CouponAsync(channel: only);

        var check = await WriteOff.CheckAsync(Till, At(code, 50m, usedIn));

        Assert.Equal(valid ? WriteOffOutcome.Valid : WriteOffOutcome.NotValid, check.Outcome);
        Assert.Equal(valid, check.Checks.Single(c => c.Kind == WriteOffCheckKind.Channel).Passed);
    }

    [Theory]
    [InlineData(49.99, false)]
    [InlineData(50, true)]
    [InlineData(120, true)]
    public async Task A_MinimumSpend_IsReachedAtExactlyTheThreshold(decimal order, bool valid)
    {
        var code = await CouponAsync(amount: 10, minimum: 50);

        var check = await WriteOff.CheckAsync(Till, At(code, order));

        Assert.Equal(valid, check.CanRedeem);
        if (!valid)
            Assert.Contains("50", check.Reason);
    }

    [Theory]
    [InlineData("2026-03-31T15:59:59Z", true)]
    [InlineData("2026-03-31T16:00:00Z", false)]
    public async Task A_CouponValidThroughMarch31InShanghai_EndsAtMerchantMidnight(string now, bool valid)
    {
        var code = await CouponAsync(validTo: new DateOnly(2026, 3, 31));
        f.Clock.Now = DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture);

        var check = await WriteOff.CheckAsync(Till, At(code, 50m));

        Assert.Equal(valid, check.Checks.Single(c => c.Kind == WriteOffCheckKind.Dates).Passed);
        Assert.Equal(valid ? WriteOffOutcome.Valid : WriteOffOutcome.NotValid, check.Outcome);
    }

    [Fact]
    public async Task An_UnknownCode_IsNotFound()
    {
        var check = await WriteOff.CheckAsync(Till, At("NOPE12345678", 50m));

        Assert.Equal(WriteOffOutcome.NotFound, check.Outcome);
    }

    [Fact]
    public async Task The_SameRequestTwice_RedeemsOnce_AndAnswersTheSameSuccess()
    {
        var code = await CouponAsync();

        var first = await WriteOff.RedeemAsync(Till, At(code.ToLowerInvariant(), 58m));
        var again = await WriteOff.RedeemAsync(Till, At(code, 58m));
        var other = await WriteOff.RedeemAsync(Till, At(code, 58m, requestId: "req-2"));

        Assert.Equal((WriteOffOutcome.Redeemed, false), (first.Outcome, first.Replayed));
        Assert.Equal((WriteOffOutcome.Redeemed, true, 10m), (again.Outcome, again.Replayed, again.Discount));
        Assert.Equal(WriteOffOutcome.AlreadyRedeemed, other.Outcome);
        await using var db = f.NewContext();
        var coupon = await db.Coupons.SingleAsync();
        Assert.Equal((CouponStatus.Redeemed, storeId, "ORD-1", 10m, "req-1"),
            (coupon.Status, coupon.RedeemedStoreId!.Value, coupon.RedeemedOrderId!, coupon.RedeemedDiscount!.Value, coupon.RedeemRequestId!));
        Assert.Equal(1, await db.AuditLog.CountAsync(a => a.Action == "coupon.redeemed"));
    }

    [Fact]
    public async Task Two_Tills_RedeemingOneCouponAtOnce_OnlyOneSucceeds()
    {
        var code = await CouponAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => WriteOff.RedeemAsync(Till, At(code, 58m, requestId: $"till-{i}")))));

        Assert.Single(results, r => r.Outcome == WriteOffOutcome.Redeemed);
        Assert.All(results.Where(r => r.Outcome != WriteOffOutcome.Redeemed), r => Assert.Equal(WriteOffOutcome.AlreadyRedeemed, r.Outcome));
    }

    [Fact]
    public async Task A_StoreManager_WritesOffInTheirOwnStoreOnly()
    {
        var code = await CouponAsync();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => WriteOff.RedeemAsync(Till, At(code, 58m) with { StoreId = storeId + 1 }));
        var withoutStore = MembersFixture.Actor("manager-9", "nostore@shop.test", LoyaltyAdmin.Identity.Roles.StoreManager);
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => WriteOff.RedeemAsync(withoutStore, At(code, 58m)));
    }

    [Fact]
    public async Task An_Analyst_CannotWriteOff()
    {
        var code = await CouponAsync();

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => WriteOff.RedeemAsync(Analyst, At(code, 58m)));
    }
}
