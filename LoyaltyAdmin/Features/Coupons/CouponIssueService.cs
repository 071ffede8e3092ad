using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Features.Spreadsheets;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Coupons;

/// <summary>
/// Staff issuing (one member, an uploaded list, a member segment), voiding and the coupon lists. Every issue goes through
/// <see cref="CouponIssuer"/> in a write of the <see cref="WritePipeline"/>.
/// </summary>
public sealed class CouponIssueService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    WritePipeline pipeline,
    CouponIssuer issuer,
    MerchantClock merchantClock,
    IStringLocalizer<CouponsText> l)
{
    public const int MaxImportRows = 10_000;

    /// <summary>Issues a template × quantity or a pack to one member; <paramref name="reference"/> (one per dialog) makes a double click harmless.</summary>
    public async Task<CouponIssueResult> IssueAsync(StaffActor actor, long memberId, IssueTarget target, string reference, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.Issue);
        await MemberScope.DemandAsync(dbFactory, merchantClock, actor, memberId, ct);
        return await pipeline.RunAsync(async scope =>
        {
            var result = await IssueOneAsync(scope, memberId, target, CouponSource.Manual, $"manual:{reference}", ct);
            if (result.Succeeded)
            {
                AuditLog.Record(scope.Db, actor, scope.NowUtc, "coupon.issued", nameof(Member), memberId, null,
                    new { target.TemplateId, target.PackId, target.Quantity, result.Codes.Count });
            }
            return result;
        }, ct);
    }

    public async Task<SaveResult> VoidAsync(StaffActor actor, long couponId, string reason, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.Issue);
        reason = reason.Trim();
        if (reason.Length is 0 or > 500)
            return SaveResult.Fail("Reason", l["Void.ReasonRequired"]);
        if (SaveResult.Ok().Text("Reason", reason, multiLine: true) is { Succeeded: false } refused)
            return refused;
        var today = await merchantClock.TodayAsync(ct);
        return await pipeline.RunAsync(async scope =>
        {
            var coupon = await scope.Db.Coupons.SingleOrDefaultAsync(c => c.Id == couponId, ct);
            if (coupon is null || coupon.Status != CouponStatus.Issued)
                return SaveResult.Fail("", l["Void.NotIssued"]);
            if (!await MemberScope.MayServeAsync(scope.Db, actor, coupon.MemberId, today, ct))
                return SaveResult.Fail("", l["Void.OtherStore"]); // found by its code on the coupons page: shown, not served
            coupon.Void(reason, actor.UserId, actor.Name, scope.NowUtc);
            AuditLog.Record(scope.Db, actor, scope.NowUtc, "coupon.voided", nameof(Coupon), coupon.Id, new { coupon.Code, Status = CouponStatus.Issued },
                new { coupon.Code, Status = CouponStatus.Voided, Reason = reason });
            await scope.PublishAsync(BusinessEvents.CouponVoided, coupon.MemberId, new { code = coupon.Code, reason }, scope.NowUtc);
            return SaveResult.Ok();
        }, ct);
    }

    public async Task<int> CountSegmentAsync(StaffActor actor, SegmentFilter filter, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.Issue);
        filter = filter with { HomeStoreId = actor.StoreScope ?? filter.HomeStoreId }; // a StoreManager's segment is in their store
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Segment(db, filter, (await merchantClock.GetAsync(ct)).TimeZone).CountAsync(ct);
    }

    /// <summary>
    /// Issues to every active member of the segment, each in a transaction of its own: a member out of stock or at
    /// the limit is skipped and counted. The batch reference makes a re-run skip those who already received it.
    /// </summary>
    public async Task<SegmentIssueResult> IssueToSegmentAsync(StaffActor actor, SegmentFilter filter, IssueTarget target, string reference, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.Issue);
        filter = filter with { HomeStoreId = actor.StoreScope ?? filter.HomeStoreId };
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        List<long> ids;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            ids = await Segment(db, filter, zone).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync(ct);
        int issued = 0, skipped = 0, had = 0;
        foreach (var id in ids)
        {
            var result = await pipeline.RunAsync(scope => IssueOneAsync(scope, id, target, CouponSource.Segment, $"segment:{reference}", ct), ct);
            _ = result.Status switch
            {
                CouponIssueStatus.Succeeded => issued++,
                CouponIssueStatus.AlreadyIssued => had++,
                _ => skipped++,
            };
        }
        await pipeline.RunAsync(scope =>
        {
            AuditLog.Record(scope.Db, actor, scope.NowUtc, "coupon.segment.issued", "CouponSegment", reference, null,
                new { filter, target.TemplateId, target.PackId, target.Quantity, Members = ids.Count, Issued = issued, Skipped = skipped, AlreadyHad = had });
            return Task.FromResult(true);
        }, ct);
        return new SegmentIssueResult(ids.Count, issued, skipped, had);
    }

    /// <summary>Reads and checks every row of an uploaded phone list (format, known active member, duplicates).</summary>
    public async Task<CouponImportPreview> PreviewImportAsync(StaffActor actor, Stream upload, string fileName, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.Issue);
        List<(int Row, string Phone)> raw;
        try
        {
            using var workbook = await Xlsx.OpenAsync(upload, ct);
            var sheet = workbook.Worksheet(1);
            if (!string.Equals(sheet.Cell(1, 1).GetString().Trim(), "Phone", StringComparison.OrdinalIgnoreCase))
                return new CouponImportPreview(fileName, [], l["Import.HeaderInvalid"]);
            var last = sheet.LastRowUsed()?.RowNumber() ?? 1;
            if (last - 1 > MaxImportRows)
                return new CouponImportPreview(fileName, [], l["Import.TooManyRows", MaxImportRows]);
            raw = [.. Enumerable.Range(2, Math.Max(0, last - 1)).Select(r => (r, sheet.Cell(r, 1).GetString().Trim())).Where(x => x.Item2.Length > 0)];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new CouponImportPreview(fileName, [], l["Import.NotAWorkbook"]);
        }
        if (raw.Count == 0)
            return new CouponImportPreview(fileName, [], l["Import.Empty"]);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var phones = raw.Select(r => PhoneNumbers.Normalize(r.Phone)).OfType<string>().Distinct().ToList();
        var members = new Dictionary<string, (long Id, MemberStatus Status, bool Listed)>(StringComparer.Ordinal);
        foreach (var chunk in phones.Chunk(500))
        {
            foreach (var m in await db.Members.AsNoTracking().Where(m => chunk.Contains(m.Phone)).Select(m => new { m.Phone, m.Id, m.Status, m.HomeStoreId }).ToListAsync(ct))
                members[m.Phone] = (m.Id, m.Status, actor.StoreScope is not { } own || m.HomeStoreId == own);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var rows = raw.Select(r =>
        {
            var phone = PhoneNumbers.Normalize(r.Phone);
            // Tabs and line breaks inside a cell would otherwise be dropped as separators.
            return SafeText.Problem(r.Phone) is { } unsafeText ? new CouponImportRow(r.Row, r.Phone, null, unsafeText)
                : phone is null ? new CouponImportRow(r.Row, r.Phone, null, l["Import.PhoneInvalid"])
                : !members.TryGetValue(phone, out var m) ? new CouponImportRow(r.Row, phone, null, l["Import.MemberUnknown"])
                : !m.Listed ? new CouponImportRow(r.Row, phone, null, l["Import.OtherStore"])
                : m.Status != MemberStatus.Active ? new CouponImportRow(r.Row, phone, m.Id, l["Import.MemberNotActive"])
                : !seen.Add(phone) ? new CouponImportRow(r.Row, phone, m.Id, l["Import.Duplicate"])
                : new CouponImportRow(r.Row, phone, m.Id, null);
        }).ToList();
        return new CouponImportPreview(fileName, rows, null);
    }

    /// <summary>
    /// Issues to every member of a valid list in one transaction: if any member cannot receive the coupons (stock,
    /// limit), nobody does, and that row says why.
    /// </summary>
    public async Task<CouponImportResult> ApplyImportAsync(StaffActor actor, CouponImportPreview preview, IssueTarget target, string reference, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.Issue);
        if (!preview.IsValid)
            return new CouponImportResult(false, 0, 0, [.. preview.BadRows], l["Import.NotValid"]);
        return await pipeline.RunAsync(async scope =>
        {
            var coupons = 0;
            foreach (var row in preview.Rows)
            {
                var result = await IssueOneAsync(scope, row.MemberId!.Value, target, CouponSource.Import, $"import:{reference}", ct);
                if (result.Status is not (CouponIssueStatus.Succeeded or CouponIssueStatus.AlreadyIssued))
                {
                    scope.Refuse();
                    return new CouponImportResult(false, 0, 0, [row with { Error = IssueError(result.Status) }], l["Import.Refused"]);
                }
                coupons += result.Succeeded ? result.Coupons.Count : 0;
            }
            AuditLog.Record(scope.Db, actor, scope.NowUtc, "coupon.imported", "CouponImport", reference, null,
                new { preview.FileName, target.TemplateId, target.PackId, target.Quantity, Members = preview.Rows.Count, Coupons = coupons });
            return new CouponImportResult(true, preview.Rows.Count, coupons, [], null);
        }, ct);
    }

    /// <summary>The reason an issue was refused, in the user's language.</summary>
    public string IssueError(CouponIssueStatus status) => l[$"Issue.{status}"];

    /// <summary>
    /// Marks issued coupons whose last valid day ended before <paramref name="day"/> began as expired, each with a
    /// <c>coupon.expired</c> event at the moment it ended, in writes of up to 500. Safe to run twice.
    /// </summary>
    public async Task<int> ExpireAsync(DateOnly day, CancellationToken ct = default)
    {
        var expired = 0;
        while (true)
        {
            var done = await pipeline.RunAsync(async scope =>
            {
                var startUtc = CouponTerms.StartOfDayUtc(day, scope.Zone);
                var due = await scope.Db.Coupons.Where(c => c.Status == CouponStatus.Issued && c.ValidUntilUtc <= startUtc).OrderBy(c => c.Id).Take(500).ToListAsync(ct);
                foreach (var coupon in due)
                {
                    coupon.Expire();
                    await scope.PublishAsync(BusinessEvents.CouponExpired, coupon.MemberId, new { code = coupon.Code }, coupon.ValidUntilUtc);
                }
                return due.Count;
            }, ct);
            expired += done;
            if (done < 500)
                return expired;
        }
    }

    private Task<CouponIssueResult> IssueOneAsync(WriteScope scope, long memberId, IssueTarget target, CouponSource source, string reference, CancellationToken ct) =>
        target.PackId is { } packId
            ? issuer.IssuePackAsync(scope, memberId, packId, source, reference, scope.NowUtc, ct)
            : issuer.IssueTemplateAsync(scope, memberId, target.TemplateId ?? 0, Math.Max(1, target.Quantity), source, reference, scope.NowUtc, ct);

    private static IQueryable<Member> Segment(LoyaltyDbContext db, SegmentFilter f, TimeZoneInfo zone)
    {
        var members = db.Members.AsNoTracking().Where(m => m.Status == MemberStatus.Active);
        if (!string.IsNullOrWhiteSpace(f.TierCode))
            members = members.Where(m => m.TierCode == f.TierCode);
        if (f.JoinedFrom is { } from)
        {
            var start = CouponTerms.StartOfDayUtc(from, zone);
            members = members.Where(m => m.JoinedAtUtc >= start);
        }
        if (f.JoinedTo is { } to)
        {
            var end = CouponTerms.EndOfDayUtc(to, zone);
            members = members.Where(m => m.JoinedAtUtc < end);
        }
        if (f.HomeStoreId is { } store)
            members = members.Where(m => m.HomeStoreId == store);
        return members;
    }
}
