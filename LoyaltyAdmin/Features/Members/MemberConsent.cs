using LoyaltyAdmin.Data;

namespace LoyaltyAdmin.Features.Members;

/// <summary>A member's answer to the marketing-consent question: given or withdrawn, where, and which wording they were shown.</summary>
public sealed record ConsentAnswer(bool Consent, string Source, string? WordingVersion);

/// <summary>
/// Marketing consent changes, in one place so every way of changing it (the member centre, the console) records it alike:
/// when, where and which wording, as a change of the member (its version bumped) and a member.profile_changed event.
/// </summary>
public static class MemberConsent
{
    /// <summary>Records <paramref name="answer"/> on <paramref name="member"/>, locked by the caller inside <paramref name="scope"/>.</summary>
    public static async Task SetAsync(WriteScope scope, Member member, ConsentAnswer answer, StaffActor actor)
    {
        var readVersion = member.Version;
        member.MarketingConsent = answer.Consent;
        member.ConsentChangedAtUtc = scope.NowUtc;
        member.ConsentSource = answer.Source;
        member.ConsentWordingVersion = answer.WordingVersion ?? member.ConsentWordingVersion;
        member.Version++;
        await scope.Rows.UpdateAsync(member, readVersion);
        await scope.PublishAsync(BusinessEvents.MemberProfileChanged, member.Id, new
        {
            fields = new[] { "marketingConsent" }, marketingConsent = member.MarketingConsent, consentSource = member.ConsentSource,
        }, scope.NowUtc);
        scope.Touched(member.Id);
    }
}
