using System.Globalization;
using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Api;

/// <summary>Configurable limits of the integration API (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>Requests per key per minute before 429.</summary>
    public int PermitsPerMinute { get; set; } = 6000;

    /// <summary>Largest money amount an event may carry.</summary>
    public decimal MaxAmount { get; set; } = 1_000_000m;

    /// <summary>How far in the future an <c>occurredAt</c> may be (clocks of POS terminals drift).</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How far in the past an <c>occurredAt</c> may be.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(366);
}

/// <summary>An API answer: a value with its status, or a problem.</summary>
public sealed record ApiOutcome<T>(T? Value, IResult? Problem, int Status = 200);

/// <summary>
/// What the endpoints do once a request is parsed and validated: member reads, registration, activities and
/// redemptions, each write claimed for idempotency and applied through <see cref="PointsLedgerService"/>.
/// </summary>
public sealed class ApiService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    PointsLedgerService ledger,
    ProgrammeStore programmes,
    MerchantClock merchantClock,
    ApiIdempotency idempotency,
    ApiWriteGate writes,
    MemberService members,
    CouponWriteOff writeOff,
    RedemptionService redemptions,
    CatalogueService catalogue,
    PointsPaymentService payments,
    TimeProvider clock)
{
    public async Task<MemberResponse?> GetMemberAsync(string phone, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.Members.AsNoTracking().SingleOrDefaultAsync(m => m.Phone == phone, ct);
        if (member is null)
            return null;
        var programme = (await programmes.GetCurrentAsync(ct)).Programme;
        var stats = await PointsLedgerService.StatsAsync(db, member, programme, clock.GetUtcNow().UtcDateTime, ct);
        var tiers = TierEngine.Ordered(programme);
        var tier = tiers.FirstOrDefault(t => t.Code == member.TierCode) ?? tiers[0];
        var progress = TierEngine.Progress(programme, tier.Code, stats);
        var symbol = Currencies.Symbol((await merchantClock.GetAsync(ct)).Currency);
        return new MemberResponse(
            member.Phone, member.Name, member.Birthday, ToWire(member.Status), member.JoinedAtUtc, member.ReferralCode,
            tier.Code, tier.Name, member.TierValidUntil, member.PointsBalance, member.AvailablePoints, member.PendingPoints, member.GrowthValue,
            member.LifetimeSpend,
            new TierProgressResponse(progress.Target?.Code,
                progress.Conditions.Select(c => new ProgressLine(ToWire(c.Condition.Kind), c.Current, c.Missing, c.ToText(progress.WindowMonths, symbol))).ToList()),
            await ActiveCouponsAsync(db, member.Id, ct));
    }

    public async Task<ApiOutcome<MemberResponse>> RegisterAsync(ApiCaller caller, RegisterMemberRequest request, string phone, Channel channel, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Checked before the id is claimed, so a corrected body can be sent again with the same requestId.
        if (!string.IsNullOrWhiteSpace(request.ReferralCode))
        {
            var code = request.ReferralCode.Trim().ToUpperInvariant();
            if (!await db.Members.AsNoTracking().AnyAsync(m => m.ReferralCode == code, ct))
                return new(null, ApiProblems.Field("referralCode", "No member has this referral code.", "unknown_referral_code"));
        }

        var claim = await idempotency.ClaimAsync(caller.StoreId, "members", request.RequestId!, ApiIdempotency.HashOf(request), ct);
        if (claim == ClaimOutcome.DifferentBody)
            return new(null, ApiProblems.IdempotencyConflict("requestId"));
        var existing = await db.Members.AsNoTracking().Where(m => m.Phone == phone).Select(m => (long?)m.Id).SingleOrDefaultAsync(ct);
        if (existing is null)
        {
            // The members feature's registration: member row, initial tier, audit and the registration award in the ledger.
            var profile = new MemberProfileModel
            {
                Phone = phone, Name = request.Name, Birthday = request.Birthday?.ToDateTime(TimeOnly.MinValue), JoinChannel = channel,
                HomeStoreId = caller.StoreId, ReferredByCode = request.ReferralCode,
            };
            var saved = await writes.RunAsync(() => members.SaveProfileAsync(StaffActor.System("api:" + caller.StoreCode), profile, ct), ct);
            if (saved.For(nameof(MemberProfileModel.Phone)) is not null && await MemberIdAsync(phone, ct) is not null)
                return new(null, ApiProblems.Problem(409, "member_exists", "A member with this phone number already exists."));
            if (!saved.Succeeded)
                return new(null, ApiProblems.Validation(saved.Errors.ToDictionary(e => WireField(e.Key), e => new[] { e.Value })));
        }
        else if (claim == ClaimOutcome.First)
        {
            return new(null, ApiProblems.Problem(409, "member_exists", "A member with this phone number already exists.",
                "Read it with GET /api/v1/members/{phone}."));
        }
        else
        {
            // A repeat of a registration that may have stopped after the member row: give the award it may lack (never twice).
            await writes.RunAsync(() => ledger.ApplyActivityAsync(existing.Value, $"registration:{existing.Value}",
                new Activity { Type = ActivityType.Registration, OccurredAt = clock.GetUtcNow(), Channel = channel }, ct), ct);
        }
        return new(await GetMemberAsync(phone, ct), null, StatusCodes.Status201Created);
    }

    public async Task<ApiOutcome<ActivityEventResponse>> ApplyEventAsync(ApiCaller caller, ActivityEventRequest request, string phone, Activity activity, CancellationToken ct)
    {
        var memberId = await MemberIdAsync(phone, ct);
        if (memberId is null)
            return new(null, ApiProblems.MemberNotFound());
        var eventId = LedgerId(caller, "events", request.EventId!);
        if (await OrderTakenAsync(caller, memberId.Value, eventId, activity, ct))
            return new(null, ApiProblems.OrderExists());
        // The ledger keeps the body's hash with the event, in its own transaction: a refused or failed event records nothing.
        var sent = ApiIdempotency.ForLedger(caller.StoreId, "events", request.EventId!, ApiIdempotency.HashOf(request));
        ActivityResult result;
        try
        {
            result = await ledger.ApplyActivityAsync(memberId.Value, eventId, activity, ct, sent);
        }
        catch (DbUpdateException) when (activity.Type == ActivityType.Purchase)
        {
            // Another till's purchase with this order id committed between the check above and this write: the unique index refused it.
            if (await OrderTakenAsync(caller, memberId.Value, eventId, activity, CancellationToken.None))
                return new(null, ApiProblems.OrderExists());
            throw;
        }
        if (result.Error == LedgerError.Refused)
            return new(null, ApiProblems.IdempotencyConflict("eventId"));
        if (!result.Succeeded)
            return new(null, ApiProblems.Ledger(result.Error));
        return new(new ActivityEventResponse(request.EventId!, result.Duplicate, result.Points, result.Shortfall, result.Growth,
            result.Rules.Select(r => new RuleLine(r.RuleId, r.Points, r.Growth)).ToList(),
            result.Balance, result.Available, result.TierCode, result.TierChanged, result.Explanation), null);
    }

    /// <summary>
    /// Whether a purchase reuses an order id: one of the key's store (whichever member it was for), or one of the member's.
    /// Not for a repeat of an event already processed: the ledger answers that with its first result (or refuses another body).
    /// </summary>
    private async Task<bool> OrderTakenAsync(ApiCaller caller, long memberId, string eventId, Activity activity, CancellationToken ct)
    {
        if (activity.Type != ActivityType.Purchase || activity.OrderId is not { } orderId)
            return false;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Two lookups, each on its unique index.
        return (await db.MemberOrders.AnyAsync(o => o.StoreId == caller.StoreId && o.OrderId == orderId, ct)
                || await db.MemberOrders.AnyAsync(o => o.MemberId == memberId && o.OrderId == orderId, ct))
            && !await db.ProcessedEvents.AnyAsync(e => e.EventId == eventId, ct);
    }

    public async Task<ApiOutcome<RedemptionResponse>> RedeemAsync(ApiCaller caller, RedemptionRequest request, string phone, CancellationToken ct)
    {
        var claim = await idempotency.ClaimAsync(caller.StoreId, "redemptions", request.RequestId!, ApiIdempotency.HashOf(request), ct);
        if (claim == ClaimOutcome.DifferentBody)
            return new(null, ApiProblems.IdempotencyConflict("requestId"));
        var memberId = await MemberIdAsync(phone, ct);
        if (memberId is null)
            return new(null, ApiProblems.MemberNotFound());
        if (request.ItemCode is not null)
            return await RedeemItemAsync(caller, request, memberId.Value, ct);
        if (request.OrderAmount is { } orderAmount)
            return await PayWithPointsAsync(caller, request, memberId.Value, orderAmount, ct);
        var note = $"API redemption ({caller.StoreCode})";
        var points = request.Points!.Value;
        var result = await writes.RunAsync(() => ledger.RedeemAsync(memberId.Value, points, LedgerId(caller, "redemptions", request.RequestId!), request.OrderId, note, ct), ct);
        if (!result.Succeeded)
            return new(null, ApiProblems.Ledger(result.Error));
        return new(new RedemptionResponse(request.RequestId!, result.Duplicate, points, result.Balance, result.Available, request.ItemCode), null);
    }

    /// <summary>
    /// Writes off a coupon for the key's store. Claimed for idempotency first; the write-off itself answers a repeat of
    /// the same request with its first success, so a retry after a lost answer is safe.
    /// </summary>
    public async Task<ApiOutcome<CouponRedeemResponse>> RedeemCouponAsync(ApiCaller caller, string code, CouponRedeemRequest request, string? phone,
        Channel channel, decimal amount, CancellationToken ct)
    {
        var claim = await idempotency.ClaimAsync(caller.StoreId, "coupons", request.RequestId!, ApiIdempotency.HashOf(new { code, request }), ct);
        if (claim == ClaimOutcome.DifferentBody)
            return new(null, ApiProblems.IdempotencyConflict("requestId"));
        if (phone is not null && await CouponOwnerAsync(code, ct) is { } owner && owner != phone)
            return new(null, ApiProblems.Problem(422, "coupon_not_valid", "The coupon cannot be used here.", "The coupon belongs to another member."));
        var actor = StaffActor.System("api:" + caller.StoreCode);
        var result = await writes.RunAsync(() => writeOff.RedeemAsync(actor,
            new WriteOffRequest(code, channel, caller.StoreId, amount, request.OrderId, LedgerId(caller, "coupons", request.RequestId!)), ct), ct);
        return result.Outcome switch
        {
            WriteOffOutcome.Redeemed => new(new CouponRedeemResponse(request.RequestId!, result.Replayed, result.Coupon!.Code, result.Coupon.Name,
                result.Coupon.Terms, result.Discount, result.Coupon.RedeemedAtUtc ?? clock.GetUtcNow().UtcDateTime), null),
            WriteOffOutcome.NotFound => new(null, ApiProblems.Problem(404, "coupon_not_found", "Coupon not found.", "No coupon has this code.")),
            WriteOffOutcome.AlreadyRedeemed => new(null, ApiProblems.Problem(409, "coupon_already_redeemed", "The coupon was already redeemed.", result.Reason)),
            _ => new(null, ApiProblems.Problem(422, "coupon_not_valid", "The coupon cannot be used here.", result.Reason)),
        };
    }

    private async Task<string?> CouponOwnerAsync(string code, CancellationToken ct)
    {
        var normalised = CouponIssuer.NormaliseCode(code);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from c in db.Coupons.AsNoTracking() join m in db.Members on c.MemberId equals m.Id where c.Code == normalised select m.Phone)
            .SingleOrDefaultAsync(ct);
    }

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
    private async Task<ApiOutcome<RedemptionResponse>> RedeemItemAsync(ApiCaller caller, RedemptionRequest request, long memberId, CancellationToken ct)
    {
        var redeem = new RedeemRequest(memberId, request.ItemCode!, LedgerId(caller, "redemptions", request.RequestId!), Channel.Store, caller.StoreId,
            StaffActor.System("api:" + caller.StoreCode), request.OrderId, request.Points);
        var outcome = await writes.RunAsync(() => redemptions.RedeemAsync(redeem, ct), ct);
        if (outcome.Redemption is not { } r)
            return new(null, ApiProblems.Redeem(outcome));
        return new(new RedemptionResponse(request.RequestId!, outcome.Duplicate, r.PointsPaid, outcome.Balance, outcome.Available, r.ItemCode,
            r.RegularPoints, r.DiscountPercent, r.Cash, r.CouponCode), null);
    }

    private async Task<ApiOutcome<RedemptionResponse>> PayWithPointsAsync(ApiCaller caller, RedemptionRequest request, long memberId, decimal orderAmount, CancellationToken ct)
    {
        var paid = await writes.RunAsync(() => payments.PayAsync(memberId, request.OrderId!, orderAmount, request.Points!.Value,
            LedgerId(caller, "redemptions", request.RequestId!), "api:" + caller.StoreCode, ct), ct);
        var quote = paid.Quote;
        if (quote.Error != PointsPaymentError.None)
        {
            return new(null, quote.Error switch
            {
                PointsPaymentError.Disabled => ApiProblems.Problem(422, "points_payment_disabled", "The merchant does not accept points as payment."),
                PointsPaymentError.BelowMinimum => ApiProblems.Problem(422, "below_minimum", "Too few points for a points payment."),
                _ => ApiProblems.Problem(422, "above_share", "The points would pay more than the share of the order points may pay.",
                    $"At most {quote.MaxPoints} points on this order."),
            });
        }
        var result = paid.Ledger!;
        if (!result.Succeeded)
            return new(null, ApiProblems.Ledger(result.Error));
        return new(new RedemptionResponse(request.RequestId!, result.Duplicate, quote.Points, result.Balance, result.Available, null, AmountPaid: quote.Amount), null);
    }

    /// <summary>What can be redeemed today, at today's price.</summary>
    public async Task<IReadOnlyList<CatalogueItemResponse>> CatalogueAsync(CancellationToken ct) =>
        (await catalogue.AvailableAsync(ct)).Select(i => new CatalogueItemResponse(i.Code, i.Name, ToWire(i.Kind), i.Description, i.Price.Points,
            i.Price.RegularPoints, i.Price.DiscountPercent, i.Price.Cash, i.Remaining)).ToList();

    /// <summary>The ledger's event ids are global; an API id is the caller's, so it is namespaced by store and kind.</summary>
    public static string LedgerId(ApiCaller caller, string kind, string requestId) =>
        string.Create(CultureInfo.InvariantCulture, $"api:{caller.StoreId}:{kind[0]}:{requestId}");

    /// <summary>
    /// The member with this phone. Phones never change and members are never deleted, so a found id is kept (up to
    /// <see cref="KnownMembersLimit"/> of them): a till posting for its regulars reads the member once.
    /// </summary>
    private async Task<long?> MemberIdAsync(string phone, CancellationToken ct)
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

    private const int KnownMembersLimit = 200_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> knownMembers = new(StringComparer.Ordinal);

    private static string WireField(string modelField) => modelField switch
    {
        nameof(MemberProfileModel.ReferredByCode) => "referralCode",
        nameof(MemberProfileModel.HomeStoreId) => "storeCode",
        "" => "",
        _ => char.ToLowerInvariant(modelField[0]) + modelField[1..],
    };

    private static string ToWire<TEnum>(TEnum value) where TEnum : struct, Enum =>
        System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
}
