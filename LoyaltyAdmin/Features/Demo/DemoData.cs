using System.Diagnostics;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Onboarding;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Demo;

/// <summary>
/// A living tea-shop programme for a first look: 3 stores, the tea-shop template, 1,000 members (<c>Demo:Members</c>) and a year of
/// their lives.
/// The year is replayed day by day on a simulated clock (<see cref="DemoClock"/>): each morning the real daily jobs run
/// (purchases confirmed, points and coupons expired, birthdays, tiers kept or lost), then the day's sign-ups, purchases,
/// check-ins, refunds, redemptions, write-offs at the tills, staff adjustments and invitations go through the same services
/// a till's or the Owner's would. Deterministic (fixed seed, dates relative to the clock).
/// </summary>
public sealed class DemoData(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    ProgrammeStore programmes,
    MemberJobs jobs,
    DemoActions actions,
    MerchantClock merchant,
    TimeProvider clock,
    ReferralDemo referrals,
    ReferralRewards referralRewards,
    IStringLocalizer<ProgrammeText> templateText,
    ILogger<DemoData> logger)
{
    public const int Seed = 20261123;

    /// <summary>Members the demo brings by default: a lively year that loads in about a minute.</summary>
    public const int DefaultMembers = 1000;

    private static readonly (string Code, string Name, string Address)[] Stores =
    [
        ("SH-001", "人民广场店 People's Square", "上海市黄浦区南京东路 1 号"),
        ("SH-002", "静安寺店 Jing'an Temple", "上海市静安区南京西路 1699 号"),
        ("HZ-001", "西湖店 West Lake", "杭州市上城区湖滨路 28 号"),
    ];

    public async Task<bool> HasMembersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Members.AnyAsync(ct);
    }

    /// <summary>
    /// The tea-shop template as the demo runs it: tiers held 3 months and earned and kept on the last 3 months' spend, points kept
    /// 6 months, so a single year shows tiers lost and points expiring.
    /// </summary>
    public static Rules.Programme DemoProgramme { get; } = ProgrammeTemplates.TeaShop with
    {
        QualificationWindowMonths = 3,
        Tiers = [.. ProgrammeTemplates.TeaShop.Tiers.Select(t => t.ValidityMonths is null ? t : t with
        {
            ValidityMonths = 3,
            // Active days count for life: a lapsed regular would never leave Silver.
            Entry = [.. t.Entry.Where(c => c.Kind != TierConditionKind.ActiveDays)
                .Select(c => c.Kind == TierConditionKind.Spend ? c with { Window = SpendWindow.Rolling } : c)],
        })],
        Expiry = ExpiryPolicy.RollingMonths(6, pendingDays: 7),
    };

    /// <summary>Fills an installation that has no members yet; does nothing otherwise. Returns the members added.</summary>
    public async Task<int> LoadAsync(int memberCount = DefaultMembers, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        if (await HasMembersAsync(ct))
        {
            logger.LogInformation("Demo data skipped: the database already has members");
            return 0;
        }
        var simulated = clock as DemoClock
            ?? throw new InvalidOperationException("The demo replays its year on a simulated clock: register a DemoClock as the TimeProvider.");
        var watch = Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        var yearAgo = now.AddMonths(-12);
        var zone = (await merchant.GetAsync(ct)).TimeZone;
        var firstDay = RulesEngine.LocalDate(yearAgo, zone);
        var today = RulesEngine.LocalDate(now, zone);
        var plans = Plan(memberCount, yearAgo, now, zone);
        var byDay = plans.SelectMany(p => p.Actions.Select((a, n) => (Plan: p, Action: a, N: n)))
            .ToLookup(x => RulesEngine.LocalDate(x.Action.At, zone));
        var reported = 0;
        try
        {
            simulated.Simulate(yearAgo.AddDays(-1));
            var stores = await SetUpAsync(yearAgo, firstDay, today, ct);
            for (var day = firstDay; day <= today; day = day.AddDays(1))
            {
                // Just after midnight the daily jobs run, as they would in a shop's server; the day's life follows.
                simulated.Simulate(Min(LocalInstant(day, new TimeOnly(0, 1), zone), now));
                await jobs.RunDayAsync(day, ct);
                simulated.Simulate(Min(LocalInstant(day, new TimeOnly(23, 59), zone), now));
                await RunDayAsync(byDay[day], stores, ct);
                var percent = (day.DayNumber - firstDay.DayNumber + 1) * 100 / (today.DayNumber - firstDay.DayNumber + 1);
                if (percent / 10 != reported / 10)
                    progress?.Report(reported = percent);
            }
            await referralRewards.CatchUpAsync(ct);
        }
        finally
        {
            simulated.Simulate(null);
        }
        var added = plans.Count(p => p.MemberId is not null);
        logger.LogInformation("Demo data: {Members} members, {Actions} actions over {Days} days in {Seconds:0.0} s",
            added, plans.Sum(p => p.Actions.Count), today.DayNumber - firstDay.DayNumber + 1, watch.Elapsed.TotalSeconds);
        return added;
    }

    /// <summary>Members are independent: two workers share a day, each member's actions in order (a friend with the one who invited them).</summary>
    private async Task RunDayAsync(IEnumerable<(MemberPlan Plan, DemoAction Action, int N)> day, IReadOnlyDictionary<string, int> stores, CancellationToken ct)
    {
        var ordered = day.OrderBy(x => x.Action.At).ToList();
        if (ordered.Count == 0)
            return;
        await Task.WhenAll(Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            foreach (var (plan, action, n) in ordered.Where(x => (x.Plan.InvitedBy ?? x.Plan).Index % 2 == w))
                await actions.RunAsync(plan, action, n, stores, ct);
        }, ct)));
    }

    private static List<MemberPlan> Plan(int memberCount, DateTimeOffset yearAgo, DateTimeOffset now, TimeZoneInfo zone)
    {
        var random = new Random(Seed);
        var storeCodes = Stores.Select(s => s.Code).ToArray();
        // One member in twenty joins on a friend's invitation, the friends of a few keen inviters.
        var friends = memberCount >= 20 ? Math.Max(6, memberCount / 20) : 0;
        var plans = new List<MemberPlan>(memberCount);
        for (var i = 0; i < memberCount - friends; i++)
            plans.Add(MemberPlan.Create(i, random, yearAgo, now, zone, storeCodes, null));
        var inviters = Math.Max(3, friends / 4);
        for (var i = memberCount - friends; i < memberCount; i++)
            plans.Add(MemberPlan.Create(i, random, yearAgo, now, zone, storeCodes, plans[random.Next(inviters)]));
        return plans;
    }

    /// <summary>The merchant as it stood a year ago: stores, catalogue, the new-member pack, the programme, the referral campaign.</summary>
    private async Task<IReadOnlyDictionary<string, int>> SetUpAsync(DateTimeOffset yearAgo, DateOnly firstDay, DateOnly today, CancellationToken ct)
    {
        await AddStoresAsync(yearAgo, ct);
        await AddNewMemberPackAsync(yearAgo, ct);
        string language;
        await using (var settings = await dbFactory.CreateDbContextAsync(ct))
            language = await settings.MerchantSettings.Where(m => m.Id == MerchantSettings.SingletonId).Select(m => m.Language).FirstAsync(ct);
        await programmes.SaveVersionAsync(InstallLanguage.Localize(DemoProgramme, language, templateText), yearAgo.AddDays(-1).UtcDateTime, "demo", "Tea-shop demo programme", ct);
        await referrals.AddCampaignAsync(firstDay.AddDays(30), today.AddDays(60), yearAgo.UtcDateTime, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Stores.ToDictionaryAsync(s => s.Code, s => s.Id, ct);
    }

    private static DateTimeOffset LocalInstant(DateOnly day, TimeOnly time, TimeZoneInfo zone) =>
        new(TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(time), zone), TimeSpan.Zero);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private async Task AddStoresAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var (code, name, address) in Stores)
        {
            if (!await db.Stores.AnyAsync(s => s.Code == code, ct))
                db.Stores.Add(new Store { Code = code, Name = name, Address = address, CreatedAtUtc = now.UtcDateTime });
        }
        var settings = await db.MerchantSettings.SingleAsync(s => s.Id == MerchantSettings.SingletonId, ct);
        if (settings.Name == new MerchantSettings().Name)
            settings.Name = "一叶茶社 Leaf Tea House";
        await db.SaveChangesAsync(ct);
        await Catalogue.CatalogueDemo.AddAsync(db, now.UtcDateTime, ct);
        merchant.Invalidate();
    }

    /// <summary>The new-member pack (新人礼包): one coupon for each channel, issued by the registration reaction.</summary>
    private async Task AddNewMemberPackAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.CouponPacks.AnyAsync(ct))
            return;
        CouponTemplate[] templates =
        [
            new() { Name = "小程序10元无门槛券 ¥10 off", Kind = CouponKind.AmountOff, Amount = 10, Channel = Channel.MiniProgram, ValidDays = 30 },
            new() { Name = "APP专享9折 App 10% off", Kind = CouponKind.PercentOff, Percent = 10, MaxDiscount = 20, Channel = Channel.App, ValidDays = 30 },
            new() { Name = "门店免费饮品 Free drink", Kind = CouponKind.FreeItem, ItemName = "招牌奶茶 Signature milk tea", Channel = Channel.Store, ValidDays = 30 },
        ];
        foreach (var t in templates)
            t.CreatedAtUtc = now.UtcDateTime;
        db.CouponTemplates.AddRange(templates);
        await db.SaveChangesAsync(ct);
        db.CouponPacks.Add(new CouponPack
        {
            Name = "新人礼包 New-member pack", Trigger = CouponPackTrigger.Registration, CreatedAtUtc = now.UtcDateTime,
            Items = [.. templates.Select(t => new CouponPackItem { TemplateId = t.Id, Quantity = 1 })],
        });
        await db.SaveChangesAsync(ct);
    }
}
