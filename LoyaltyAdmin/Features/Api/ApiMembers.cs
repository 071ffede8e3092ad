using System.Collections.Concurrent;
using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Members.Centre;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;

namespace LoyaltyAdmin.Features.Api;

/// <summary>Members as the API finds them by phone, and the member card it answers with.</summary>
public sealed class ApiMembers(IDbContextFactory<LoyaltyDbContext> dbFactory, ProgrammeStore programmes, MerchantClock merchantClock, TimeProvider clock, Challenges.ChallengeService challenges)
{
    private const int KnownMembersLimit = 200_000;
    private readonly ConcurrentDictionary<string, long> knownMembers = new(StringComparer.Ordinal);

    /// <summary>
    /// The member with this phone. A found id is kept (up to <see cref="KnownMembersLimit"/> of them): a till posting for its
    /// regulars reads the member once. A phone that stops naming its member (erasure) must be <see cref="Forget"/>-ten.
    /// </summary>
    public async Task<long?> IdAsync(string phone, CancellationToken ct)
    {
        if (knownMembers.TryGetValue(phone, out var known))
            return known;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = await db.Members.AsNoTracking().Where(m => m.Phone == phone).Select(m => (long?)m.Id).SingleOrDefaultAsync(ct);
        if (id is { } found)
        {
            if (knownMembers.Count >= KnownMembersLimit)
                knownMembers.Clear();
            knownMembers[phone] = found;
        }
        return id;
    }

    public void Forget(string phone) => knownMembers.TryRemove(phone, out _);

    /// <summary>
    /// The member's card: tier, points, growth, progress to the next tier, active coupons; null when no member has the phone.
    /// Its texts are in <paramref name="language"/> when asked for, else in the member's preferred language.
    /// </summary>
    public async Task<MemberResponse?> CardAsync(string phone, CancellationToken ct, string? language = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Phone == phone, ct);
        if (member is null)
            return null;
        var answered = MemberLanguage.Resolve(language, member.PreferredLanguage);
        using var inLanguage = MemberLanguage.Use(answered);
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        var stats = await PointsLedgerService.StatsAsync(db, member, programme, clock.GetUtcNow().UtcDateTime, ct);
        var tiers = TierEngine.Ordered(programme);
        var tier = tiers.FirstOrDefault(t => t.Code == member.TierCode) ?? tiers[0];
        var progress = TierEngine.Progress(programme, tier.Code, stats);
        var symbol = Currencies.Symbol((await merchantClock.GetAsync(ct)).Currency);
        var today = await merchantClock.TodayAsync(ct);
        return new MemberResponse(
            member.Phone, member.Name, member.Birthday, ToWire(member.Status), member.JoinedAtUtc, member.ReferralCode,
            tier.Code, tier.Name, member.TierValidUntil, member.PointsBalance, member.AvailablePoints, member.PendingPoints, member.GrowthValue,
            member.LifetimeSpend,
            new TierProgressResponse(progress.Target?.Code,
                progress.Conditions.Select(c => new ProgressLine(ToWire(c.Condition.Kind), c.Current, c.Missing, c.ToText(progress.WindowMonths, symbol))).ToList()),
            await ActiveCouponsAsync(db, member.Id, ct), member.PreferredLanguage, member.MarketingConsent, member.ConsentWordingVersion, answered,
            Retention(programme, tier, member, stats, symbol), Benefits(tier),
            member.TierOverride is { } held && held.IsActiveOn(today) ? new TierSetByHandResponse(held.TierCode, held.Until, member.TierOverrideReason) : null,
            [.. (await challenges.BadgesAsync(member.Id, System.Globalization.CultureInfo.GetCultureInfo(answered), ct)).Select(ChallengesApi.ToResponse)]);
    }

    private static RetentionResponse? Retention(Rules.Programme programme, Tier tier, Member member, QualificationStats stats, string symbol)
    {
        if (TierReview.RetentionText(programme, tier.Code, stats, member.TierValidUntil, symbol) is not { } text)
            return null;
        var keep = TierEngine.RetentionProgress(programme, tier.Code, stats);
        return new RetentionResponse(member.TierValidUntil, keep.Met || keep.Conditions.Count == 0 || member.TierValidUntil is null,
            [.. keep.Conditions.Select(c => new ProgressLine(ToWire(c.Condition.Kind), c.Current, c.Missing, c.ToText(keep.WindowMonths, symbol)))], text);
    }

    private static BenefitsResponse Benefits(Tier tier) => new(tier.PointsMultiplier, tier.Benefits.DiscountRate, tier.Benefits.FreeShipping,
        tier.Benefits.PriorityService, string.IsNullOrWhiteSpace(tier.Benefits.BirthdayGift) ? null : tier.Benefits.BirthdayGift,
        [.. tier.Benefits.Descriptions.Where(d => !string.IsNullOrWhiteSpace(d))]);

    private async Task<IReadOnlyList<CouponSummary>> ActiveCouponsAsync(LoyaltyDbContext db, long memberId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return await (
            from c in db.Coupons.AsNoTracking()
            join t in db.CouponTemplates on c.TemplateId equals t.Id
            where c.MemberId == memberId && c.Status == CouponStatus.Issued && c.ValidFromUtc <= now && c.ValidUntilUtc > now
            orderby c.ValidUntilUtc, c.Id
            select new CouponSummary(c.Code, t.Name, c.ValidUntilUtc)).Take(100).ToListAsync(ct);
    }

    /// <summary>An enum as the wire names it (snake_case).</summary>
    public static string ToWire<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}

/// <summary>What every handler needs of the key that called.</summary>
public static class ApiCallers
{
    /// <summary>The idempotency store's ids are global; an API id is the caller's, so it is namespaced by store and kind.</summary>
    public static string LedgerId(this ApiCaller caller, string kind, string requestId) =>
        string.Create(CultureInfo.InvariantCulture, $"api:{caller.StoreId}:{kind[0]}:{requestId}");

    /// <summary>403 when a body names another store than the key's.</summary>
    public static IResult? ForOtherStore(this ApiCaller caller, string? storeCode) =>
        storeCode is null || string.Equals(storeCode.Trim(), caller.StoreCode, StringComparison.OrdinalIgnoreCase) ? null : ApiProblems.StoreForbidden(storeCode);

    /// <summary>The system actor an API call acts as, named after its store.</summary>
    public static StaffActor Actor(this ApiCaller caller) => StaffActor.System("api:" + caller.StoreCode);
}
