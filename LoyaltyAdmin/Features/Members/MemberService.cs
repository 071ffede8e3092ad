using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Audit;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Identity;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// Member reads for the screens (projections, paged on the server) and profile writes. Points never
/// change here: registration awards go through <see cref="PointsLedgerService"/>.
/// </summary>
public sealed class MemberService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    WritePipeline pipeline,
    PointsLedgerService ledger,
    ProgrammeStore programmes,
    MerchantClock merchantClock,
    TimeProvider clock,
    IStringLocalizer<MembersText> l,
    AccessLog access)
{
    public async Task<PagedResult<MemberRow>> SearchAsync(StaffActor actor, MemberQuery query, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.View, systemMayAct: true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (MemberSearch.FullPhone(query.Search) is { } phone)
        {
            await MemberScope.OpenVisitAsync(db, actor, phone, await merchantClock.TodayAsync(ct), clock.GetUtcNow().UtcDateTime, ct);
            // Once per search, not again for each page or sort of its results.
            if (query.Page == 0 && !actor.IsSystem)
                await access.PhoneSearchedAsync(actor, phone, ct);
        }
        var members = MemberSearch.Filter(db.Members.AsNoTracking(), actor, query, (await merchantClock.GetAsync(ct)).TimeZone);
        var total = await members.CountAsync(ct);
        members = (MemberSearch.Sort(actor, query.SortBy), query.Descending) switch
        {
            (nameof(MemberRow.Name), false) => members.OrderBy(m => m.Name).ThenBy(m => m.Id),
            (nameof(MemberRow.Name), true) => members.OrderByDescending(m => m.Name).ThenByDescending(m => m.Id),
            (nameof(MemberRow.Phone), false) => members.OrderBy(m => m.Phone),
            (nameof(MemberRow.Phone), true) => members.OrderByDescending(m => m.Phone),
            (nameof(MemberRow.PointsBalance), false) => members.OrderBy(m => m.PointsBalance).ThenBy(m => m.Id),
            (nameof(MemberRow.PointsBalance), true) => members.OrderByDescending(m => m.PointsBalance).ThenByDescending(m => m.Id),
            (nameof(MemberRow.LastActivityUtc), false) => members.OrderBy(m => m.LastActivityUtc).ThenBy(m => m.Id),
            (nameof(MemberRow.LastActivityUtc), true) => members.OrderByDescending(m => m.LastActivityUtc).ThenByDescending(m => m.Id),
            (nameof(MemberRow.JoinedAtUtc), false) => members.OrderBy(m => m.JoinedAtUtc).ThenBy(m => m.Id),
            _ => members.OrderByDescending(m => m.JoinedAtUtc).ThenByDescending(m => m.Id),
        };
        var rows = await members.Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(m => new MemberRow(m.Id, m.Phone, m.Name, m.TierCode, m.PointsBalance, m.GrowthValue, m.JoinedAtUtc, m.LastActivityUtc,
                db.Stores.Where(s => s.Id == m.HomeStoreId).Select(s => s.Name).FirstOrDefault(), m.Status))
            .ToListAsync(ct);
        var full = actor.Can(Permissions.Members.SeeFullPhone);
        return new PagedResult<MemberRow>(full ? rows : rows.Select(r => r with { Phone = PhoneNumbers.Mask(r.Phone) }).ToList(), total);
    }

    public async Task<MemberDetail?> GetDetailAsync(StaffActor actor, long id, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.View, systemMayAct: true);
        var today = await merchantClock.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var m = await MemberScope.Served(db.Members.AsNoTracking(), db, actor, today).SingleOrDefaultAsync(x => x.Id == id, ct);
        if (m is null)
            return null;
        var store = m.HomeStoreId is null ? null : await db.Stores.Where(s => s.Id == m.HomeStoreId).Select(s => s.Name).FirstOrDefaultAsync(ct);
        // The referrer is shown in full only to those who could look them up themselves.
        var referrer = m.ReferredByMemberId is null ? null
            : await MemberScope.Listed(db.Members, actor).Where(x => x.Id == m.ReferredByMemberId).Select(x => x.Phone).FirstOrDefaultAsync(ct)
              ?? await db.Members.Where(x => x.Id == m.ReferredByMemberId).Select(x => PhoneNumbers.Mask(x.Phone)).FirstOrDefaultAsync(ct);
        var expiring = await db.PointLots.AsNoTracking()
            .Where(x => x.MemberId == id && x.Remaining > 0 && x.ExpiresOn != null)
            .GroupBy(x => x.ExpiresOn)
            .Select(g => new { Day = g.Key, Points = g.Sum(x => x.Remaining) })
            .OrderBy(x => x.Day).Take(12).ToListAsync(ct);
        var programme = await programmes.GetCurrentAsync(ct);
        var stats = await PointsLedgerService.StatsAsync(db, m, programme.Programme, clock.GetUtcNow().UtcDateTime, ct);
        var currency = Currencies.Symbol((await merchantClock.GetAsync(ct)).Currency);
        var progress = Progress(programme.Programme, m.TierCode, stats, currency);
        var tiers = TierEngine.Ordered(programme.Programme);
        var tier = tiers.FirstOrDefault(t => t.Code == m.TierCode) ?? tiers[0];
        var held = m.TierOverride is { } o && o.IsActiveOn(today)
            ? new TierOverrideView(o.TierCode, tiers.FirstOrDefault(t => t.Code == o.TierCode)?.Name ?? o.TierCode, o.Until, m.TierOverrideReason, m.TierOverrideBy)
            : null;
        var full = actor.Can(Permissions.Members.SeeFullPhone);
        return new MemberDetail(m.Id, full ? m.Phone : PhoneNumbers.Mask(m.Phone), m.Name, m.Birthday, m.JoinedAtUtc, m.JoinChannel, store,
            m.ReferralCode, referrer is null ? null : full ? referrer : PhoneNumbers.Mask(referrer), m.Status, m.TierCode, m.TierValidUntil,
            m.PointsBalance, m.PendingPoints, m.AvailablePoints, m.GrowthValue, m.LifetimeSpend, progress,
            expiring.Select(e => new ExpiryForecast(e.Day!.Value, e.Points)).ToList(), m.HomeStoreId, held,
            TierReview.RetentionText(programme.Programme, m.TierCode, stats, m.TierValidUntil, currency), TierBenefitsView.Of(tier));
    }

    /// <summary>The progress bar's figures: the best-placed entry condition of the next tier decides the percentage.</summary>
    public static TierProgressView Progress(Rules.Programme programme, string tierCode, QualificationStats stats, string currencySymbol)
    {
        var progress = TierEngine.Progress(programme, tierCode, stats);
        var percent = progress.Target is null ? 100
            : progress.Conditions.Count == 0 ? 0
            : (int)Math.Clamp(progress.Conditions.Max(c => c.Condition.Threshold <= 0 ? 1m : c.Current / c.Condition.Threshold) * 100m, 0m, 100m);
        return new TierProgressView(progress.Current.Name, progress.Current.Colour, progress.Target?.Name, percent, progress.ToText(currencySymbol));
    }

    public async Task<PagedResult<LedgerRow>> GetLedgerAsync(StaffActor actor, long memberId, int page, int pageSize, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.View, systemMayAct: true);
        var today = await merchantClock.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await MemberScope.MayServeAsync(db, actor, memberId, today, ct))
            return new PagedResult<LedgerRow>([], 0);
        var entries = db.PointsEntries.AsNoTracking().Where(e => e.MemberId == memberId);
        var total = await entries.CountAsync(ct);
        var rows = await entries.OrderByDescending(e => e.Id).Skip(page * pageSize).Take(pageSize)
            .Select(e => new { e.Id, e.OccurredAtUtc, e.Kind, e.Source, e.Points, e.BalanceAfter, e.OrderId, e.RuleId, e.Reason, e.Note, e.Shortfall, e.Explanation,
                e.ExplanationData })
            .ToListAsync(ct);
        // Explanations are kept as data and read in the viewer's language.
        return new PagedResult<LedgerRow>(rows.Select(e => new LedgerRow(e.Id, e.OccurredAtUtc, e.Kind, e.Source, e.Points, e.BalanceAfter, e.OrderId,
            e.RuleId, e.Reason, e.Note, e.Shortfall, LedgerExplanation.Render(e.ExplanationData, e.Explanation, l))).ToList(), total);
    }

    public async Task<IReadOnlyList<TierHistoryRow>> GetTierHistoryAsync(StaffActor actor, long memberId, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.View, systemMayAct: true);
        var today = await merchantClock.TodayAsync(ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await MemberScope.MayServeAsync(db, actor, memberId, today, ct))
            return [];
        var rows = await db.TierHistory.AsNoTracking().Where(h => h.MemberId == memberId).OrderByDescending(h => h.Id).Take(100)
            .Select(h => new { h.OccurredAtUtc, h.FromTier, h.ToTier, h.Change, h.Reason, h.ReasonCode, h.ReasonArgument, h.ValidUntil }).ToListAsync(ct);
        return rows.Select(h => new TierHistoryRow(h.OccurredAtUtc, h.FromTier, h.ToTier, h.Change,
            TierReason.Render(h.ReasonCode, h.ReasonArgument, h.Reason, l), h.ValidUntil)).ToList();
    }

    public async Task<IReadOnlyList<TierOption>> GetTiersAsync(CancellationToken ct = default) =>
        TierEngine.Ordered((await programmes.GetCurrentAsync(ct)).Programme).Select(t => new TierOption(t.Code, t.Name, t.Colour)).ToList();

    public async Task<IReadOnlyList<ApprovalRow>> GetPendingApprovalsAsync(StaffActor actor, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.Approve, systemMayAct: true);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.AdjustmentRequests.AsNoTracking().Where(r => r.Status == AdjustmentStatus.Pending).OrderBy(r => r.RequestedAtUtc)
            .Join(MemberScope.Listed(db.Members, actor), r => r.MemberId, m => m.Id, (r, m) => new ApprovalRow(r.Id, r.MemberId, m.Phone, m.Name, r.Points, r.Reason,
                r.Note, r.RequestedByName, r.RequestedAtUtc, db.Stores.Where(s => s.Id == r.RequestedStoreId).Select(s => s.Name).FirstOrDefault(), r.Hold))
            .Take(500).ToListAsync(ct);
    }

    /// <summary>Store-counter sign-up, or an edit of the profile fields. Validated; audited; registration points go through the ledger.</summary>
    public async Task<SaveResult> SaveProfileAsync(StaffActor actor, MemberProfileModel model, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.Register, systemMayAct: true);
        var result = new SaveResult();
        var phone = PhoneNumbers.Normalize(model.Phone);
        var name = (model.Name ?? "").Trim();
        if (model.Id == 0 && phone is null)
            result.Add(nameof(model.Phone), string.IsNullOrWhiteSpace(model.Phone) ? l["Validation.Required"] : l["Member.PhoneInvalid"]);
        if (name.Length == 0)
            result.Add(nameof(model.Name), l["Validation.Required"]);
        else if (name.Length > 100)
            result.Add(nameof(model.Name), l["Validation.MaxLength", 100]);
        result.Text(nameof(model.Name), name);
        var today = await merchantClock.TodayAsync(ct);
        DateOnly? birthday = model.Birthday is { } b ? DateOnly.FromDateTime(b) : null;
        if (birthday is { } day && (day > today || day < today.AddYears(-120)))
            result.Add(nameof(model.Birthday), l["Member.BirthdayInvalid"]);
        if (!result.Succeeded)
            return result;

        // A StoreManager signs members up into their own store, whatever the form sent.
        if (actor.StoreScope is { } own)
            model.HomeStoreId = own;
        if (model.Id != 0)
            return await UpdateProfileAsync(actor, model, name, birthday, ct);
        var registered = await RegisterAsync(actor,
            new RegistrationRequest(phone!, name, birthday, model.JoinChannel, model.HomeStoreId, model.ReferredByCode), null, null, ct);
        model.Id = registered.MemberId;
        return registered.Errors;
    }

    /// <summary>
    /// Registers a member as one write: the member, the first tier line, the registration award, the new-member pack, the
    /// referral link, the audit and (from the API) the request's idempotency record commit together. <paramref name="requestKey"/>
    /// sent again answers the member it registered (<see cref="Registration.Replayed"/>), or a conflict if its body differs.
    /// </summary>
    public Task<Registration> RegisterAsync(StaffActor actor, RegistrationRequest model, string? requestKey, string? bodyHash, CancellationToken ct = default)
    {
        actor.Demand(Permissions.Members.Register, systemMayAct: true);
        // A StoreManager signs members up into their own store, whatever was sent.
        var spec = new NewMember(model.Phone, model.Name, model.Birthday, model.Channel, actor.StoreScope ?? model.HomeStoreId, null, clock.GetUtcNow().UtcDateTime);
        return RegisterAsync(actor, spec, model.ReferralCode, model.Consent, requestKey, bodyHash, ct);
    }

    /// <summary>A sign-up at <see cref="NewMember.JoinedAtUtc"/> (the demo's past members), referred by <see cref="NewMember.ReferredByMemberId"/>.</summary>
    internal Task<Registration> RegisterAsync(NewMember spec, CancellationToken ct) => RegisterAsync(StaffActor.System("demo"), spec, null, null, null, null, ct);

    /// <summary>The demo's sign-up at <see cref="NewMember.JoinedAtUtc"/> with an invitation code and a consent answer, as a mini-program's would.</summary>
    internal Task<Registration> RegisterAsync(NewMember spec, string? referralCode, ConsentAnswer? consent, CancellationToken ct) =>
        RegisterAsync(StaffActor.System("demo"), spec, referralCode, consent, null, null, ct);

    private async Task<Registration> RegisterAsync(StaffActor actor, NewMember spec, string? referralCode, ConsentAnswer? consent, string? requestKey,
        string? bodyHash, CancellationToken ct)
    {
        var joinedAt = new DateTimeOffset(spec.JoinedAtUtc, TimeSpan.Zero);
        var (programme, currency) = await ledger.RulesForAsync(joinedAt, ct);
        return await pipeline.RunAsync(async scope =>
        {
            var db = scope.Db;
            if (requestKey is not null && await Idempotency.FindAsync(db, requestKey, ct) is { } done)
                return Idempotency.SameBody(done, bodyHash) ? new Registration(new SaveResult(), done.MemberId, Replayed: true) : Registration.Conflict;
            if (spec.HomeStoreId is { } storeId && !await db.Stores.AnyAsync(s => s.Id == storeId, ct))
                return Registration.Failed(nameof(MemberProfileModel.HomeStoreId), l["Validation.NotFound"]);
            var referrer = spec;
            if (!string.IsNullOrWhiteSpace(referralCode))
            {
                var code = referralCode.Trim().ToUpperInvariant();
                // An erased member's code invites no one: their rewards could reach no one.
                var referrerId = await db.Members.Where(m => m.ReferralCode == code && m.Status != MemberStatus.Erased).Select(m => (long?)m.Id).FirstOrDefaultAsync(ct);
                if (referrerId is null)
                    return Registration.Failed(nameof(MemberProfileModel.ReferredByCode), l["Member.ReferralCodeUnknown"]);
                referrer = spec with { ReferredByMemberId = referrerId };
            }
            var member = await MemberRegistration.AddAsync(scope, referrer, programme.Programme, ct);
            if (member is null)
                return Registration.Failed(nameof(MemberProfileModel.Phone), l["Member.PhoneTaken"]);
            await AuditLog.RecordAsync(scope, actor, "member.registered", nameof(Member), member.Id, null,
                new { member.Phone, member.Name, member.Birthday, member.HomeStoreId, member.JoinChannel });
            if (consent is not null)
                await MemberConsent.SetAsync(scope, member, consent, actor);
            // Keyed by the new member's unique referral code: known before the member has an id (a registration decided ahead).
            var award = await ledger.ApplyInScopeAsync(scope, member, $"registration:{member.ReferralCode}",
                new Activity { Type = ActivityType.Registration, OccurredAt = joinedAt, Channel = spec.Channel }, programme, currency, null, ct);
            if (!award.Succeeded)
                return Registration.Failed("", l["Member.NotFound"]);
            if (requestKey is not null)
            {
                await scope.Rows.InsertAsync(new ProcessedEvent
                {
                    EventId = requestKey, MemberId = member.Id, Type = "Registration", BalanceAfter = member.PointsBalance, TierAfter = member.TierCode,
                    BodyHash = bodyHash, ProcessedAtUtc = scope.NowUtc,
                });
            }
            return new Registration(new SaveResult(), member.Id);
        }, ct);
    }

    private async Task<SaveResult> UpdateProfileAsync(StaffActor actor, MemberProfileModel model, string name, DateOnly? birthday, CancellationToken ct) =>
        await pipeline.RunAsync(async scope =>
        {
            var db = scope.Db;
            if (model.HomeStoreId is { } storeId && !await db.Stores.AnyAsync(s => s.Id == storeId, ct))
                return SaveResult.Fail(nameof(model.HomeStoreId), l["Validation.NotFound"]);
            // Only a member of the actor's own store (all of them for an Owner) has a profile they may edit.
            var member = await MemberScope.Listed(db.Members, actor).AnyAsync(m => m.Id == model.Id, ct)
                ? await WritePipeline.LockMemberAsync(db, model.Id, ct) : null;
            if (member is null)
                return SaveResult.Fail("", l["Member.NotFound"]);
            var before = new { member.Name, member.Birthday, member.HomeStoreId };
            member.Name = name;
            member.Birthday = birthday;
            member.HomeStoreId = model.HomeStoreId;
            member.Version++;
            AuditLog.Record(db, actor, scope.NowUtc, "member.updated", nameof(Member), member.Id, before, new { member.Name, member.Birthday, member.HomeStoreId });
            await scope.PublishAsync(BusinessEvents.MemberProfileChanged, member.Id, new { fields = new[] { "name", "birthday", "homeStoreId" }, homeStoreId = member.HomeStoreId },
                scope.NowUtc);
            scope.Touched(member.Id);
            return SaveResult.Ok();
        }, ct);

    private static (string Lo, string Hi) PrefixRange(string prefix) => (prefix, prefix + '\uffff');

    private static DateTime StartOfDayUtc(DateOnly day, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
}
