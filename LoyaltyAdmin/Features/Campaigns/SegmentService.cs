using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Campaigns;

/// <summary>One member of a segment's preview; the phone is masked for roles that see masked phones.</summary>
public sealed record SegmentMemberRow(long Id, string Phone, string Name, string TierCode, int? HomeStoreId, long PointsBalance, DateTime JoinedAtUtc, DateTime? LastActivityUtc);

public sealed record SegmentSummary(long Id, string Name, string? BuiltInKey, SegmentDefinition Definition);

/// <summary>
/// Counts, previews, exports and saves segments. Every answer holds only members the actor may list (a StoreManager: their
/// store's, <see cref="MemberScope.Listed"/>), whatever the definition says.
/// </summary>
public sealed class SegmentService(IDbContextFactory<LoyaltyDbContext> dbFactory, MerchantClock merchantClock, IStringLocalizer<CampaignsText> l)
{
    public const int PreviewSize = 50;

    public async Task<int> CountAsync(StaffActor actor, SegmentDefinition definition, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Campaigns.ViewSegments, systemMayAct: true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (query, segment) = await QueryAsync(db, actor, definition, ct);
        if (!definition.LapsingOnly)
            return await segment.CountAsync(ct);
        return (await query.ApplyLapsingAsync(await segment.Select(m => m.Id).ToListAsync(ct), ct)).Count;
    }

    /// <summary>The ids of the segment's members the actor may list, in id order (automations, exports).</summary>
    public async Task<List<long>> MemberIdsAsync(StaffActor actor, SegmentDefinition definition, Func<LoyaltyDbContext, IQueryable<Member>, IQueryable<Member>>? narrow = null,
        CancellationToken ct = default)
    {
        actor.Demand(Permissions.Campaigns.ViewSegments, systemMayAct: true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var (query, segment) = await QueryAsync(db, actor, definition, ct);
        var ids = await (narrow?.Invoke(db, segment) ?? segment).OrderBy(m => m.Id).Select(m => m.Id).ToListAsync(ct);
        return definition.LapsingOnly ? await query.ApplyLapsingAsync(ids, ct) : ids;
    }

    public async Task<IReadOnlyList<SegmentMemberRow>> PreviewAsync(StaffActor actor, SegmentDefinition definition, int take = PreviewSize, CancellationToken ct = default)
    {
        var ids = await MemberIdsAsync(actor, definition, ct: ct);
        return await RowsAsync(actor, [.. ids.Take(take)], ct);
    }

    public async Task<IReadOnlyList<SegmentMemberRow>> RowsAsync(StaffActor actor, IReadOnlyList<long> ids, CancellationToken ct = default)
    {
        var full = actor.Can(Permissions.Members.SeeFullPhone);
        var rows = new List<SegmentMemberRow>(ids.Count);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var chunk in ids.Chunk(1000))
        {
            rows.AddRange(await db.Members.AsNoTracking().Where(m => chunk.Contains(m.Id)).OrderBy(m => m.Id)
                .Select(m => new SegmentMemberRow(m.Id, m.Phone, m.Name, m.TierCode, m.HomeStoreId, m.PointsBalance, m.JoinedAtUtc, m.LastActivityUtc)).ToListAsync(ct));
        }
        return full ? rows : [.. rows.Select(r => r with { Phone = PhoneNumbers.Mask(r.Phone) })];
    }

    /// <summary>The saved segments, the built-in ones first (saved on first use, so they can be edited).</summary>
    public async Task<IReadOnlyList<SegmentSummary>> ListAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Campaigns.ViewSegments, systemMayAct: true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var keys = await db.Segments.Where(s => s.BuiltInKey != null).Select(s => s.BuiltInKey!).ToListAsync(ct);
        var missing = SegmentDefinition.BuiltIns.Where(b => !keys.Contains(b.Key)).ToList();
        if (missing.Count > 0)
        {
            var now = merchantClock.UtcNow.UtcDateTime;
            db.Segments.AddRange(missing.Select(b => new SavedSegment
            {
                Name = l[$"Segment.BuiltIn.{b.Key}"], BuiltInKey = b.Key, Definition = b.Definition.ToJson(), CreatedAtUtc = now, UpdatedAtUtc = now,
            }));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Another page saved them a moment earlier (the key is unique): theirs are read below.
            }
        }
        await using var read = await dbFactory.CreateDbContextAsync(ct);
        var saved = await read.Segments.AsNoTracking().OrderBy(s => s.BuiltInKey == null).ThenBy(s => s.Id).ToListAsync(ct);
        return [.. saved.Select(s => new SegmentSummary(s.Id, s.Name, s.BuiltInKey, SegmentDefinition.FromJson(s.Definition)))];
    }

    public async Task<SegmentDefinition?> GetAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var json = await db.Segments.AsNoTracking().Where(s => s.Id == id).Select(s => s.Definition).SingleOrDefaultAsync(ct);
        return json is null ? null : SegmentDefinition.FromJson(json);
    }

    /// <summary>Saves a new segment (<paramref name="id"/> null) or changes one; answers its id in <see cref="SaveResult"/>'s success.</summary>
    public async Task<(SaveResult Result, long Id)> SaveAsync(StaffActor actor, long? id, string name, SegmentDefinition definition, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Campaigns.ManageSegments);
        name = name.Trim();
        if (name.Length is 0 or > 100)
            return (SaveResult.Fail("Name", l["Segment.NameRequired"]), 0);
        if (SaveResult.Ok().Text("Name", name) is { Succeeded: false } refused)
            return (refused, 0);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = merchantClock.UtcNow.UtcDateTime;
        var segment = id is { } existing ? await db.Segments.SingleOrDefaultAsync(s => s.Id == existing, ct) : null;
        if (id is not null && segment is null)
            return (SaveResult.Fail("", l["Segment.NotFound"]), 0);
        var before = segment is null ? null : new { segment.Name, segment.Definition };
        if (segment is null)
            db.Segments.Add(segment = new SavedSegment { CreatedAtUtc = now });
        segment.Name = name;
        segment.Definition = definition.ToJson();
        segment.UpdatedAtUtc = now;
        segment.Version++;
        await db.SaveChangesAsync(ct);
        AuditLog.Record(db, actor, now, before is null ? "segment.created" : "segment.changed", nameof(SavedSegment), segment.Id, before,
            new { segment.Name, segment.Definition });
        await db.SaveChangesAsync(ct);
        return (SaveResult.Ok(), segment.Id);
    }

    /// <summary>Writes a saved segment's members (as the preview shows them: scoped, masked) to .xlsx; the export is audited.</summary>
    public async Task ExportAsync(StaffActor actor, long id, Stream output, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.Export);
        var definition = await GetAsync(id, ct) ?? throw new KeyNotFoundException($"Segment {id} does not exist.");
        var zone = (await merchantClock.GetAsync(ct)).TimeZone;
        var rows = await RowsAsync(actor, await MemberIdsAsync(actor, definition, ct: ct), ct);
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            AuditLog.Record(db, actor, merchantClock.UtcNow.UtcDateTime, "segment.exported", nameof(SavedSegment), id, null, new { Rows = rows.Count });
            await db.SaveChangesAsync(ct);
        }
        ExcelColumn<SegmentMemberRow>[] columns =
        [
            new(l["Column.Phone"], r => r.Phone),
            new(l["Column.Name"], r => r.Name),
            new(l["Column.Tier"], r => r.TierCode),
            new(l["Column.Points"], r => r.PointsBalance),
            new(l["Column.Joined"], r => MerchantClock.ToLocal(r.JoinedAtUtc, zone)),
            new(l["Column.LastActivity"], r => r.LastActivityUtc is { } at ? MerchantClock.ToLocal(at, zone) : null),
        ];
        await MemberExport.WriteAsync(output, columns, rows.ToAsyncEnumerable(), ct);
    }

    private async Task<(SegmentQuery Query, IQueryable<Member> Members)> QueryAsync(LoyaltyDbContext db, StaffActor actor, SegmentDefinition definition, CancellationToken ct)
    {
        var query = new SegmentQuery(db, merchantClock.UtcNow.UtcDateTime, await merchantClock.TodayAsync(ct));
        return (query, MemberScope.Listed(await query.BuildAsync(definition, ct), actor));
    }
}
