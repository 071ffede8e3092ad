using LoyaltyAdmin.Features.Campaigns;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Tests.Features.Coupons;
using LoyaltyAdmin.Tests.Features.Members;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Retention;

public sealed class LiftTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddCoupons().AddCampaigns());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public void TheLift_MatchesTheFiguresComputedByHand()
    {
        // p_t = 30/100 = 0.30, p_c = 10/50 = 0.20, difference 0.10;
        // SE = √(0.3·0.7/100 + 0.2·0.8/50) = √0.0053 = 0.072801; 1.96 · SE = 0.142689 → [−0.042689, 0.242689].
        // Revenue per member 30 and 16: incremental (30 − 16) · 100 = 1,400; return on cost (1,400 − 200) / 200 = 6.
        var lift = LiftStatistics.Compute(new GroupOutcome(100, 30, 3000m), new GroupOutcome(50, 10, 800m), 200m);

        Assert.Equal(0.10, lift.Difference, 6);
        Assert.Equal(-0.042689, lift.Low, 5);
        Assert.Equal(0.242689, lift.High, 5);
        Assert.Equal(1400m, lift.IncrementalRevenue);
        Assert.Equal(6m, lift.ReturnOnCost);
        Assert.False(lift.Significant);
    }

    [Fact]
    public void WithoutControlOrCost_TheLiftSaysNothingItCannotKnow()
    {
        var lift = LiftStatistics.Compute(new GroupOutcome(10, 5, 100m), new GroupOutcome(0, 0, 0m), 0m);

        Assert.Equal(0m, lift.IncrementalRevenue);
        Assert.Null(lift.ReturnOnCost);
        Assert.False(lift.Significant);
    }

    [Fact]
    public async Task TheResults_CountPurchasesInTheWindowOnly_AndCostRedeemedCouponsAndPoints()
    {
        var members = new List<long>();
        for (var i = 1; i <= 6; i++)
            members.Add(await f.AddMemberAsync($"1380000000{i}"));
        var template = await CouponSeed.TemplateAsync(f.DbFactory, amount: 10);
        var now = f.Clock.GetUtcNow().UtcDateTime;
        await using (var db = f.NewContext())
        {
            var automation = new Automation { Name = "Win back", SegmentId = 1, Points = 100, AttributionDays = 30, Status = AutomationStatus.Active };
            db.Automations.Add(automation);
            await db.SaveChangesAsync();
            var day = DateOnly.FromDateTime(now.AddDays(-40));
            // Treated: members 1–4 (100 points each); control: members 5–6. All picked 40 days ago.
            for (var i = 0; i < 6; i++)
                db.AutomationGrants.Add(new AutomationGrant
                {
                    AutomationId = automation.Id, MemberId = members[i], Period = day, IsControl = i >= 4, GrantedAtUtc = now.AddDays(-40), Points = i >= 4 ? 0 : 100,
                });
            db.Coupons.Add(new Coupon
            {
                Code = "LIFT00000001", MemberId = members[0], TemplateId = template, Status = CouponStatus.Redeemed, Source = CouponSource.Automation,
                Reference = $"automation:{automation.Id}:20260129", RedeemedDiscount = 10m,
            });
            await db.SaveChangesAsync();
        }
        await f.OrderAsync(members[0], 50m, daysAgo: 35);  // in the window
        await f.OrderAsync(members[1], 40m, daysAgo: 20, refunded: 10m); // in the window, net 30
        await f.OrderAsync(members[2], 99m, daysAgo: 5);   // after the window: not counted
        await f.OrderAsync(members[3], 99m, daysAgo: 45);  // before the pick: not counted
        await f.OrderAsync(members[4], 20m, daysAgo: 30);  // control, in the window

        var lift = (await f.Get<LiftService>().MeasureAsync(Owner, 1))!;

        // Treated 2/4 returned with ¥80: ¥20 a member; control 1/2 with ¥20: ¥10 a member. Incremental (20 − 10) · 4 = ¥40.
        // Cost: one ¥10 coupon redeemed + 400 points · ¥0.01 = ¥14; return on cost (40 − 14) / 14 = 1.857.
        Assert.Equal(new GroupOutcome(4, 2, 80m), lift.Treated);
        Assert.Equal(new GroupOutcome(2, 1, 20m), lift.Control);
        Assert.Equal(0, lift.Difference, 9);
        Assert.Equal(40m, lift.IncrementalRevenue);
        Assert.Equal(14m, lift.Cost);
        Assert.Equal(1.857, (double)lift.ReturnOnCost!.Value, 3);
    }
}
