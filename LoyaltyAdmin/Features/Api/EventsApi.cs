using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Api;

/// <summary>POST /events: an activity through the ledger (docs/architecture.md follows a purchase from here to the commit).</summary>
public static class EventsApi
{
    public static RouteGroupBuilder MapEventsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/events", PostAsync).WithName("PostEvent")
            .WithSummary("Report an activity (purchase, refund, checkin, share, review, profile_completed)")
            .WithDescription("Answers the points awarded with one line per rule, the new balance and tier. Re-sending the same eventId awards nothing twice. "
                + "An orderId is unique within the key's store: a purchase with one already used there (by any member) is 409 order_exists and writes nothing. "
                + "A refund answers the points it took back (negative or 0) and, separately, the shortfall: points the member had already spent.")
            .Accepts<ActivityEventRequest>("application/json")
            .Produces<ActivityEventResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<IResult> PostAsync(HttpContext http, PointsLedgerService ledger, ApiMembers members, IDbContextFactory<LoyaltyDbContext> dbFactory,
        TimeProvider clock, IOptionsMonitor<ApiOptions> options, CancellationToken ct)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(http.User);
        var (request, problem) = await ApiJson.ReadAsync<ActivityEventRequest>(http.Request, ApiJson.DefaultMaxBytes, ct);
        if (problem is not null)
            return problem;
        if (caller.ForOtherStore(request!.StoreCode) is { } forbidden)
            return forbidden;
        var limits = options.CurrentValue;
        var v = new ApiValidation();
        v.Id("eventId", request.EventId);
        var type = v.EventType(request.Type);
        var phone = v.Phone(request.Phone);
        var occurredAt = v.OccurredAt(request.OccurredAt, clock.GetUtcNow(), limits);
        var channel = v.Channel(request.Channel, request.StoreCode is null ? Channel.MiniProgram : Channel.Store);
        var needsOrder = type is ActivityType.Purchase or ActivityType.Refund or ActivityType.Review;
        v.Id("orderId", request.OrderId, required: needsOrder);
        v.Id("reference", request.Reference, required: false);
        var amount = v.Amount(request.Amount, required: type is ActivityType.Purchase or ActivityType.Refund, positive: type == ActivityType.Refund, limits);
        if (!v.IsValid)
            return v.Problem();
        var (shipping, paidOtherwise) = v.OrderParts(request.Shipping, request.PaidWithPointsOrCoupons, amount, type == ActivityType.Purchase);
        if (!v.IsValid)
            return v.Problem();
        if (await members.IdAsync(phone!, ct) is not { } memberId)
            return ApiProblems.MemberNotFound();

        var activity = new Activity
        {
            Type = type!.Value, OccurredAt = occurredAt!.Value, Channel = channel, StoreCode = caller.StoreCode,
            // The engine's amount is the money paid: the order's total less what points or coupons paid.
            OrderId = request.OrderId, Amount = amount - paidOtherwise, Shipping = shipping, PaidWithPointsOrCoupons = paidOtherwise, Reference = request.Reference,
        };
        var eventId = caller.LedgerId("events", request.EventId!);
        ActivityResult result;
        try
        {
            result = await ledger.ApplyActivityAsync(memberId, eventId, activity, ct, ApiIdempotency.HashOf(request), caller.StoreId);
        }
        catch (DbUpdateException) when (activity.Type == ActivityType.Purchase)
        {
            // The order id is the store's (or the member's) already: the unique index refused the purchase, and nothing was written.
            if (await OrderTakenAsync(dbFactory, caller, memberId, eventId, activity))
                return ApiProblems.OrderExists();
            throw;
        }
        if (result.Error == LedgerError.DifferentRequest)
            return ApiProblems.IdempotencyConflict("eventId");
        if (!result.Succeeded)
            return ApiProblems.Ledger(result.Error);
        return TypedResults.Json(new ActivityEventResponse(request.EventId!, result.Duplicate, result.Points, result.Shortfall, result.Growth,
            result.Rules.Select(r => new RuleLine(r.RuleId, r.Points, r.Growth)).ToList(),
            result.Balance, result.Available, result.TierCode, result.TierChanged, result.Explanation, result.NoAwardReason), ApiJson.Options);
    }

    /// <summary>
    /// Whether a purchase the database refused reuses an order id: one of the key's store (whichever member it was for), or
    /// one of the member's, and is not a repeat of an event already processed (which the ledger answers with its first result).
    /// </summary>
    private static async Task<bool> OrderTakenAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, ApiCaller caller, long memberId, string eventId, Activity activity)
    {
        if (activity.OrderId is not { } orderId)
            return false;
        await using var db = await dbFactory.CreateDbContextAsync();
        // Two lookups, each on its unique index.
        return (await db.MemberOrders.AnyAsync(o => o.StoreId == caller.StoreId && o.OrderId == orderId)
                || await db.MemberOrders.AnyAsync(o => o.MemberId == memberId && o.OrderId == orderId))
            && !await db.ProcessedEvents.AnyAsync(e => e.EventId == eventId);
    }
}
