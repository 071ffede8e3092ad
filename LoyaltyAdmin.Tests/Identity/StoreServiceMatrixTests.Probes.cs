using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Catalogue;
using LoyaltyAdmin.Tests.Features.Coupons;
using LoyaltyAdmin.Tests.Features.Members;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Identity;

public sealed partial class StoreServiceMatrixTests
{
    private static readonly StaffActor ManagerS1 = TwoStores.ManagerS1;
    private static readonly StaffActor ManagerS2 = TwoStores.ManagerS2;

    private readonly MembersFixture f = new(approvalLimit: 500, configure: s => s.AddCoupons().AddReferrals().AddCatalogue());
    private Side s1 = default!;
    private Side s2 = default!;
    private long template;
    private long campaign;
    private int sequence;

    public async Task InitializeAsync()
    {
        var stores = await TwoStores.SeedAsync(f);
        await f.AddMemberAsync("13900003900", homeStoreId: stores.S2);
        (s1, s2) = (new Side(stores.S1, stores.Local, 1), new Side(stores.S2, stores.Visitor, 2));
        template = await CouponSeed.TemplateAsync(f.DbFactory);
        await CatalogueTestData.ItemAsync(f.DbFactory, "CUP", 10);
        await using var db = f.NewContext();
        var c = new ReferralCampaign { Name = "Invite", StartDate = new DateOnly(2026, 1, 1), EndDate = new DateOnly(2026, 12, 31), Active = true };
        db.ReferralCampaigns.Add(c);
        await db.SaveChangesAsync();
        campaign = c.Id;
        foreach (var (side, phone) in new[] { (s1, "13700000001"), (s2, "13700000002") })
        {
            var friend = await f.AddMemberAsync(phone, homeStoreId: side.StoreId);
            var now = f.Clock.GetUtcNow().UtcDateTime;
            db.Referrals.Add(new Referral { CampaignId = c.Id, ReferrerId = side.MemberId, RefereeId = friend, RefereePhone = phone, RegisteredAtUtc = now });
            db.TierHistory.Add(new TierHistoryEntry { MemberId = side.MemberId, ToTier = "regular", Change = TierChangeKind.Initial, Reason = "joined", OccurredAtUtc = now });
            await f.Ledger.AdjustAsync(Owner, new AdjustPointsModel { MemberId = side.MemberId, Points = 100_000, Reason = AdjustmentReason.Goodwill });
            await Issuing.IssueAsync(Owner, side.MemberId, new IssueTarget(template, null), $"seed-{side.StoreId}");
        }
        // The Owner lets store managers set tiers by hand, so the matrix shows where the store boundary holds.
        var settings = await db.MerchantSettings.FindAsync(LoyaltyAdmin.Features.Settings.MerchantSettings.SingletonId);
        if (settings is null)
            db.MerchantSettings.Add(settings = new LoyaltyAdmin.Features.Settings.MerchantSettings());
        settings.StoreManagersMaySetTier = true;
        await db.SaveChangesAsync();
        f.Get<LoyaltyAdmin.Features.Settings.MerchantClock>().Invalidate();
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    private MemberService Members => f.Get<MemberService>();
    private LoyaltyAdmin.Features.Members.Centre.MemberCentreService Centre => f.Get<LoyaltyAdmin.Features.Members.Centre.MemberCentreService>();
    private CouponIssueService Issuing => f.Get<CouponIssueService>();
    private RedemptionService Redemptions => f.Get<RedemptionService>();

    private string Next() => $"probe-{++sequence}";

    private async Task<long> CouponOfAsync(Side side) => (await Issuing.IssueAsync(Owner, side.MemberId, new IssueTarget(template, null), Next())).Coupons[0].Id;

    private static AdjustPointsModel Adjust(long memberId, long points) => new() { MemberId = memberId, Points = points, Reason = AdjustmentReason.Goodwill };

    /// <summary>One probe per method; the key is what <see cref="ServiceMethodsTakingIds"/> finds.</summary>
    private Dictionary<string, Probe> Probes()
    {
        // Every report runs its filter through ReportService.Scope first, which is what fixes a StoreManager to their store.
        var reports = new Probe(Permissions.Reports.View, (a, t) => Task.FromResult(ReportService.Scope(a, ReportFilter.Month(202603) with { StoreId = t.StoreId }).StoreId == t.StoreId));
        return new()
        {
            ["MemberService.SearchAsync(query)"] = new(Permissions.Members.View, async (a, t) => (await Members.SearchAsync(a, new MemberQuery(StoreId: t.StoreId))).TotalCount > 0),
            ["MemberService.GetDetailAsync(id)"] = new(Permissions.Members.View, async (a, t) => await Members.GetDetailAsync(a, t.MemberId) is not null),
            ["MemberService.GetLedgerAsync(memberId)"] = new(Permissions.Members.View, async (a, t) => (await Members.GetLedgerAsync(a, t.MemberId, 0, 20)).TotalCount > 0),
            ["MemberService.GetTierHistoryAsync(memberId)"] = new(Permissions.Members.View, async (a, t) => (await Members.GetTierHistoryAsync(a, t.MemberId)).Count > 0),
            ["MemberCentreService.PointsHistoryAsync(memberId)"] = new(Permissions.Members.View, async (a, t) => await Centre.PointsHistoryAsync(a, t.MemberId, null, null, 20) is not null),
            ["MemberCentreService.PointsScheduleAsync(memberId)"] = new(Permissions.Members.View, async (a, t) => await Centre.PointsScheduleAsync(a, t.MemberId, null, null, 20) is not null),
            ["MemberCentreService.CouponsAsync(memberId)"] = new(Permissions.Members.View, async (a, t) => await Centre.CouponsAsync(a, t.MemberId, null, null, null, 20) is not null),
            ["MemberCentreService.CheckInsAsync(memberId)"] = new(Permissions.Members.View, async (a, t) => await Centre.CheckInsAsync(a, t.MemberId, null, null) is not null),
            ["MemberCentreService.ReferralsAsync(memberId)"] = new(Permissions.Members.View, async (a, t) => await Centre.ReferralsAsync(a, t.MemberId, null, null, 20) is not null),
            ["MemberCentreService.TierLadderAsync(memberId)"] = new(Permissions.Members.View, async (a, t) => await Centre.TierLadderAsync(a, t.MemberId, null) is not null),
            ["MemberService.SaveProfileAsync(model)"] = new(Permissions.Members.Register, async (a, t) =>
                (await Members.SaveProfileAsync(a, new MemberProfileModel { Id = t.MemberId, Name = Next(), HomeStoreId = t.StoreId })).Succeeded),
            ["PointsLedgerService.AdjustAsync(model)"] = new(Permissions.Members.Adjust, async (a, t) => (await f.Ledger.AdjustAsync(a, Adjust(t.MemberId, 1))).Outcome == AdjustOutcome.Applied),
            ["PointsLedgerService.ApproveAsync(requestId)"] = new(Permissions.Members.Approve, async (a, t) =>
                (await f.Ledger.ApproveAsync(a, await RequestAsync(t), null)).Outcome == AdjustOutcome.Applied),
            ["PointsLedgerService.RejectAsync(requestId)"] = new(Permissions.Members.Approve, async (a, t) => (await f.Ledger.RejectAsync(a, await RequestAsync(t), null)).Succeeded),
            ["CouponIssueService.IssueAsync(memberId)"] = new(Permissions.Coupons.Issue, async (a, t) => (await Issuing.IssueAsync(a, t.MemberId, new IssueTarget(template, null), Next())).Succeeded),
            ["CouponIssueService.VoidAsync(couponId)"] = new(Permissions.Coupons.Issue, async (a, t) => (await Issuing.VoidAsync(a, await CouponOfAsync(t), "probe")).Succeeded),
            ["CouponIssueService.CountSegmentAsync(filter)"] = new(Permissions.Coupons.Issue, async (a, t) =>
                await Issuing.CountSegmentAsync(a, new SegmentFilter(null, null, null, t.StoreId)) == t.Members + 1), // + the friend each store has
            ["CouponIssueService.IssueToSegmentAsync(filter)"] = new(Permissions.Coupons.Issue, async (a, t) =>
                (await Issuing.IssueToSegmentAsync(a, new SegmentFilter(null, null, null, t.StoreId), new IssueTarget(template, null), Next())).Members == t.Members + 1),
            ["CouponListService.SearchAsync(query)"] = new(Permissions.Coupons.View, async (a, t) =>
                (await f.Get<CouponListService>().SearchAsync(a, new CouponQuery(null, null, t.MemberId, 0, 20))).Total > 0),
            ["CouponWriteOff.RedeemAsync(request)"] = new(Permissions.Coupons.Redeem, async (a, t) =>
            {
                var code = (await Issuing.IssueAsync(Owner, t.MemberId, new IssueTarget(template, null), Next())).Codes[0];
                return (await f.Get<CouponWriteOff>().RedeemAsync(a, new WriteOffRequest(code, Channel.Store, t.StoreId, 100m, null, Next()))).Outcome == WriteOffOutcome.Redeemed;
            }),
            ["RedemptionService.RedeemAsync(memberId)"] = new(Permissions.Catalogue.Redeem, async (a, t) => (await Redemptions.RedeemAsync(a, t.MemberId, "CUP", 10, Next())).Succeeded),
            ["RedemptionService.HandOverAsync(redemptionId)"] = new(Permissions.Catalogue.Redeem, async (a, t) =>
                (await Redemptions.HandOverAsync(a, (await Redemptions.RedeemAsync(Owner, t.MemberId, "CUP", 10, Next())).Redemption!.Id)).Succeeded),
            ["ReferralCampaignService.GetForMemberAsync(memberId)"] = new(Permissions.Members.View, async (a, t) =>
                (await f.Get<ReferralCampaignService>().GetForMemberAsync(a, t.MemberId)).ReferredTotal > 0),
            ["ReferralCampaignService.GetDetailAsync(id)"] = new(Permissions.Referrals.View, async (a, t) =>
                (await f.Get<ReferralCampaignService>().GetDetailAsync(a, campaign))!.TopReferrers.Any(r => r.MemberId == t.MemberId)),
            ["TierOverrideService.SetAsync(model)"] = new(Permissions.Members.SetTier, async (a, t) =>
                (await f.Get<TierOverrideService>().SetAsync(a, new SetTierModel
                {
                    MemberId = t.MemberId, TierCode = "regular", Until = f.Clock.GetUtcNow().UtcDateTime.Date.AddDays(30), Reason = Next(),
                })).Succeeded),
            ["TierOverrideService.EndAsync(memberId)"] = new(Permissions.Members.SetTier, async (a, t) =>
                (await f.Get<TierOverrideService>().EndAsync(a, t.MemberId, Next())).Succeeded),
            ["ReportService.Scope(filter)"] = reports,
            ["ReportService.DashboardAsync(requested)"] = reports,
            ["ReportService.RetentionAsync(requested)"] = reports,
            ["ReportService.RepurchaseAsync(requested)"] = reports,
            ["ReportService.PointsAsync(requested)"] = reports,
            ["ReportService.TiersAsync(requested)"] = reports,
            ["ReportService.CampaignsAsync(requested)"] = reports,
        };
    }

    /// <summary>A waiting adjustment on the store's member, asked for by that store's own manager.</summary>
    private async Task<long> RequestAsync(Side side) =>
        (await f.Ledger.AdjustAsync(ManagerOf(side.StoreId, $"requester-{side.StoreId}", "requester@shop.test"), Adjust(side.MemberId, 600))).RequestId
            ?? throw new InvalidOperationException("The request did not wait for approval.");
}
