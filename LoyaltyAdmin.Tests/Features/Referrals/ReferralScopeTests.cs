using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Tests.Features.Members;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;
using static LoyaltyAdmin.Tests.Features.Members.TwoStores;

namespace LoyaltyAdmin.Tests.Features.Referrals;

/// <summary>Referral pages of a StoreManager: their store's inviters, and friends of another store masked.</summary>
public sealed class ReferralScopeTests : IAsyncLifetime
{
    private readonly MembersFixture f = new(configure: s => s.AddReferrals());
    private TwoStores stores = default!;
    private long campaign;

    private ReferralCampaignService Referrals => f.Get<ReferralCampaignService>();

    public async Task InitializeAsync()
    {
        stores = await SeedAsync(f);
        var friendOfLocal = await f.AddMemberAsync("13700000001", homeStoreId: stores.S2);
        var friendOfVisitor = await f.AddMemberAsync("13700000002", homeStoreId: stores.S2);
        await using var db = f.NewContext();
        var c = new ReferralCampaign { Name = "Invite a friend", StartDate = new DateOnly(2026, 3, 1), EndDate = new DateOnly(2026, 3, 31), Active = true };
        db.ReferralCampaigns.Add(c);
        await db.SaveChangesAsync();
        campaign = c.Id;
        var at = f.Clock.GetUtcNow().UtcDateTime;
        db.Referrals.AddRange(
            new Referral { CampaignId = c.Id, ReferrerId = stores.Local, RefereeId = friendOfLocal, RefereePhone = "13700000001", RegisteredAtUtc = at },
            new Referral { CampaignId = c.Id, ReferrerId = stores.Visitor, RefereeId = friendOfVisitor, RefereePhone = "13700000002", RegisteredAtUtc = at });
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync() => await f.DisposeAsync();

    [Fact]
    public async Task TopInviters_ForAStoreManager_AreTheirStoresMembers()
    {
        var manager = await Referrals.GetDetailAsync(ManagerS1, campaign);
        var owner = await Referrals.GetDetailAsync(Owner, campaign);

        Assert.Equal(LocalPhone, Assert.Single(manager!.TopReferrers).Phone);
        Assert.Equal(2, manager.Funnel.Registrations);
        Assert.Equal(2, owner!.TopReferrers.Count);
    }

    [Fact]
    public async Task MemberReferrals_OfAnotherStoresMember_AreEmpty_AndAFriendOfAnotherStoreIsMasked()
    {
        var visitor = await Referrals.GetForMemberAsync(ManagerS1, stores.Visitor);
        var local = await Referrals.GetForMemberAsync(ManagerS1, stores.Local);

        Assert.Equal(0, visitor.ReferredTotal);
        Assert.Equal("137****0001", Assert.Single(local.Referred).Phone);
        Assert.Equal("13700000001", Assert.Single((await Referrals.GetForMemberAsync(Owner, stores.Local)).Referred).Phone);
    }
}
