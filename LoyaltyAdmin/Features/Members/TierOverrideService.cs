using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Members;

/// <summary>Form model of the set-tier dialog.</summary>
public sealed class SetTierModel
{
    public long MemberId { get; set; }
    public string? TierCode { get; set; }
    public DateTime? Until { get; set; }
    public string? Reason { get; set; }
}

/// <summary>
/// A tier set by hand (手动设置等级): a documented override with a reason and an end date, shown on the member page. It is a
/// ledger tier change (<see cref="TierChangeKind.Manual"/>) written through the pipeline with the member locked, and audited.
/// Until its last day the engine never moves the member below it; the day after, the daily run applies the normal rules
/// (the tier's validity is set to end with it). The Owner may set tiers; a store manager only for a member they serve, and
/// only when the Owner allows it in the merchant settings.
/// </summary>
public sealed class TierOverrideService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    WritePipeline pipeline,
    ProgrammeStore programmes,
    MerchantClock merchantClock,
    IStringLocalizer<MembersText> l)
{
    public const int ReasonMaxLength = 200;
    public const int MaxYears = 5;

    /// <summary>Whether <paramref name="actor"/> may set tiers by hand at all (the member pages offer the action only then).</summary>
    public async Task<bool> MaySetAsync(StaffActor actor, CancellationToken ct = default) =>
        actor.Can(Permissions.Members.SetTier) && (actor.StoreScope is null || (await merchantClock.GetAsync(ct)).StoreManagersMaySetTier);

    /// <summary>Sets the member's tier until the end of <see cref="SetTierModel.Until"/>. Bad input changes nothing and says which field is wrong.</summary>
    public async Task<SaveResult> SetAsync(StaffActor actor, SetTierModel model, CancellationToken ct = default)
    {
        await DemandAsync(actor, model.MemberId, ct);
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        var today = await merchantClock.TodayAsync(ct);
        var result = new SaveResult();
        var tier = programme.Tiers.FirstOrDefault(t => t.Code == model.TierCode);
        if (tier is null)
            result.Add(nameof(model.TierCode), l[string.IsNullOrEmpty(model.TierCode) ? "Validation.Required" : "SetTier.UnknownTier"]);
        DateOnly? until = model.Until is { } u ? DateOnly.FromDateTime(u) : null;
        if (until is null)
            result.Add(nameof(model.Until), l["Validation.Required"]);
        else if (until < today || until > today.AddYears(MaxYears))
            result.Add(nameof(model.Until), l["SetTier.UntilRange", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), MaxYears]);
        var reason = Reason(result, nameof(model.Reason), model.Reason);
        if (!result.Succeeded)
            return result;

        var text = TierReason.Manual(until!.Value, reason);
        return await WriteAsync(actor, model.MemberId, programme, (member, writer) =>
        {
            member.TierOverrideCode = tier!.Code;
            member.TierOverrideUntil = until;
            member.TierOverrideReason = reason;
            member.TierOverrideBy = actor.Name;
            return writer.TierAsync(TierChangeKind.Manual, tier.Code, today, until, text);
        }, "member.tier_set", ct);
    }

    /// <summary>Ends the member's tier set by hand now: the normal rules decide the tier at once (up if they qualify, down if nothing keeps it).</summary>
    public async Task<SaveResult> EndAsync(StaffActor actor, long memberId, string? reason, CancellationToken ct = default)
    {
        await DemandAsync(actor, memberId, ct);
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        var today = await merchantClock.TodayAsync(ct);
        var result = new SaveResult();
        var why = Reason(result, nameof(SetTierModel.Reason), reason);
        if (!result.Succeeded)
            return result;
        return await WriteAsync(actor, memberId, programme, async (member, writer) =>
        {
            if (member.TierOverride is null)
                return;
            (member.TierOverrideCode, member.TierOverrideUntil, member.TierOverrideReason, member.TierOverrideBy) = (null, null, null, null);
            var stats = await PointsLedgerService.StatsAsync(writer.Scope.Db, member, programme, writer.Scope.NowUtc, ct);
            var up = TierEngine.DecideUpgrade(programme, member.TierCode, stats);
            var to = up.Change == TierChange.Upgrade ? up.To : TierEngine.DecideAtValidityEnd(programme, member.TierCode, stats).To;
            await writer.TierAsync(TierChangeKind.Manual, to.Code, today, TierEngine.ValidUntil(to, today), TierReason.ManualEnded(why));
        }, "member.tier_override_ended", ct);
    }

    private async Task<SaveResult> WriteAsync(StaffActor actor, long memberId, Rules.Programme programme, Func<Member, LedgerWriter, Task> change, string action,
        CancellationToken ct) =>
        await pipeline.RunAsync(async scope =>
        {
            var member = await WritePipeline.LockMemberAsync(scope.Db, memberId, ct);
            if (member is null)
                return SaveResult.Fail("", l["Member.NotFound"]);
            var before = Snapshot(member);
            var writer = new LedgerWriter(scope, member, programme.Expiry, scope.NowUtc, ct);
            await change(member, writer);
            await AuditLog.RecordAsync(scope, actor, action, nameof(Member), member.Id, before, Snapshot(member));
            await writer.SaveMemberAsync();
            return SaveResult.Ok();
        }, ct);

    private async Task DemandAsync(StaffActor actor, long memberId, CancellationToken ct)
    {
        if (!await MaySetAsync(actor, ct))
            throw new UnauthorizedAccessException($"'{actor.Name}' may not set tiers by hand.");
        await MemberScope.DemandAsync(dbFactory, merchantClock, actor, memberId, ct);
    }

    private string Reason(SaveResult result, string field, string? text)
    {
        var reason = (text ?? "").Trim();
        if (reason.Length == 0)
            result.Add(field, l["Validation.Required"]);
        else if (reason.Length > ReasonMaxLength)
            result.Add(field, l["Validation.MaxLength", ReasonMaxLength]);
        result.Text(field, reason);
        return reason;
    }

    private static object Snapshot(Member m) => new { m.TierCode, m.TierValidUntil, m.TierOverrideCode, m.TierOverrideUntil, m.TierOverrideReason };
}
