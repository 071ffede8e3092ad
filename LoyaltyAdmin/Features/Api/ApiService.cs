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
/// What the endpoints do once a request is parsed and validated: member reads, registration, activities and redemptions.
/// Each write is one write of the pipeline, which keeps its namespaced request id and body hash in the one idempotency
/// store in the same transaction (<see cref="Idempotency"/>).
/// </summary>
public sealed class ApiService(
    IDbContextFactory<LoyaltyDbContext> dbFactory,
    PointsLedgerService ledger,
    ProgrammeStore programmes,
    MerchantClock merchantClock,
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
        var registered = await members.RegisterAsync(StaffActor.System("api:" + caller.StoreCode),
            new RegistrationRequest(phone, request.Name!.Trim(), request.Birthday, channel, caller.StoreId, request.ReferralCode),
            LedgerId(caller, "members", request.RequestId!), ApiIdempotency.HashOf(request), ct);
        if (registered.DifferentRequest)
            return new(null, ApiProblems.IdempotencyConflict("requestId"));
        if (registered.Errors.For(nameof(MemberProfileModel.Phone)) is not null)
            return new(null, ApiProblems.Problem(409, "member_exists", "A member with this phone number already exists.", "Read it with GET /api/v1/members/{phone}."));
        if (registered.Errors.For(nameof(MemberProfileModel.ReferredByCode)) is not null)
            return new(null, ApiProblems.Field("referralCode", "No member has this referral code.", "unknown_referral_code"));
        if (!registered.Succeeded)
            return new(null, ApiProblems.Validation(registered.Errors.Errors.ToDictionary(e => WireField(e.Key), e => new[] { e.Value })));
        return new(await GetMemberAsync(phone, ct), null, StatusCodes.Status201Created);
    }

    public async Task<ApiOutcome<ActivityEventResponse>> ApplyEventAsync(ApiCaller caller, ActivityEventRequest request, string phone, Activity activity, CancellationToken ct)
    {
        var memberId = await MemberIdAsync(phone, ct);
        if (memberId is null)
            return new(null, ApiProblems.MemberNotFound());
        var eventId = LedgerId(caller, "events", request.EventId!);
        ActivityResult result;
        try
        {
            result = await ledger.ApplyActivityAsync(memberId.Value, eventId, activity, ct, ApiIdempotency.HashOf(request), caller.StoreId);
        }
        catch (DbUpdateException) when (activity.Type == ActivityType.Purchase)
        {
            // The order id is the store's (or the member's) already: the unique index refused the purchase, and nothing was written.
            if (await OrderTakenAsync(caller, memberId.Value, eventId, activity))
                return new(null, ApiProblems.OrderExists());
            throw;
        }
        if (result.Error == LedgerError.DifferentRequest)
            return new(null, ApiProblems.IdempotencyConflict("eventId"));
        if (!result.Succeeded)
            return new(null, ApiProblems.Ledger(result.Error));
        return new(new ActivityEventResponse(request.EventId!, result.Duplicate, result.Points, result.Shortfall, result.Growth,
            result.Rules.Select(r => new RuleLine(r.RuleId, r.Points, r.Growth)).ToList(),
            result.Balance, result.Available, result.TierCode, result.TierChanged, result.Explanation), null);
    }

    /// <summary>
    /// Whether a purchase the database refused reuses an order id: one of the key's store (whichever member it was for), or
    /// one of the member's, and is not a repeat of an event already processed (which the ledger answers with its first result).
    /// </summary>
    private async Task<bool> OrderTakenAsync(ApiCaller caller, long memberId, string eventId, Activity activity)
    {
        if (activity.OrderId is not { } orderId)
            return false;
        var ct = CancellationToken.None;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Two lookups, each on its unique index.
        return (await db.MemberOrders.AnyAsync(o => o.StoreId == caller.StoreId && o.OrderId == orderId, ct)
                || await db.MemberOrders.AnyAsync(o => o.MemberId == memberId && o.OrderId == orderId, ct))
            && !await db.ProcessedEvents.AnyAsync(e => e.EventId == eventId, ct);
    }

    public async Task<ApiOutcome<RedemptionResponse>> RedeemAsync(ApiCaller caller, RedemptionRequest request, string phone, CancellationToken ct)
    {
        var memberId = await MemberIdAsync(phone, ct);
        if (memberId is null)
            return new(null, ApiProblems.MemberNotFound());
        var hash = ApiIdempotency.HashOf(request);
        if (request.ItemCode is not null)
            return await RedeemItemAsync(caller, request, memberId.Value, hash, ct);
        if (request.OrderAmount is { } orderAmount)
            return await PayWithPointsAsync(caller, request, memberId.Value, orderAmount, hash, ct);
        var note = $"API redemption ({caller.StoreCode})";
        var points = request.Points!.Value;
        var result = await ledger.RedeemAsync(memberId.Value, points, LedgerId(caller, "redemptions", request.RequestId!), request.OrderId, note, ct, bodyHash: hash);
        if (!result.Succeeded)
            return new(null, ApiProblems.Ledger(result.Error));
        return new(new RedemptionResponse(request.RequestId!, result.Duplicate, points, result.Balance, result.Available, request.ItemCode), null);
    }

    /// <summary>
    /// Writes off a coupon for the key's store. A repeat of the same request answers its first success, so a retry after a
    /// lost answer is safe; the same request id with another body is a conflict.
    /// </summary>
    public async Task<ApiOutcome<CouponRedeemResponse>> RedeemCouponAsync(ApiCaller caller, string code, CouponRedeemRequest request, string? phone,
        Channel channel, decimal amount, CancellationToken ct)
    {
        if (phone is not null && await CouponOwnerAsync(code, ct) is { } owner && owner != phone)
            return new(null, ApiProblems.Problem(422, "coupon_not_valid", "The coupon cannot be used here.", "The coupon belongs to another member."));
        var actor = StaffActor.System("api:" + caller.StoreCode);
        var result = await writeOff.RedeemAsync(actor,
            new WriteOffRequest(code, channel, caller.StoreId, amount, request.OrderId, LedgerId(caller, "coupons", request.RequestId!)), ct,
            ApiIdempotency.HashOf(new { code, request }));
        return result.Outcome switch
        {
            WriteOffOutcome.DifferentRequest => new(null, ApiProblems.IdempotencyConflict("requestId")),
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
    private async Task<ApiOutcome<RedemptionResponse>> RedeemItemAsync(ApiCaller caller, RedemptionRequest request, long memberId, string hash, CancellationToken ct)
    {
        var redeem = new RedeemRequest(memberId, request.ItemCode!, LedgerId(caller, "redemptions", request.RequestId!), Channel.Store, caller.StoreId,
            StaffActor.System("api:" + caller.StoreCode), request.OrderId, request.Points, hash);
        var outcome = await redemptions.RedeemAsync(redeem, ct);
        if (outcome.Redemption is not { } r)
            return new(null, ApiProblems.Redeem(outcome));
        return new(new RedemptionResponse(request.RequestId!, outcome.Duplicate, r.PointsPaid, outcome.Balance, outcome.Available, r.ItemCode,
            r.RegularPoints, r.DiscountPercent, r.Cash, r.CouponCode), null);
    }

    private async Task<ApiOutcome<RedemptionResponse>> PayWithPointsAsync(ApiCaller caller, RedemptionRequest request, long memberId, decimal orderAmount, string hash,
        CancellationToken ct)
    {
        var paid = await payments.PayAsync(memberId, request.OrderId!, orderAmount, request.Points!.Value,
            LedgerId(caller, "redemptions", request.RequestId!), "api:" + caller.StoreCode, ct, hash);
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
