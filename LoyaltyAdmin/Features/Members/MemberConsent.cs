using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;

namespace LoyaltyAdmin.Features.Members;

/// <summary>A member's answer to the consent question: given or withdrawn, where, after which wording.</summary>
public sealed record ConsentAnswer(bool Consent, string Source, string? WordingVersion);

/// <summary>
/// The one place a member's marketing consent changes, inside a write of the <see cref="WritePipeline"/>: the member's
/// fields, a <see cref="ConsentChange"/> history row, the audit entry and a <c>member.profile_changed</c> event commit
/// together. Registration (console and API), the member page's switch and erasure call it.
/// <para>
/// The rule for everything that markets (automations, marketing notices): reach only <see cref="Consenting"/> members.
/// Service notices (points about to expire, a coupon ending) reach every active member.
/// </para>
/// </summary>
public static class MemberConsent
{
    public const int SourceMaxLength = 32;
    public const int WordingVersionMaxLength = 32;

    /// <summary>Members a marketing message may reach: active, and agreed to marketing.</summary>
    public static IQueryable<Member> Consenting(IQueryable<Member> members) =>
        members.Where(m => m.Status == MemberStatus.Active && m.MarketingConsent);

    /// <summary>Whether a marketing message may reach this member now.</summary>
    public static bool MayMarketTo(Member member) => member.Status == MemberStatus.Active && member.MarketingConsent;

    /// <summary>
    /// Records <paramref name="consent"/> given or withdrawn through <paramref name="source"/> after the member was shown
    /// <paramref name="wordingVersion"/>. Saves the member at once (its version moves on, as a ledger write's would), so
    /// it may run before or after the ledger's own writes of the same write. Nothing is written when neither the answer
    /// nor the wording changes; answers whether something was.
    /// </summary>
    public static Task<bool> SetAsync(WriteScope scope, Member member, ConsentAnswer answer, StaffActor actor) =>
        SetAsync(scope, member, answer.Consent, answer.Source, answer.WordingVersion, actor);

    /// <inheritdoc cref="SetAsync(WriteScope, Member, ConsentAnswer, StaffActor)"/>
    public static async Task<bool> SetAsync(WriteScope scope, Member member, bool consent, string source, string? wordingVersion, StaffActor actor)
    {
        if (member.ConsentChangedAtUtc is not null && member.MarketingConsent == consent && member.ConsentWordingVersion == wordingVersion)
            return false;
        var before = new { member.MarketingConsent, member.ConsentSource, member.ConsentWordingVersion };
        var readVersion = member.Version;
        member.MarketingConsent = consent;
        member.ConsentChangedAtUtc = scope.NowUtc;
        member.ConsentSource = source;
        member.ConsentWordingVersion = wordingVersion;
        member.Version++;
        await scope.Rows.UpdateAsync(member, readVersion);
        scope.Db.ConsentChanges.Add(new ConsentChange
        {
            MemberId = member.Id, Consent = consent, Source = source, WordingVersion = wordingVersion, ChangedAtUtc = scope.NowUtc,
            ByUserId = actor.UserId, ByName = actor.Name,
        });
        await AuditLog.RecordAsync(scope, actor, "member.consent", nameof(Member), member.Id, before,
            new { member.MarketingConsent, member.ConsentSource, member.ConsentWordingVersion });
        await scope.PublishAsync(BusinessEvents.MemberProfileChanged, member.Id,
            new { fields = new[] { "marketingConsent" }, marketingConsent = consent, source, wordingVersion }, scope.NowUtc);
        scope.Touched(member.Id);
        return true;
    }
}
