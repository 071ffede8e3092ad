using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Activity = LoyaltyAdmin.Rules.Activity;

namespace LoyaltyAdmin.Features.Demo;

/// <summary>What a demo member does on one occasion; replayed on its own day of the simulated year.</summary>
internal enum DemoStep { Register, Activity, Refund, Redeem, WriteOff, Adjust, SetTier, VoidCoupon, LinkUse }

internal sealed record DemoAction(DateTimeOffset At, DemoStep Step, Activity? Activity = null, string? OrderId = null, decimal Amount = 0,
    string? ItemCode = null, Channel Channel = Channel.Store);

/// <summary>One demo member and what they do over the year, drawn from the shared seeded random source.</summary>
internal sealed class MemberPlan
{
    public int Index { get; private init; }
    public string Phone { get; private init; } = "";
    public string Name { get; private init; } = "";
    public DateOnly? Birthday { get; private init; }
    public DateTimeOffset JoinedAt { get; private init; }
    public Channel Channel { get; private init; }
    public string HomeStore { get; private init; } = "";
    public ConsentAnswer? Consent { get; private init; }

    /// <summary>For a friend brought by the referral campaign: the plan of the member who invited them.</summary>
    public MemberPlan? InvitedBy { get; private init; }

    public List<DemoAction> Actions { get; } = [];
    public long? MemberId { get; set; }

    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
    private static readonly string[] GivenNames = ["芳", "伟", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平", "刚", "桂英", "晨", "悦", "子涵", "欣怡", "梓萱", "浩然"];

    public static MemberPlan Create(int index, Random random, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, string[] stores, MemberPlan? invitedBy)
    {
        var span = (to - from).TotalMinutes;
        // Friends join while the referral campaign runs (from the second month), after the one who invited them.
        var earliest = invitedBy is null ? from : Max(from.AddDays(35), invitedBy.JoinedAt.AddDays(1));
        var joined = earliest.AddMinutes(random.NextDouble() * Math.Max(0, (to - earliest).TotalMinutes) * 0.9);
        var channel = (Channel)random.Next(3);
        var consent = random.Next(20) switch
        {
            < 7 => new ConsentAnswer(true, channel == Channel.Store ? "counter" : "mini-program", "2026-01"),
            < 13 => new ConsentAnswer(false, "mini-program", "2026-01"),
            _ => null, // never asked: members who signed up before the question existed
        };
        var plan = new MemberPlan
        {
            Index = index,
            Phone = $"1{random.Next(3, 10)}{index:D5}{random.Next(0, 10000):D4}", // unique by index
            Name = Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)],
            Birthday = random.Next(4) == 0 ? null : new DateOnly(1965 + random.Next(40), 1 + random.Next(12), 1 + random.Next(28)),
            JoinedAt = joined,
            Channel = channel,
            HomeStore = stores[random.Next(stores.Length)],
            Consent = consent,
            InvitedBy = invitedBy,
        };
        plan.Actions.Add(new DemoAction(joined, DemoStep.Register));
        plan.AddVisits(random, to, zone, span);
        plan.AddStaffActions(random, to);
        plan.Actions.Sort((a, b) => a.At.CompareTo(b.At));
        return plan;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>A few loyal regulars, many occasional buyers, some who never came back: what retention reports show.</summary>
    private void AddVisits(Random random, DateTimeOffset to, TimeZoneInfo zone, double span)
    {
        var kind = random.NextDouble();
        var visits = kind < 0.15 ? random.Next(20, 45) : kind < 0.6 ? random.Next(2, 10) : random.Next(0, 2);
        if (InvitedBy is not null)
            visits = Math.Max(visits, 1); // most friends come back for the first order that rewards whoever invited them
        // Regulars of the first months drift away: their tier lapses on its date.
        var until = kind < 0.15 && random.Next(3) == 0 ? JoinedAt.AddMinutes((to - JoinedAt).TotalMinutes * 0.5) : to;
        var at = JoinedAt;
        for (var v = 0; v < visits; v++)
        {
            at = at.AddHours(12 + random.NextDouble() * (until - at).TotalHours / Math.Max(1, visits - v));
            var local = TimeZoneInfo.ConvertTime(at, zone);
            // Shops are open 9:00–22:00 merchant time.
            var occurred = new DateTimeOffset(local.Year, local.Month, local.Day, 9 + random.Next(13), random.Next(60), 0, local.Offset);
            if (occurred >= until || occurred >= to.AddHours(-2))
                break;
            var visitChannel = random.Next(4) == 0 ? (Channel)random.Next(3) : Channel;
            var orderId = $"D{Index:D5}-{v:D3}";
            var amount = Math.Round((decimal)(15 + random.NextDouble() * (kind < 0.15 ? 120 : 60)), 1);
            Actions.Add(new DemoAction(occurred, DemoStep.Activity, new Activity
            {
                Type = ActivityType.Purchase, OccurredAt = occurred, Channel = visitChannel,
                StoreCode = visitChannel == Channel.Store ? HomeStore : null, OrderId = orderId, Amount = amount,
            }));
            // The first visits use the new-member coupons at the till.
            if (v < 3 && random.Next(3) > 0)
                Actions.Add(new DemoAction(occurred.AddMinutes(1), DemoStep.WriteOff, OrderId: orderId, Amount: amount, Channel: visitChannel));
            if (random.Next(16) == 0)
                Actions.Add(new DemoAction(occurred.AddDays(1 + random.Next(3)), DemoStep.Refund, OrderId: orderId, Amount: random.Next(2) == 0 ? amount : Math.Round(amount / 2, 1)));
            if (kind < 0.15 && v % 5 == 4)
                Actions.Add(new DemoAction(occurred.AddMinutes(2), DemoStep.Redeem, ItemCode: random.Next(3) == 0 ? "DRINK-VOUCHER" : "TOPPING", Channel: visitChannel));
            if (visitChannel != Channel.Store && random.Next(3) == 0)
                Actions.Add(new DemoAction(occurred.AddMinutes(1), DemoStep.Activity, new Activity { Type = ActivityType.CheckIn, OccurredAt = occurred.AddMinutes(1), Channel = visitChannel }));
        }
    }

    /// <summary>What staff do now and then: a goodwill adjustment, a tier set by hand, a coupon voided, an invitation link shared.</summary>
    private void AddStaffActions(Random random, DateTimeOffset to)
    {
        DateTimeOffset Later(double days) => JoinedAt.AddDays(days) is var at && at < to.AddHours(-1) ? at : JoinedAt.AddMinutes(5);
        // By index rather than by chance, so even a small demo has each of them.
        if (Index % 25 == 3)
            Actions.Add(new DemoAction(Later(1 + random.Next(60)), DemoStep.Adjust, Amount: 20 + random.Next(80)));
        if (Index % 50 == 11)
            Actions.Add(new DemoAction(Later(2 + random.Next(40)), DemoStep.SetTier));
        if (Index % 30 == 5)
            Actions.Add(new DemoAction(Later(1), DemoStep.VoidCoupon));
        if (InvitedBy is not null)
            Actions.Add(new DemoAction(JoinedAt.AddMinutes(-10), DemoStep.LinkUse));
    }
}
