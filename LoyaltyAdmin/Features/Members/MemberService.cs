using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// What the member screens read: search, detail with tier progress, ledger and tier history, approvals inbox.
/// Phone numbers are masked for staff without <see cref="Permissions.Members.SeeFullPhone"/> here, on the server.
/// </summary>
public sealed class MemberService(IDbContextFactory<LoyaltyDbContext> dbFactory, ProgrammeStore programmes, TimeProvider clock)
{
    public async Task<PagedResult<MemberRow>> SearchAsync(StaffActor actor, MemberQuery query, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var members = db.Members.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var term = query.Search.Trim();
            members = PhoneNumbers.Prefix(term) is { } phone
                ? members.Where(m => m.Phone.StartsWith(phone)) // digits typed: a phone prefix, served by the phone index
                : members.Where(m => m.Name.Contains(term) || m.ReferralCode == term.ToUpperInvariant());
        }
        if (!string.IsNullOrEmpty(query.TierCode))
            members = members.Where(m => m.TierCode == query.TierCode);
        if (query.StoreId is { } storeId)
            members = members.Where(m => m.HomeStoreId == storeId);
        if (query.JoinedFrom is { } from)
            members = members.Where(m => m.JoinedAtUtc >= from.ToDateTime(TimeOnly.MinValue));
        if (query.JoinedTo is { } to)
            members = members.Where(m => m.JoinedAtUtc < to.AddDays(1).ToDateTime(TimeOnly.MinValue));

        var total = await members.CountAsync(ct);
        members = (query.SortBy, query.Descending) switch
        {
            (nameof(MemberRow.Name), false) => members.OrderBy(m => m.Name).ThenBy(m => m.Id),
            (nameof(MemberRow.Name), true) => members.OrderByDescending(m => m.Name).ThenBy(m => m.Id),
            (nameof(MemberRow.Points), false) => members.OrderBy(m => m.PointsBalance).ThenBy(m => m.Id),
            (nameof(MemberRow.Points), true) => members.OrderByDescending(m => m.PointsBalance).ThenBy(m => m.Id),
            (nameof(MemberRow.LastActivityUtc), false) => members.OrderBy(m => m.LastActivityUtc).ThenBy(m => m.Id),
            (nameof(MemberRow.LastActivityUtc), true) => members.OrderByDescending(m => m.LastActivityUtc).ThenBy(m => m.Id),
            (nameof(MemberRow.JoinedAtUtc), false) => members.OrderBy(m => m.JoinedAtUtc).ThenBy(m => m.Id),
            _ => members.OrderByDescending(m => m.Id),
        };
        var rows = await members.Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(m => new MemberRow(m.Id, m.Phone, m.Name, m.TierCode, m.PointsBalance, m.GrowthValue, m.JoinedAtUtc, m.LastActivityUtc,
                db.Stores.Where(s => s.Id == m.HomeStoreId).Select(s => s.Name).FirstOrDefault(), m.Status))
            .ToListAsync(ct);
        var mask = !actor.Can(Permissions.Members.SeeFullPhone);
        return new PagedResult<MemberRow>(mask ? rows.Select(r => r with { Phone = PhoneNumbers.Mask(r.Phone) }).ToList() : rows, total);
    }

    public async Task<MemberDetail?> GetDetailAsync(StaffActor actor, long memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId, ct);
        if (member is null)
            return null;
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        var stats = await PointsLedgerService.StatsAsync(db, member, programme, clock.GetUtcNow().UtcDateTime, ct);
        var tier = TierEngine.Ordered(programme).FirstOrDefault(t => t.Code == member.TierCode) ?? TierEngine.Ordered(programme)[0];
        var progress = TierEngine.Progress(programme, tier.Code, stats);
        var retention = tier.ValidityMonths is null ? null : TierEngine.RetentionProgress(programme, tier.Code, stats);
        var store = member.HomeStoreId is null ? null : await db.Stores.Where(s => s.Id == member.HomeStoreId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        var phone = actor.Can(Permissions.Members.SeeFullPhone) ? member.Phone : PhoneNumbers.Mask(member.Phone);
        return new MemberDetail(member.Id, phone, member.Name, member.Birthday, member.Status, member.JoinChannel, member.JoinedAtUtc,
            store, member.ReferralCode, tier, member.TierSince, member.TierValidUntil, member.PointsBalance, member.PendingPoints,
            member.GrowthValue, member.LifetimeSpend, member.ActiveDays, member.SuccessfulReferrals, progress, retention);
    }

    /// <summary>The member's ledger, newest first, one page at a time.</summary>
    public async Task<PagedResult<LedgerRow>> GetLedgerAsync(long memberId, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var entries = db.PointsEntries.AsNoTracking().Where(e => e.MemberId == memberId);
        var total = await entries.CountAsync(ct);
        var rows = await entries.OrderByDescending(e => e.Id).Skip(page * pageSize).Take(pageSize)
            .Select(e => new LedgerRow(e.Id, e.OccurredAtUtc, e.Kind, e.Source, e.Points, e.BalanceAfter, e.OrderId, e.RuleId, e.Reason, e.Note,
                db.Users.Where(u => u.Id == e.OperatorId).Select(u => u.DisplayName).FirstOrDefault()))
            .ToListAsync(ct);
        return new PagedResult<LedgerRow>(rows, total);
    }

    public async Task<IReadOnlyList<TierHistoryRow>> GetTierHistoryAsync(long memberId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.TierHistory.AsNoTracking().Where(t => t.MemberId == memberId).OrderByDescending(t => t.Id)
            .Select(t => new TierHistoryRow(t.OccurredAtUtc, t.FromTier, t.ToTier, t.Change, t.Reason, t.ValidUntil))
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<ApprovalRow>> GetPendingApprovalsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from r in db.AdjustmentRequests.AsNoTracking()
                      join m in db.Members on r.MemberId equals m.Id
                      where r.Status == AdjustmentStatus.Pending
                      orderby r.Id
                      select new ApprovalRow(r.Id, m.Id, m.Name, m.Phone, r.Points, r.Reason, r.Note, r.RequestedByName, r.RequestedAtUtc))
            .ToListAsync(ct);
    }
}
