using System.Text.Json;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Identity;

namespace LoyaltyAdmin.Features.Members.Centre;

/// <summary>What a member changes of their own profile; null fields stay as they are.</summary>
public sealed record ProfileChange(string? Name, DateOnly? Birthday, string? PreferredLanguage, bool? MarketingConsent, string? ConsentWordingVersion,
    string ConsentSource);

public enum ProfileOutcome { Saved, MemberNotFound, DifferentRequest, BirthdayAlreadySet }

/// <summary>The outcome of a profile change: the fields it changed (none is fine), or why it wrote nothing.</summary>
public sealed record ProfileResult(ProfileOutcome Outcome, IReadOnlyList<string> Changed, bool Duplicate = false)
{
    public static ProfileResult Failed(ProfileOutcome outcome) => new(outcome, []);
}

/// <summary>
/// A member's own changes to their profile (name, birthday once, language, marketing consent) as one write of the
/// <see cref="WritePipeline"/>: the member locked, the idempotency record, the audit entry and the
/// <c>member.profile_changed</c> event commit together or not at all.
/// </summary>
public sealed class MemberProfileService(WritePipeline pipeline)
{
    /// <summary>
    /// Applies <paramref name="change"/>. <paramref name="requestKey"/> sent again with the same <paramref name="bodyHash"/>
    /// answers the first result (<see cref="ProfileResult.Duplicate"/>); with another body it is refused. A birthday, once
    /// set, is only ever set again to the same day (merchants give one birthday award a year).
    /// </summary>
    public Task<ProfileResult> UpdateAsync(StaffActor actor, long memberId, ProfileChange change, string requestKey, string bodyHash,
        CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.Register, systemMayAct: true);
        return pipeline.RunAsync(async scope =>
        {
            var member = await WritePipeline.LockMemberAsync(scope.Db, memberId, ct);
            if (member is null)
                return ProfileResult.Failed(ProfileOutcome.MemberNotFound);
            if (await Idempotency.FindAsync(scope.Db, requestKey, ct) is { } done)
                return Idempotency.SameBody(done, bodyHash)
                    ? new ProfileResult(ProfileOutcome.Saved, JsonSerializer.Deserialize<string[]>(done.ResultJson ?? "[]") ?? [], Duplicate: true)
                    : ProfileResult.Failed(ProfileOutcome.DifferentRequest);
            if (change.Birthday is { } birthday && member.Birthday is { } set && set != birthday)
                return ProfileResult.Failed(ProfileOutcome.BirthdayAlreadySet);

            var readVersion = member.Version;
            var before = new { member.Name, member.Birthday, member.PreferredLanguage, member.MarketingConsent, member.ConsentWordingVersion };
            var changed = new List<string>();
            if (change.Name is { } name && name != member.Name)
            {
                member.Name = name;
                changed.Add("name");
            }
            if (change.Birthday is { } day && member.Birthday is null)
            {
                member.Birthday = day;
                changed.Add("birthday");
            }
            if (change.PreferredLanguage is { } language && language != member.PreferredLanguage)
            {
                member.PreferredLanguage = language;
                changed.Add("preferredLanguage");
            }
            if (changed.Count > 0)
            {
                member.Version++;
                await scope.Rows.UpdateAsync(member, readVersion);
                // The feed never carries a name or a birthday (erasure must not have to rewrite it): which fields and the language.
                await scope.PublishAsync(BusinessEvents.MemberProfileChanged, member.Id,
                    new { fields = changed.ToArray(), preferredLanguage = member.PreferredLanguage }, scope.NowUtc);
                scope.Touched(member.Id);
            }
            // Consent goes through the one place every consent change is recorded (its own version bump and event).
            if (change.MarketingConsent is { } consent
                && (consent != member.MarketingConsent || (consent && change.ConsentWordingVersion != member.ConsentWordingVersion)))
            {
                await MemberConsent.SetAsync(scope, member, new ConsentAnswer(consent, change.ConsentSource, change.ConsentWordingVersion), actor);
                changed.Add("marketingConsent");
            }
            if (changed.Count > 0)
                await AuditLog.RecordAsync(scope, actor, "member.updated", nameof(Member), member.Id, before,
                    new { member.Name, member.Birthday, member.PreferredLanguage, member.MarketingConsent, member.ConsentWordingVersion, Fields = changed });
            await scope.Rows.InsertAsync(new ProcessedEvent
            {
                EventId = requestKey, MemberId = member.Id, Type = "Profile", BalanceAfter = member.PointsBalance, TierAfter = member.TierCode,
                ResultJson = JsonSerializer.Serialize(changed), BodyHash = bodyHash, ProcessedAtUtc = scope.NowUtc,
            });
            return new ProfileResult(ProfileOutcome.Saved, changed);
        }, ct);
    }
}
