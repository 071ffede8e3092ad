using LoyaltyAdmin.Features;
using LoyaltyAdmin.Features.Challenges;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Privacy;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Rules;
using LoyaltyAdmin.Tests.Features.Coupons;
using LoyaltyAdmin.Tests.Features.Members;
using static LoyaltyAdmin.Tests.Features.Members.MembersFixture;

namespace LoyaltyAdmin.Tests.Features.Privacy;

/// <summary>
/// A member whose personal data has reached every place it can: registered at the counter with a friend's code (the audit
/// holds phone, name and birthday; the referral holds the phone; the friend's reward line the masked phone), consent given,
/// purchases in January and February, a redemption, an adjustment whose note names them, coupons (one voided with their
/// name in the reason), a waiting adjustment, a profile edit, searches by their phone, an export, and a friend of their own.
/// The tea shop's programme, merchant zone Asia/Shanghai; the scenario ends on 10 March 2026.
/// </summary>
public sealed class PrivacyScenario : IAsyncDisposable
{
    public const string Phone = "13912345678";
    public const string Name = "Zhāng Wěi 张伟 🍵";
    public const string NewName = "Zhāng Wěi 张伟";
    public static readonly DateOnly Birthday = new(1990, 4, 18);

    private PrivacyScenario(MembersFixture f) => F = f;

    public MembersFixture F { get; }
    public long Inviter { get; private set; }
    public long Member { get; private set; }
    public long Friend { get; private set; }

    public MemberErasure Erasure => F.Get<MemberErasure>();

    public static DateTimeOffset At(int month, int day) => new(2026, month, day, 2, 0, 0, TimeSpan.Zero);

    public static async Task<PrivacyScenario> CreateAsync()
    {
        var f = new MembersFixture(configure: s => s.AddCoupons().AddReferrals().AddPrivacy().AddReports());
        var scenario = new PrivacyScenario(f);
        await scenario.FillAsync();
        return scenario;
    }

    private async Task FillAsync()
    {
        F.Clock.Now = new DateTimeOffset(2025, 12, 1, 2, 0, 0, TimeSpan.Zero);
        await F.UseProgrammeAsync(ProgrammeTemplates.TeaShop);
        var saved = await F.Get<ReferralCampaignService>().SaveAsync(Owner, new ReferralCampaignModel
        {
            Name = "Bring a friend", StartDate = new DateTime(2026, 1, 1), EndDate = new DateTime(2026, 12, 31), RefereePoints = 50, ReferrerPoints = 100,
        });
        Assert.True(saved.Succeeded);

        F.Clock.Now = At(1, 5);
        Inviter = await F.AddMemberAsync("13800000001");
        Member = await RegisterAsync(Phone, Name, Inviter, Birthday);
        Assert.True((await F.Get<ConsentService>().SetAsync(Owner, Member, true)).Succeeded);

        await BuyAsync("A1", 100, At(1, 10));
        await BuyAsync("A2", 80, At(2, 3));
        F.Clock.Now = At(2, 20);
        Assert.True((await F.Ledger.RedeemAsync(Member, 20, "redeem-1")).Succeeded);
        F.Clock.Now = At(2, 22);
        var adjusted = await F.Ledger.AdjustAsync(Owner, new AdjustPointsModel
        {
            MemberId = Member, Points = 30, Reason = AdjustmentReason.Goodwill, Note = $"Sorry {Name}, we called {Phone}",
        });
        Assert.Equal(AdjustOutcome.Applied, adjusted.Outcome);
        await using (var db = F.NewContext())
        {
            db.AdjustmentRequests.Add(new AdjustmentRequest
            {
                MemberId = Member, Points = 900, Reason = AdjustmentReason.Complaint, Note = $"{Name} ({Phone}) complained", RequestedById = "manager-1",
                RequestedByName = "manager@shop.test", RequestedAtUtc = F.Clock.GetUtcNow().UtcDateTime, Status = AdjustmentStatus.Pending,
            });
            db.MemberBadges.Add(new MemberBadge
            {
                MemberId = Member, BadgeCode = "regular", Source = BadgeSource.Staff, Reason = $"{Name} comes every day", AwardedBy = "owner",
                AwardedAtUtc = F.Clock.GetUtcNow().UtcDateTime, RecordedAtUtc = F.Clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync();
        }

        F.Clock.Now = At(3, 1);
        var template = await CouponSeed.TemplateAsync(F.DbFactory, "Free tea 🍵", validDays: 60);
        var issued = await F.Get<CouponIssueService>().IssueAsync(Owner, Member, new IssueTarget(template, null, 2), "gift-1");
        Assert.True(issued.Succeeded);
        Assert.True((await F.Get<CouponIssueService>().VoidAsync(Owner, issued.Coupons[0].Id, $"Issued twice to {Name}")).Succeeded);
        var edited = await F.Get<MemberService>().SaveProfileAsync(Owner, new MemberProfileModel
        {
            Id = Member, Name = NewName, Birthday = Birthday.ToDateTime(TimeOnly.MinValue),
        });
        Assert.True(edited.Succeeded);
        await F.Get<MemberService>().SearchAsync(Owner, new MemberQuery(Search: Phone));
        Assert.NotNull(await F.Get<MemberDataExport>().ForMemberAsync(Owner, Member, "json"));
        Friend = await RegisterAsync("13700000007", "Friend of Wei", Member, null);
        F.Clock.Now = At(3, 10);
    }

    /// <summary>Registration at the counter with <paramref name="invitedBy"/>'s referral code.</summary>
    public async Task<long> RegisterAsync(string phone, string name, long invitedBy, DateOnly? birthday)
    {
        var model = new MemberProfileModel
        {
            Phone = phone, Name = name, Birthday = birthday?.ToDateTime(TimeOnly.MinValue), ReferredByCode = (await F.MemberAsync(invitedBy)).ReferralCode,
        };
        var saved = await F.Get<MemberService>().SaveProfileAsync(Owner, model);
        Assert.True(saved.Succeeded, string.Join("; ", saved.Errors.Select(e => $"{e.Key}: {e.Value}")));
        return model.Id;
    }

    private async Task BuyAsync(string order, decimal amount, DateTimeOffset at)
    {
        F.Clock.Now = at;
        Assert.True((await F.Ledger.ApplyActivityAsync(Member, "evt-" + order, Purchase(amount, order, at, Channel.Store))).Succeeded);
    }

    /// <summary>January and February as every report shows them (the months before the erasure), as one comparable text.</summary>
    public async Task<string> PastMonthsAsync()
    {
        var reports = F.Get<ReportService>();
        var filter = new ReportFilter(202601, 202602);
        return System.Text.Json.JsonSerializer.Serialize(new object[]
        {
            await reports.PointsAsync(Owner, filter) is var points ? points.Months : null!,
            await reports.RetentionAsync(Owner, filter), await reports.RepurchaseAsync(Owner, filter), (await reports.TiersAsync(Owner, filter)).Movements,
            await reports.DashboardAsync(Owner, ReportFilter.Month(202602)), await reports.CampaignsAsync(Owner, filter),
        });
    }

    public ValueTask DisposeAsync() => F.DisposeAsync();
}
