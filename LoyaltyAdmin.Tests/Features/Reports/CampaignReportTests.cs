using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.Extensions.DependencyInjection;

namespace LoyaltyAdmin.Tests.Features.Reports;

/// <summary>Coupon write-off rates per template and referral funnels, for February–March 2026 in Shanghai.</summary>
public sealed class CampaignReportTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddReports());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await f.DisposeAsync();

    private static DateTime Utc(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public async Task CouponsIssuedInThePeriod_GiveEachTemplatesWriteOffRate_AndReferralsTheirCampaignsFunnel()
    {
        var ann = await f.AddMemberAsync("13800000001");
        var bo = await f.AddMemberAsync("13800000002");
        await using (var db = f.NewContext())
        {
            var tenOff = new CouponTemplate { Name = "¥10 off", Kind = CouponKind.AmountOff, Amount = 10, ValidDays = 30 };
            var drink = new CouponTemplate { Name = "Free drink", Kind = CouponKind.FreeItem, ItemName = "Tea", ValidDays = 30 };
            db.CouponTemplates.AddRange(tenOff, drink);
            await db.SaveChangesAsync();
            Coupon Make(long template, long member, DateTime issued, CouponStatus status) => new()
            {
                Code = CouponIssuer.NewCode(), TemplateId = template, MemberId = member, IssuedAtUtc = issued, ValidFromUtc = issued,
                ValidUntilUtc = issued.AddDays(30), Status = status, Source = CouponSource.Manual, Reference = Guid.NewGuid().ToString("N"),
            };
            db.Coupons.AddRange(
                Make(tenOff.Id, ann, Utc(2, 3, 4), CouponStatus.Redeemed),
                Make(tenOff.Id, bo, Utc(2, 28, 15, 30), CouponStatus.Voided),   // 23:30 on Feb 28 in Shanghai: February
                Make(tenOff.Id, ann, Utc(3, 10, 4), CouponStatus.Issued),
                Make(tenOff.Id, bo, Utc(3, 31, 16, 30), CouponStatus.Issued),   // 00:30 on Apr 1 in Shanghai: outside
                Make(drink.Id, bo, Utc(1, 31, 15, 59), CouponStatus.Redeemed),  // 23:59 on Jan 31 in Shanghai: outside
                Make(drink.Id, bo, Utc(3, 1, 4), CouponStatus.Expired));
            var campaign = new ReferralCampaign { Name = "Invite 3", StartDate = new DateOnly(2026, 2, 1), EndDate = new DateOnly(2026, 3, 31), Active = true, LinkUses = 10 };
            db.ReferralCampaigns.Add(campaign);
            await db.SaveChangesAsync();
            db.Referrals.AddRange(
                new Referral { CampaignId = campaign.Id, ReferrerId = ann, RefereeId = bo, RefereePhone = "13800000002", RegisteredAtUtc = Utc(2, 5, 4), FirstOrderAtUtc = Utc(2, 6, 4), Status = ReferralStatus.Qualified },
                new Referral { CampaignId = campaign.Id, ReferrerId = bo, RefereeId = ann, RefereePhone = "13800000001", RegisteredAtUtc = Utc(3, 5, 4), Status = ReferralStatus.Registered });
            await db.SaveChangesAsync();
        }

        var report = await f.Get<ReportService>().CampaignsAsync(MembersFixture.Analyst, new ReportFilter(202602, 202603));

        Assert.Equal(
        [
            new CouponTemplateRate("¥10 off", 3, 1, 0, 1, 1m / 3),
            new CouponTemplateRate("Free drink", 1, 0, 1, 0, 0m),
        ], report.Coupons);
        Assert.Equal(new ReferralFunnelRow("Invite 3", 10, 2, 1, 1), Assert.Single(report.Referrals));
    }
}
