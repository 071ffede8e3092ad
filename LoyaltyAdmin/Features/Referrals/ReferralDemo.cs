using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Referrals;

/// <summary>
/// The demo's referral campaign, "invite 3 friends, both get ¥10", and a dozen friends brought by a few demo members over
/// the last weeks. Deterministic (fixed seed, dates relative to the clock); friends register and buy through the ledger,
/// so the campaign's rewards are the real ones.
/// </summary>
public sealed class ReferralDemo(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    ProgrammeStore programmes,
    PointsLedgerService ledger,
    MerchantClock merchant,
    TimeProvider clock,
    MemberService members)
{
    /// <summary>Friends the demo brings in, out of the demo's member count.</summary>
    public const int Friends = 12;

    private const int Seed = 20261124;
    private static readonly string[] Names = ["陈静", "林晨", "周悦", "吴子涵", "郭欣怡", "马浩然", "罗梓萱", "何磊", "高敏", "朱强", "徐娜", "孙涛"];

    /// <summary>Adds the campaign and <see cref="Friends"/> friends of <paramref name="inviterIds"/> (the first few get the most); returns the members added.</summary>
    public async Task<int> LoadAsync(IReadOnlyList<long> inviterIds, CancellationToken ct = default)
    {
        if (inviterIds.Count == 0)
            return 0;
        var now = clock.GetUtcNow();
        var zone = (await merchant.GetAsync(ct)).TimeZone;
        var today = RulesEngine.LocalDate(now, zone);
        await AddCampaignAsync(today, now.UtcDateTime, ct);

        var random = new Random(Seed);
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        var added = 0;
        for (var i = 0; i < Friends; i++)
        {
            // Inviter 0 brings four friends (past the milestone of three), inviter 1 three, the others one or two.
            var inviter = inviterIds[Math.Min(i < 4 ? 0 : i < 7 ? 1 : 2 + (i - 7) / 2, inviterIds.Count - 1)];
            var joined = now.AddDays(-40 + i * 3).AddHours(-random.Next(1, 10));
            var channel = (Channel)random.Next(3);
            var friend = await members.RegisterAsync(new NewMember($"177{Seed % 1000:D3}{i:D5}", Names[i], null, channel, null, inviter, joined.UtcDateTime), ct);
            if (!friend.Succeeded)
                continue;
            added++;
            if (i >= 4 && random.Next(3) == 0)
                continue; // not every friend comes back to buy; the first inviter's do, so he reaches the milestone
            var order = joined.AddDays(1 + random.Next(3)).AddHours(random.Next(1, 5));
            if (order < now)
                await ledger.ApplyActivityAsync(friend.MemberId, $"demo-referral-order-{i}", new Activity
                {
                    Type = ActivityType.Purchase, OccurredAt = order, Channel = channel, OrderId = $"DR{i:D4}", Amount = 28 + random.Next(40),
                }, ct);
        }
        return added;
    }

    private async Task AddCampaignAsync(DateOnly today, DateTime nowUtc, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var template = new CouponTemplate
        {
            Name = "¥10 无门槛券 ¥10 off, no minimum", Kind = CouponKind.AmountOff, Amount = 10, ValidDays = 30, IsActive = true, CreatedAtUtc = nowUtc,
        };
        db.CouponTemplates.Add(template);
        await db.SaveChangesAsync(ct);
        var pack = new CouponPack { Name = "邀请有礼 ¥10 券包 Referral ¥10 pack", Trigger = CouponPackTrigger.ReferralReward, IsActive = true, CreatedAtUtc = nowUtc };
        pack.Items.Add(new CouponPackItem { TemplateId = template.Id, Quantity = 1 });
        db.CouponPacks.Add(pack);
        await db.SaveChangesAsync(ct);
        db.ReferralCampaigns.Add(new ReferralCampaign
        {
            Name = "邀请3位好友，双方各得¥10 Invite 3 friends, both get ¥10", StartDate = today.AddDays(-45), EndDate = today.AddDays(45), Active = true,
            RefereePackId = pack.Id, ReferrerPoints = 50, ReferrerStage = ReferralRewardStage.FirstOrder, MilestoneCount = 3, MilestonePackId = pack.Id,
            CapPerReferrer = 10, CreatedAtUtc = nowUtc, Version = 1,
        });
        await db.SaveChangesAsync(ct);
    }
}
