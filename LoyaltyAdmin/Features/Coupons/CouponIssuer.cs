using System.Security.Cryptography;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Coupons;

public enum CouponIssueStatus { Succeeded, OutOfStock, MemberLimitReached, Inactive, AlreadyIssued, MemberUnavailable }

/// <summary>
/// What an issue did. <see cref="Coupons"/> are the coupons added to the caller's context (ids after its save);
/// on <see cref="CouponIssueStatus.AlreadyIssued"/>, the ones the first issue with the same reference gave.
/// </summary>
public sealed record CouponIssueResult(CouponIssueStatus Status, IReadOnlyList<Coupon> Coupons)
{
    public bool Succeeded => Status == CouponIssueStatus.Succeeded;
    public IReadOnlyList<string> Codes => [.. Coupons.Select(c => c.Code)];

    public static CouponIssueResult Failed(CouponIssueStatus status) => new(status, []);
}

/// <summary>
/// Issues coupons to a member inside the caller's write (<see cref="WriteScope"/>): they commit with whatever issued them
/// (a ledger operation, a referral reward, a redemption, staff) or not at all, each with a <c>coupon.issued</c> event.
/// <list type="bullet">
/// <item>Stock is claimed with one conditional UPDATE (<c>Issued + n &lt;= Stock</c>), so it is never oversold.</item>
/// <item>A pack is all or nothing: a template out of stock gives back what the others claimed, in the same transaction.</item>
/// <item>The same (member, source, reference) never issues twice: a re-run answers <see cref="CouponIssueStatus.AlreadyIssued"/>.</item>
/// <item>The member row is locked (server databases) and its <see cref="Member.Version"/> bumped, so two issues to one
/// member are serialised: the per-member limit and the reference check hold under concurrency. A caller whose save
/// fails with <see cref="DbUpdateException"/> lost that race and runs its operation again from a fresh read.</item>
/// </list>
/// The member is locked before any template row, the same order as the points ledger, so the two never deadlock.
/// </summary>
public sealed class CouponIssuer
{
    /// <summary>No 0/O, 1/I/L: codes are read aloud and typed at the till.</summary>
    private const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

    public const int CodeLength = 12;

    /// <summary>Issues a pack; <paramref name="issuedAtUtc"/> is the business time of what issued it.</summary>
    public async Task<CouponIssueResult> IssuePackAsync(WriteScope scope, long memberId, long packId, CouponSource source, string reference,
        DateTime issuedAtUtc, CancellationToken ct)
    {
        var pack = await scope.Db.CouponPacks.AsNoTracking().Include(p => p.Items).SingleOrDefaultAsync(p => p.Id == packId, ct);
        if (pack is null || !pack.IsActive || pack.Items.Count == 0)
            return CouponIssueResult.Failed(CouponIssueStatus.Inactive);
        return await IssueAsync(scope, memberId, [.. pack.Items.Select(i => (i.TemplateId, i.Quantity))], pack.Id, source, reference, issuedAtUtc, ct);
    }

    public Task<CouponIssueResult> IssueTemplateAsync(WriteScope scope, long memberId, long templateId, int quantity, CouponSource source, string reference,
        DateTime issuedAtUtc, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(quantity);
        return IssueAsync(scope, memberId, [(templateId, quantity)], null, source, reference, issuedAtUtc, ct);
    }

    private static async Task<CouponIssueResult> IssueAsync(WriteScope scope, long memberId, (long TemplateId, int Quantity)[] lines, long? packId,
        CouponSource source, string reference, DateTime nowUtc, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reference);
        var db = scope.Db;
        var zone = scope.Zone;
        var member = await WritePipeline.LockMemberAsync(db, memberId, ct);
        if (member is null || member.Status != MemberStatus.Active)
            return CouponIssueResult.Failed(CouponIssueStatus.MemberUnavailable);

        var earlier = await db.Coupons.Where(c => c.MemberId == memberId && c.Source == source && c.Reference == reference).ToListAsync(ct);
        earlier.AddRange(db.Coupons.Local.Where(c => c.Id == 0 && c.MemberId == memberId && c.Source == source && c.Reference == reference));
        if (earlier.Count > 0)
            return new CouponIssueResult(CouponIssueStatus.AlreadyIssued, earlier);

        var wanted = lines.GroupBy(l => l.TemplateId).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity));
        var ids = wanted.Keys.ToList();
        var templates = await db.CouponTemplates.AsNoTracking().Where(t => ids.Contains(t.Id)).ToDictionaryAsync(t => t.Id, ct);
        var windows = new Dictionary<long, (DateTime FromUtc, DateTime UntilUtc)>();
        foreach (var id in ids)
        {
            if (!templates.TryGetValue(id, out var t) || !t.IsActive || CouponTerms.Validity(t, nowUtc, zone) is not { } window)
                return CouponIssueResult.Failed(CouponIssueStatus.Inactive);
            windows[id] = window;
        }

        var limited = ids.Where(id => templates[id].PerMemberLimit is not null).ToList();
        if (limited.Count > 0)
        {
            var held = await db.Coupons.Where(c => c.MemberId == memberId && limited.Contains(c.TemplateId))
                .GroupBy(c => c.TemplateId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            foreach (var id in limited)
            {
                var pending = db.Coupons.Local.Count(c => c.Id == 0 && c.MemberId == memberId && c.TemplateId == id);
                if (held.GetValueOrDefault(id) + pending + wanted[id] > templates[id].PerMemberLimit)
                    return CouponIssueResult.Failed(CouponIssueStatus.MemberLimitReached);
            }
        }

        var claimed = new List<(long Id, int Count)>();
        foreach (var (id, count) in wanted)
        {
            var rows = await db.CouponTemplates
                .Where(t => t.Id == id && (t.Stock == null || t.Issued + count <= t.Stock))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Issued, t => t.Issued + count), ct);
            if (rows == 0)
            {
                foreach (var (back, n) in claimed)
                    await db.CouponTemplates.Where(t => t.Id == back).ExecuteUpdateAsync(s => s.SetProperty(t => t.Issued, t => t.Issued - n), ct);
                return CouponIssueResult.Failed(CouponIssueStatus.OutOfStock);
            }
            claimed.Add((id, count));
        }

        member.Version++;
        var issued = new List<Coupon>();
        foreach (var (id, count) in wanted)
        {
            for (var i = 0; i < count; i++)
            {
                var coupon = new Coupon
                {
                    Code = NewCode(), MemberId = memberId, TemplateId = id, PackId = packId, Status = CouponStatus.Issued,
                    IssuedAtUtc = nowUtc, RecordedAtUtc = scope.NowUtc, ValidFromUtc = windows[id].FromUtc, ValidUntilUtc = windows[id].UntilUtc,
                    Source = source, Reference = reference,
                };
                db.Coupons.Add(coupon);
                issued.Add(coupon);
            }
        }
        await scope.PublishAsync(BusinessEvents.CouponIssued, memberId, new
        {
            codes = issued.Select(c => c.Code), packId, templates = wanted.Keys, source, validUntil = issued.Min(c => c.ValidUntilUtc),
        }, nowUtc);
        return new CouponIssueResult(CouponIssueStatus.Succeeded, issued);
    }

    /// <summary>A fresh code from a cryptographic RNG: 31^12 ≈ 8×10^17 possibilities, so codes cannot be guessed.</summary>
    public static string NewCode() => string.Create(CodeLength, 0, (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
            span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
    });

    /// <summary>Normalises a code typed or scanned at the till (case, spaces, dashes).</summary>
    public static string NormaliseCode(string? code) =>
        new((code ?? "").Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
}
