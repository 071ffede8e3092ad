using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Challenges;

/// <summary>
/// Challenges for the console and the API: a member's running challenges and badges, and each challenge's funnel per period.
/// </summary>
public sealed class ChallengeService(IDbContextFactory<LoyaltyDbContext> dbFactory, ProgrammeStore programmes, MerchantClock merchantClock)
{
    /// <summary>The challenges running today that the member may take part in, with progress, in <paramref name="culture"/>.</summary>
    public async Task<IReadOnlyList<MemberChallengeView>> ForMemberAsync(long memberId, CultureInfo culture, CancellationToken ct = default)
    {
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        var challenges = (programme.Challenges ?? []).Where(c => c.Enabled && c.Stages.Count > 0).ToList();
        if (challenges.Count == 0)
            return [];
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        var today = await merchantClock.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var tier = await db.Members.AsNoTracking().Where(m => m.Id == memberId).Select(m => m.TierCode).SingleOrDefaultAsync(ct);
        if (tier is null)
            return [];
        var rows = await db.MemberChallengeProgress.AsNoTracking().Where(p => p.MemberId == memberId).ToListAsync(ct);
        var views = new List<MemberChallengeView>();
        foreach (var c in challenges)
        {
            if (today < (c.ActiveFrom ?? DateOnly.MinValue) || today > (c.ActiveTo ?? DateOnly.MaxValue))
                continue;
            if (c.TierCodes is { } tiers && !tiers.Contains(tier))
                continue;
            var (start, end) = ChallengeEngine.PeriodOf(c, today);
            var row = rows.FirstOrDefault(r => r.ChallengeId == c.Id && r.PeriodStart == start);
            var stages = c.Stages.OrderBy(s => s.Target).ToList();
            if (c.Repeat == ChallengeRepeat.Once && row is null && rows.Any(r => r.ChallengeId == c.Id && r.StagesReached >= stages.Count))
                continue;
            var reached = row?.StagesReached ?? 0;
            var endsLocal = end == DateOnly.MaxValue ? DateTime.MaxValue : end.AddDays(1).ToDateTime(TimeOnly.MinValue);
            views.Add(new MemberChallengeView(c.Id, c.Name.In(culture), c.Description?.In(culture), c.Goal, c.Period, start, end, row?.Value ?? 0,
                stages[^1].Target, reached,
                [.. stages.Select((s, i) => new ChallengeStageView(i + 1, s.Target, s.Points, s.CouponPack, s.Badge,
                    (programme.Badges ?? []).FirstOrDefault(b => b.Code == s.Badge)?.Name.In(culture), i < reached))],
                reached >= stages.Count, end == DateOnly.MaxValue ? int.MaxValue : end.DayNumber - today.DayNumber + 1,
                endsLocal == DateTime.MaxValue ? DateTime.MaxValue : TimeZoneInfo.ConvertTimeToUtc(endsLocal, zone)));
        }
        return views;
    }

    /// <summary>The member's badges, newest first, in <paramref name="culture"/>; a badge no longer in the programme shows its code.</summary>
    public async Task<IReadOnlyList<MemberBadgeView>> BadgesAsync(long memberId, CultureInfo culture, CancellationToken ct = default)
    {
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var held = await db.MemberBadges.AsNoTracking().Where(b => b.MemberId == memberId).OrderByDescending(b => b.AwardedAtUtc).ToListAsync(ct);
        return [.. held.Select(h =>
        {
            var badge = (programme.Badges ?? []).FirstOrDefault(b => b.Code == h.BadgeCode);
            return new MemberBadgeView(h.BadgeCode, badge?.Name.In(culture) ?? h.BadgeCode, badge?.Description?.In(culture), badge?.Icon ?? BadgeIcons.Star,
                h.Source, h.ChallengeId, h.Reason, h.AwardedAtUtc);
        })];
    }

    /// <summary>Every challenge in the current programme with its members taking part and completing (all periods).</summary>
    public async Task<IReadOnlyList<ChallengeListItem>> ListAsync(CancellationToken ct = default)
    {
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.MemberChallengeProgress.AsNoTracking().GroupBy(p => p.ChallengeId)
            .Select(g => new { g.Key, Participants = g.Select(p => p.MemberId).Distinct().Count(), Completed = g.Count(p => p.CompletedAtUtc != null) })
            .ToDictionaryAsync(g => g.Key, ct);
        return [.. (programme.Challenges ?? []).Select(c => new ChallengeListItem(c, counts.GetValueOrDefault(c.Id)?.Participants ?? 0,
            counts.GetValueOrDefault(c.Id)?.Completed ?? 0))];
    }

    /// <summary>The challenge's funnel per period, newest period first.</summary>
    public async Task<IReadOnlyList<ChallengeFunnelRow>> FunnelAsync(string challengeId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.MemberChallengeProgress.AsNoTracking().Where(p => p.ChallengeId == challengeId)
            .GroupBy(p => new { p.PeriodStart, p.PeriodEnd })
            .Select(g => new { g.Key.PeriodStart, g.Key.PeriodEnd, Participants = g.Count(), First = g.Count(p => p.StagesReached > 0), Done = g.Count(p => p.CompletedAtUtc != null) })
            .ToListAsync(ct);
        return [.. rows.OrderByDescending(r => r.PeriodStart).Select(r => new ChallengeFunnelRow(r.PeriodStart, r.PeriodEnd, r.Participants, r.First, r.Done))];
    }
}
