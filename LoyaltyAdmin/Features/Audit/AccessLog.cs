using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Audit;

/// <summary>
/// Who looked at members' personal data, in the audit log as <c>access.*</c> entries about the member: a member page shown
/// with the full phone, a member's data exported, a search by phone number, a member list exported. Entries name the
/// member by id, never by phone or name; a phone that found no member is kept masked. The Owner reads them on the audit
/// page, by staff member or by member (docs/privacy.md).
/// </summary>
public sealed class AccessLog(IDbContextFactory<LoyaltyDbContext> dbFactory, TimeProvider clock)
{
    public const string Prefix = "access.";
    public const string MemberViewed = "access.member_viewed";
    public const string MemberExported = "access.member_exported";
    public const string PhoneSearched = "access.phone_searched";
    public const string MembersExported = "access.members_exported";

    /// <summary>A member page opened by someone who sees the full phone (the masked page shows nothing that identifies).</summary>
    public Task MemberViewedAsync(StaffActor actor, long memberId, CancellationToken ct = default) =>
        actor.Can(Permissions.Members.SeeFullPhone) ? RecordAsync(actor, MemberViewed, memberId, null, ct) : Task.CompletedTask;

    /// <summary>A member's personal data downloaded (console) or read (API), as <paramref name="format"/>.</summary>
    public Task MemberExportedAsync(StaffActor actor, long memberId, string format, CancellationToken ct = default) =>
        RecordAsync(actor, MemberExported, memberId, new { Format = format }, ct);

    /// <summary>A search by a whole phone number: the member it found, or the number masked when it found none.</summary>
    public async Task PhoneSearchedAsync(StaffActor actor, string phone, CancellationToken ct = default)
    {
        long? memberId;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            memberId = await db.Members.AsNoTracking().Where(m => m.Phone == phone).Select(m => (long?)m.Id).SingleOrDefaultAsync(ct);
        await RecordAsync(actor, PhoneSearched, memberId, memberId is null ? new { Phone = PhoneNumbers.Mask(phone), Found = false } : null, ct);
    }

    /// <summary>A member list exported with these filters (a phone searched for is kept masked, a name or code only as such).</summary>
    public Task MembersExportedAsync(StaffActor actor, MemberQuery query, CancellationToken ct = default)
    {
        var search = string.IsNullOrWhiteSpace(query.Search) ? null
            : MemberSearch.FullPhone(query.Search) is { } phone ? PhoneNumbers.Mask(phone) : "(name or code)";
        return RecordAsync(actor, MembersExported, null,
            new { Search = search, Tier = query.TierCode, query.StoreId, query.JoinedFrom, query.JoinedTo, query.ActiveSince }, ct);
    }

    private async Task RecordAsync(StaffActor actor, string action, long? memberId, object? details, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        AuditLog.Record(db, actor, clock.GetUtcNow().UtcDateTime, action, memberId is null ? "Members" : nameof(Member),
            memberId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-", null, details);
        await db.SaveChangesAsync(ct);
    }
}
