using System.Globalization;
using System.Linq.Expressions;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Campaigns;

/// <summary>
/// Turns a <see cref="SegmentDefinition"/> into one EF query over active members (sub-queries on orders, lots, coupons and
/// the points ledger), so counting runs in the database. The lapsing rule needs each member's own purchase gaps: the query
/// keeps the candidates (two purchases or more, none in the last 30 days) and <see cref="ApplyLapsingAsync"/> decides.
/// Spend is compared as a real number (SQLite has no decimal arithmetic).
/// </summary>
public sealed class SegmentQuery(LoyaltyDbContext db, DateTime nowUtc, DateOnly today)
{
    private readonly ParameterExpression m = Expression.Parameter(typeof(Member), "m");

    public async Task<IQueryable<Member>> BuildAsync(SegmentDefinition definition, CancellationToken ct)
    {
        var members = db.Members.AsNoTracking().Where(x => x.Status == MemberStatus.Active);
        var groups = new List<Expression>();
        foreach (var group in definition.Groups.Where(g => g.Conditions.Count > 0))
        {
            var parts = new List<Expression>();
            foreach (var condition in group.Conditions)
                parts.Add(await ConditionAsync(condition, ct));
            groups.Add(parts.Aggregate(group.MatchAny ? Expression.OrElse : Expression.AndAlso));
        }
        if (groups.Count > 0)
            members = members.Where(Expression.Lambda<Func<Member, bool>>(groups.Aggregate(definition.MatchAnyGroup ? Expression.OrElse : Expression.AndAlso), m));
        if (definition.LapsingOnly)
        {
            var recent = nowUtc.AddDays(-Lapsing.MinimumDays);
            members = members.Where(x => db.MemberOrders.Count(o => o.MemberId == x.Id) >= 2 && !db.MemberOrders.Any(o => o.MemberId == x.Id && o.OccurredAtUtc > recent));
        }
        return members;
    }

    /// <summary>Keeps, of <paramref name="ids"/>, the members lapsing by their own median gap (in chunks, for large candidate lists).</summary>
    public async Task<List<long>> ApplyLapsingAsync(IReadOnlyList<long> ids, CancellationToken ct)
    {
        var kept = new List<long>();
        foreach (var chunk in ids.Chunk(2000))
        {
            var orders = await db.MemberOrders.AsNoTracking().Where(o => chunk.Contains(o.MemberId)).Select(o => new { o.MemberId, o.OccurredAtUtc }).ToListAsync(ct);
            var byMember = orders.ToLookup(o => o.MemberId, o => o.OccurredAtUtc);
            kept.AddRange(chunk.Where(id => Lapsing.IsLapsing([.. byMember[id]], nowUtc)));
        }
        return kept;
    }

    private async Task<Expression> ConditionAsync(SegmentCondition c, CancellationToken ct)
    {
        var since = c.WindowDays > 0 ? nowUtc.AddDays(-c.WindowDays) : DateTime.MinValue;
        var n = c.Number;
        switch (c.Field)
        {
            case SegmentField.DaysSinceLastPurchase:
                // "At least N days": no purchase in the last N days; "at most N": one within them.
                var cutoff = nowUtc.AddDays(-(double)n);
                Expression<Func<Member, bool>> within = x => db.MemberOrders.Any(o => o.MemberId == x.Id && o.OccurredAtUtc > cutoff);
                return c.Operator == SegmentOperator.AtMost ? Body(within) : Expression.Not(Body(within));
            case SegmentField.PurchasesInWindow:
                return Compare(x => db.MemberOrders.Count(o => o.MemberId == x.Id && o.OccurredAtUtc >= since), c.Operator, (int)n);
            case SegmentField.SpendInWindow:
                return Compare(Spend(since), c.Operator, (double)n);
            case SegmentField.SpendTopPercent:
                var threshold = await TopSpendThresholdAsync(since, n, ct);
                return threshold is null ? Expression.Constant(false) : Compare(Spend(since), SegmentOperator.AtLeast, threshold.Value);
            case SegmentField.Tier:
                var tier = c.Text ?? "";
                return Body(x => x.TierCode == tier);
            case SegmentField.HomeStore:
                int? store = int.TryParse(c.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : null;
                return Body(x => x.HomeStoreId == store);
            case SegmentField.JoinChannel:
                var channel = Enum.TryParse<Channel>(c.Text, out var ch) ? ch : (Channel)(-1);
                return Body(x => x.JoinChannel == channel);
            case SegmentField.DaysSinceJoining:
                // At most N days: joined after now − N days; at least N days: joined before.
                var joined = nowUtc.AddDays(-(double)n);
                return c.Operator == SegmentOperator.AtMost ? Body(x => x.JoinedAtUtc >= joined) : Body(x => x.JoinedAtUtc <= joined);
            case SegmentField.BirthdayMonth:
                var month = (int)n;
                return Body(x => x.Birthday != null && x.Birthday.Value.Month == month);
            case SegmentField.PointsBalance:
                return Compare(x => x.PointsBalance, c.Operator, (long)n);
            case SegmentField.ExpiringPoints:
                var last = today.AddDays(Math.Max(0, c.WindowDays));
                return Compare(x => db.PointLots.Where(l => l.MemberId == x.Id && l.Remaining > 0 && l.ExpiresOn != null && l.ExpiresOn <= last).Sum(l => l.Remaining),
                    c.Operator, (long)n);
            case SegmentField.CouponsRedeemedInWindow:
                return Compare(x => db.Coupons.Count(k => k.MemberId == x.Id && k.Status == CouponStatus.Redeemed && k.RedeemedAtUtc >= since), c.Operator, (int)n);
            case SegmentField.PointsRedeemedInWindow:
                return Compare(x => -db.PointsEntries.Where(e => e.MemberId == x.Id && e.Kind == PointsEntryKind.Redeem && e.OccurredAtUtc >= since).Sum(e => e.Points),
                    c.Operator, (long)n);
            case SegmentField.MarketingConsent:
                var consent = n != 0;
                return Body(x => x.MarketingConsent == consent);
            default:
                throw new ArgumentOutOfRangeException(nameof(c), c.Field, "Unknown segment field.");
        }
    }

    private Expression<Func<Member, double>> Spend(DateTime since) =>
        x => db.MemberOrders.Where(o => o.MemberId == x.Id && o.OccurredAtUtc >= since).Sum(o => (double)o.Amount - (double)o.RefundedAmount);

    /// <summary>The spend of the member at the edge of the top <paramref name="percent"/> % of active members; null when nobody spent.</summary>
    private async Task<double?> TopSpendThresholdAsync(DateTime since, decimal percent, CancellationToken ct)
    {
        var active = db.Members.AsNoTracking().Where(x => x.Status == MemberStatus.Active);
        var total = await active.CountAsync(ct);
        var rank = (int)Math.Ceiling(total * (double)Math.Clamp(percent, 0, 100) / 100);
        if (rank == 0)
            return null;
        var spends = db.MemberOrders.Where(o => o.OccurredAtUtc >= since && db.Members.Any(x => x.Id == o.MemberId && x.Status == MemberStatus.Active))
            .GroupBy(o => o.MemberId).Select(g => g.Sum(o => (double)o.Amount - (double)o.RefundedAmount));
        var edge = await spends.OrderByDescending(v => v).Skip(rank - 1).Select(v => (double?)v).FirstOrDefaultAsync(ct);
        // Fewer buyers than the rank: every buyer is in the top.
        edge ??= await spends.OrderBy(v => v).Select(v => (double?)v).FirstOrDefaultAsync(ct);
        return edge is > 0 ? edge : null;
    }

    private Expression Compare<T>(Expression<Func<Member, T>> value, SegmentOperator op, T number)
    {
        var body = Body(value);
        var constant = Expression.Constant(number, typeof(T));
        return op switch
        {
            SegmentOperator.AtLeast => Expression.GreaterThanOrEqual(body, constant),
            SegmentOperator.AtMost => Expression.LessThanOrEqual(body, constant),
            _ => Expression.Equal(body, constant),
        };
    }

    private Expression Body<T>(Expression<Func<Member, T>> lambda) => new Rebind(lambda.Parameters[0], m).Visit(lambda.Body);

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
