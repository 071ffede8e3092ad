using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Privacy;

/// <summary>A member's marketing consent now and every change of it, newest first.</summary>
public sealed record ConsentView(bool Consent, DateTime? ChangedAtUtc, string? Source, string? WordingVersion, IReadOnlyList<ConsentData> History);

/// <summary>The member page's consent: shown to whoever sees the member, changed by staff who serve them (audited, through <see cref="MemberConsent"/>).</summary>
public sealed class ConsentService(IDbContextFactory<LoyaltyDbContext> dbFactory, WritePipeline pipeline, MerchantClock merchantClock, IStringLocalizer<PrivacyText> l)
{
    /// <summary>Where a change made on the member page is said to come from.</summary>
    public const string ConsoleSource = "console";

    public async Task<ConsentView?> GetAsync(StaffActor actor, long memberId, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.View);
        var today = await merchantClock.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await MemberScope.Served(db.Members.AsNoTracking(), db, actor, today).Where(m => m.Id == memberId)
            .Select(m => new { m.MarketingConsent, m.ConsentChangedAtUtc, m.ConsentSource, m.ConsentWordingVersion }).SingleOrDefaultAsync(ct);
        if (member is null)
            return null;
        var history = await db.ConsentChanges.AsNoTracking().Where(c => c.MemberId == memberId).OrderByDescending(c => c.Id).Take(50)
            .Select(c => new ConsentData(c.ChangedAtUtc, c.Consent, c.Source, c.WordingVersion)).ToListAsync(ct);
        return new ConsentView(member.MarketingConsent, member.ConsentChangedAtUtc, member.ConsentSource, member.ConsentWordingVersion, history);
    }

    /// <summary>Records the member's answer, given to staff who serve them; an erased member has none to give.</summary>
    public async Task<SaveResult> SetAsync(StaffActor actor, long memberId, bool consent, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.Consent);
        var today = await merchantClock.TodayAsync(ct);
        return await pipeline.RunAsync(async scope =>
        {
            var member = await MemberScope.MayServeAsync(scope.Db, actor, memberId, today, ct) ? await WritePipeline.LockMemberAsync(scope.Db, memberId, ct) : null;
            if (member is null)
                return SaveResult.Fail("", l["Consent.NotServed"]);
            if (member.Status == MemberStatus.Erased)
                return SaveResult.Fail("", l["Consent.Erased"]);
            await MemberConsent.SetAsync(scope, member, consent, ConsoleSource, null, actor);
            return SaveResult.Ok();
        }, ct);
    }
}
