using System.Diagnostics;
using Activity = LoyaltyAdmin.Rules.Activity;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Demo;

/// <summary>
/// A living tea-shop programme for a first look: 3 stores, the tea-shop template, ~2,000 members with a year of
/// purchases and check-ins, a new-member coupon pack every registration receives, and a referral campaign with a dozen
/// invited friends. Deterministic (fixed seed, dates relative to the clock). Points go through the ledger service like
/// any till's would; only the member rows themselves are inserted directly.
/// </summary>
public sealed class DemoData(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    ProgrammeStore programmes,
    PointsLedgerService ledger,
    MemberService members,
    MerchantClock merchant,
    TimeProvider clock,
    ReferralDemo referrals,
    ILogger<DemoData> logger)
{
    public const int Seed = 20261123;

    private static readonly (string Code, string Name, string Address)[] Stores =
    [
        ("SH-001", "人民广场店 People's Square", "上海市黄浦区南京东路 1 号"),
        ("SH-002", "静安寺店 Jing'an Temple", "上海市静安区南京西路 1699 号"),
        ("HZ-001", "西湖店 West Lake", "杭州市上城区湖滨路 28 号"),
    ];

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
    private static readonly string[] GivenNames = ["芳", "伟", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "晨", "悦", "子涵", "欣怡", "梓萱", "浩然"];

    public async Task<bool> HasMembersAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Members.AnyAsync(ct);
    }

    /// <summary>Fills an installation that has no members yet; does nothing otherwise. Returns the members added.</summary>
    public async Task<int> LoadAsync(int memberCount = 2000, IProgress<int>? progress = null, CancellationToken ct = default)
    {
        if (await HasMembersAsync(ct))
        {
            logger.LogInformation("Demo data skipped: the database already has members");
            return 0;
        }

        var watch = Stopwatch.StartNew();
        var now = clock.GetUtcNow();
        var yearAgo = now.AddMonths(-12);
        await AddStoresAsync(now, ct);
        await AddNewMemberPackAsync(now, ct);
        // In force from before the first demo purchase, so last year's activity earned under these rules.
        await programmes.SaveVersionAsync(ProgrammeTemplates.TeaShop, yearAgo.AddDays(-1).UtcDateTime, "demo", "Tea-shop demo programme", ct);
        var zone = (await merchant.GetAsync(ct)).TimeZone;

        var random = new Random(Seed);
        var friends = memberCount > 2 * ReferralDemo.Friends ? ReferralDemo.Friends : 0;
        var plans = Enumerable.Range(0, memberCount - friends).Select(i => MemberPlan.Create(i, random, yearAgo, now, zone)).ToList();
        await RegisterMembersAsync(plans, ct);

        // Members are independent: two workers halve the time; each member's events stay in order.
        var done = 0;
        var workers = Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            for (var i = w; i < plans.Count; i += 2)
            {
                await ApplyAsync(plans[i], ct);
                if (Interlocked.Increment(ref done) % 250 == 0)
                    progress?.Report(done * 100 / plans.Count);
            }
        }, ct));
        await Task.WhenAll(workers);
        var referred = friends == 0 ? 0 : await referrals.LoadAsync([.. plans.Where(p => p.MemberId is not null).Take(6).Select(p => p.MemberId!.Value)], ct);
        logger.LogInformation("Demo data: {Members} members ({Referred} of them invited by a friend), {Events} events in {Seconds:0.0} s",
            plans.Count + referred, referred, plans.Sum(p => p.Events.Count), watch.Elapsed.TotalSeconds);
        return plans.Count + referred;
    }

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

    /// <summary>Registers every member at their join time, through the same one write as a counter sign-up (award, new-member pack).</summary>
    private async Task RegisterMembersAsync(List<MemberPlan> plans, CancellationToken ct)
    {
        Dictionary<string, int> stores;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            stores = await db.Stores.ToDictionaryAsync(s => s.Code, s => s.Id, ct);
        foreach (var plan in plans)
        {
            var spec = new NewMember(plan.Phone, plan.Name, plan.Birthday, plan.Channel, stores[plan.HomeStore], null, plan.JoinedAt.UtcDateTime);
            var registered = await members.RegisterAsync(spec, ct);
            plan.MemberId = registered.Succeeded ? registered.MemberId : null;
        }
    }

    private async Task ApplyAsync(MemberPlan plan, CancellationToken ct)
    {
        var n = 0;
        foreach (var activity in plan.Events)
        {
            var result = await ledger.ApplyActivityAsync(plan.MemberId!.Value, $"demo-{plan.Index}-{n++}", activity, ct);
            if (!result.Succeeded)
                logger.LogWarning("Demo event for member {Member} refused: {Error}", plan.MemberId, result.Error);
        }
    }

    /// <summary>One demo member and what they do over the year, drawn from the shared seeded random source.</summary>
    private sealed class MemberPlan
    {
        public int Index { get; private init; }
        public string Phone { get; private init; } = "";
        public string Name { get; private init; } = "";
        public DateOnly? Birthday { get; private init; }
        public DateTimeOffset JoinedAt { get; private init; }
        public Channel Channel { get; private init; }
        public string HomeStore { get; private init; } = "";
        public List<Activity> Events { get; } = [];
        public long? MemberId { get; set; }

        public static MemberPlan Create(int index, Random random, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone)
        {
            var span = (to - from).TotalMinutes;
            var joined = from.AddMinutes(random.NextDouble() * span * 0.9);
            var channel = (Channel)random.Next(3);
            var home = Stores[random.Next(Stores.Length)].Code;
            var plan = new MemberPlan
            {
                Index = index,
                Phone = $"1{random.Next(3, 10)}{index:D5}{random.Next(0, 10000):D4}", // unique by index
                Name = Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)],
                Birthday = random.Next(4) == 0 ? null : new DateOnly(1965 + random.Next(40), 1 + random.Next(12), 1 + random.Next(28)),
                JoinedAt = joined,
                Channel = channel,
                HomeStore = home,
            };

            // A few loyal regulars, many occasional buyers, some who never came back: what retention reports show.
            var kind = random.NextDouble();
            var visits = kind < 0.15 ? random.Next(20, 45) : kind < 0.6 ? random.Next(2, 10) : random.Next(0, 2);
            var at = joined;
            for (var v = 0; v < visits; v++)
            {
                at = at.AddHours(12 + random.NextDouble() * (to - at).TotalHours / Math.Max(1, visits - v));
                if (at >= to)
                    break;
                // Shops are open 9:00–22:00 merchant time.
                var local = TimeZoneInfo.ConvertTime(at, zone);
                var hour = 9 + random.Next(13);
                var occurred = new DateTimeOffset(local.Year, local.Month, local.Day, hour, random.Next(60), 0, local.Offset);
                if (occurred >= to)
                    break;
                var visitChannel = random.Next(4) == 0 ? (Channel)random.Next(3) : channel;
                plan.Events.Add(new Activity
                {
                    Type = ActivityType.Purchase,
                    OccurredAt = occurred,
                    Channel = visitChannel,
                    StoreCode = visitChannel == Channel.Store ? home : null,
                    OrderId = $"D{index:D5}-{v:D3}",
                    Amount = Math.Round((decimal)(15 + random.NextDouble() * (kind < 0.15 ? 120 : 60)), 1),
                });
                if (visitChannel != Channel.Store && random.Next(3) == 0)
                    plan.Events.Add(new Activity { Type = ActivityType.CheckIn, OccurredAt = occurred.AddMinutes(1), Channel = visitChannel });
            }
            return plan;
        }
    }
}
