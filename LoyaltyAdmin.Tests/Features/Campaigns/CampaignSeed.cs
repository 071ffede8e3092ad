using LoyaltyAdmin.Features.Campaigns;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Tests.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Tests.Features.Retention;

/// <summary>Test data for segments and automations, inserted directly.</summary>
public static class CampaignSeed
{
    private static int orders;

    public static async Task OrderAsync(this MembersFixture f, long memberId, decimal amount, int daysAgo, decimal refunded = 0)
    {
        await using var db = f.NewContext();
        db.MemberOrders.Add(new MemberOrder
        {
            MemberId = memberId, OrderId = $"T{Interlocked.Increment(ref orders)}", Amount = amount, RefundedAmount = refunded,
            OccurredAtUtc = f.Clock.GetUtcNow().UtcDateTime.AddDays(-daysAgo),
        });
        await db.SaveChangesAsync();
    }

    public static async Task<long> ConsentingMemberAsync(this MembersFixture f, string phone, int? homeStoreId = null)
    {
        var id = await f.AddMemberAsync(phone, homeStoreId: homeStoreId);
        await using var db = f.NewContext();
        await db.Members.Where(m => m.Id == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.MarketingConsent, true));
        return id;
    }

    public static async Task SetAsync(this MembersFixture f, long memberId, Action<Member> change)
    {
        await using var db = f.NewContext();
        var member = await db.Members.SingleAsync(m => m.Id == memberId);
        change(member);
        await db.SaveChangesAsync();
    }

    public static async Task<long> SegmentAsync(this MembersFixture f, SegmentDefinition definition, string name = "Test segment")
    {
        await using var db = f.NewContext();
        var segment = new SavedSegment { Name = name, Definition = definition.ToJson() };
        db.Segments.Add(segment);
        await db.SaveChangesAsync();
        return segment.Id;
    }
}
