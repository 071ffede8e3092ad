using System.Globalization;
using ClosedXML.Excel;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Coupons;

/// <summary>
/// Staff issuing (one member, an uploaded list, a member segment), voiding and the coupon lists. Every issue goes
/// through <see cref="CouponIssuer"/> in a transaction of its own, retried from a fresh read when another writer
/// changed the same member first.
/// </summary>
public sealed class CouponIssueService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    CouponIssuer issuer,
    MerchantClock merchantClock,
    TimeProvider clock,
    IStringLocalizer<CouponsText> l)
{
    public const int MaxImportRows = 10_000;
    private const int MaxAttempts = 8;
    private readonly SemaphoreSlim sqliteWriteGate = new(1, 1);

    /// <summary>Issues a template × quantity or a pack to one member; <paramref name="reference"/> (one per dialog) makes a double click harmless.</summary>
    public async Task<CouponIssueResult> IssueAsync(StaffActor actor, long memberId, IssueTarget target, string reference, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.Issue);
        await MemberScope.DemandAsync(dbFactory, merchantClock, actor, memberId, ct);
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        return await WriteAsync(async db =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var result = await IssueOneAsync(db, memberId, target, CouponSource.Manual, $"manual:{reference}", now, zone, ct);
            if (result.Succeeded)
            {
                AuditLog.Record(db, actor, now, "coupon.issued", nameof(Member), memberId, null,
                    new { target.TemplateId, target.PackId, target.Quantity, result.Codes.Count });
                await db.SaveChangesAsync(ct);
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
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var coupon = await db.Coupons.SingleOrDefaultAsync(c => c.Id == couponId, ct);
        if (coupon is null || coupon.Status != CouponStatus.Issued)
            return SaveResult.Fail("", l["Void.NotIssued"]);
        if (!await MemberScope.MayServeAsync(db, actor, coupon.MemberId, await merchantClock.TodayAsync(ct), ct))
            return SaveResult.Fail("", l["Void.OtherStore"]); // found by its code on the coupons page: shown, not served
        coupon.Status = CouponStatus.Voided;
        coupon.VoidReason = reason;
        coupon.VoidedById = actor.UserId;
        coupon.VoidedByName = actor.Name;
        coupon.VoidedAtUtc = now;
        coupon.Version++;
        AuditLog.Record(db, actor, now, "coupon.voided", nameof(Coupon), coupon.Id, new { coupon.Code, Status = CouponStatus.Issued },
            new { coupon.Code, Status = CouponStatus.Voided, Reason = reason });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return SaveResult.Fail("", l["Void.NotIssued"]);
        }
        return SaveResult.Ok();
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
            var result = await WriteAsync(async db =>
            {
                var r = await IssueOneAsync(db, id, target, CouponSource.Segment, $"segment:{reference}", clock.GetUtcNow().UtcDateTime, zone, ct);
                await db.SaveChangesAsync(ct);
                return r;
            }, ct);
            _ = result.Status switch
            {
                CouponIssueStatus.Succeeded => issued++,
                CouponIssueStatus.AlreadyIssued => had++,
                _ => skipped++,
            };
        }
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            AuditLog.Record(db, actor, clock.GetUtcNow().UtcDateTime, "coupon.segment.issued", "CouponSegment", reference, null,
                new { filter, target.TemplateId, target.PackId, target.Quantity, Members = ids.Count, Issued = issued, Skipped = skipped, AlreadyHad = had });
            await db.SaveChangesAsync(ct);
        }
        return new SegmentIssueResult(ids.Count, issued, skipped, had);
    }

    /// <summary>Reads and checks every row of an uploaded phone list (format, known active member, duplicates).</summary>
    public async Task<CouponImportPreview> PreviewImportAsync(StaffActor actor, Stream upload, string fileName, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Coupons.Issue);
        List<(int Row, string Phone)> raw;
        try
        {
            using var buffer = new MemoryStream();
            await upload.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            using var workbook = new XLWorkbook(buffer);
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
            return phone is null ? new CouponImportRow(r.Row, r.Phone, null, l["Import.PhoneInvalid"])
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
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        return await WriteAsync(async db =>
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var coupons = 0;
            foreach (var row in preview.Rows)
            {
                var result = await IssueOneAsync(db, row.MemberId!.Value, target, CouponSource.Import, $"import:{reference}", now, zone, ct);
                if (result.Status is not (CouponIssueStatus.Succeeded or CouponIssueStatus.AlreadyIssued))
                {
                    await db.Database.RollbackTransactionAsync(ct);
                    return new CouponImportResult(false, 0, 0, [row with { Error = IssueError(result.Status) }], l["Import.Refused"]);
                }
                coupons += result.Succeeded ? result.Coupons.Count : 0;
            }
            AuditLog.Record(db, actor, now, "coupon.imported", "CouponImport", reference, null,
                new { preview.FileName, target.TemplateId, target.PackId, target.Quantity, Members = preview.Rows.Count, Coupons = coupons });
            await db.SaveChangesAsync(ct);
            return new CouponImportResult(true, preview.Rows.Count, coupons, [], null);
        }, ct);
    }

    /// <summary>The reason an issue was refused, in the user's language.</summary>
    public string IssueError(CouponIssueStatus status) => l[$"Issue.{status}"];

    /// <summary>Marks issued coupons whose last valid day ended before <paramref name="day"/> began as expired. Safe to run twice.</summary>
    public static Task<int> ExpireAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, DateOnly day, TimeZoneInfo zone, CancellationToken ct) =>
        ExpireBeforeAsync(dbFactory, CouponTerms.StartOfDayUtc(day, zone), ct);

    private static async Task<int> ExpireBeforeAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, DateTime startUtc, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Coupons.Where(c => c.Status == CouponStatus.Issued && c.ValidUntilUtc <= startUtc)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, CouponStatus.Expired).SetProperty(c => c.Version, c => c.Version + 1), ct);
    }

    private Task<CouponIssueResult> IssueOneAsync(LoyaltyDbContext db, long memberId, IssueTarget target, CouponSource source, string reference,
        DateTime now, TimeZoneInfo zone, CancellationToken ct) =>
        target.PackId is { } packId
            ? issuer.IssuePackAsync(db, memberId, packId, source, reference, now, zone, ct)
            : issuer.IssueTemplateAsync(db, memberId, target.TemplateId ?? 0, Math.Max(1, target.Quantity), source, reference, now, zone, ct);

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

    /// <summary>One transaction per attempt; a lost race on the member (or a colliding code) starts again from a fresh read.</summary>
    private async Task<T> WriteAsync<T>(Func<LoyaltyDbContext, Task<T>> work, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            // SQLite has one writer at a time: queue this process's writers here rather than in the driver's busy loop.
            var gate = db.Database.IsSqlite() ? sqliteWriteGate : null;
            if (gate is not null)
                await gate.WaitAsync(ct);
            try
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                try
                {
                    var result = await work(db);
                    if (db.Database.CurrentTransaction is not null)
                        await tx.CommitAsync(ct);
                    return result;
                }
                catch (DbUpdateException) when (attempt < MaxAttempts)
                {
                    await tx.RollbackAsync(CancellationToken.None);
                }
            }
            finally
            {
                gate?.Release();
            }
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10) * attempt), ct);
        }
    }
}
