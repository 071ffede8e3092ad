using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Rules;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Api;

/// <summary>POST /redemptions: a catalogue item, points as part payment of an order, or plain points; and GET /catalogue.</summary>
public static class RedemptionsApi
{
    public static RouteGroupBuilder MapRedemptionsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/redemptions", RedeemAsync).WithName("Redeem").WithSummary("Redeem a catalogue item, or spend points")
            .WithDescription("With itemCode: redeems one unit of that catalogue item at the server's price of the merchant's day (member-day discount "
                + "included), claims its stock and issues its coupon, all or nothing. Errors: 422 unknown_item, 422 item_not_available, 409 out_of_stock, "
                + "422 limit_reached (the item's lifetime limit per member), 409 price_changed (points sent differ from today's price), 422 insufficient_points. "
                + "With orderAmount (and orderId): points as payment, the points pay part of the order at the merchant's rate (422 points_payment_disabled, "
                + "below_minimum, above_share). Otherwise: spends the given points. Points go oldest first and never overdraw. "
                + "The same requestId answers the first result again.")
            .Accepts<RedemptionRequest>("application/json")
            .Produces<RedemptionResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/catalogue", CatalogueAsync).WithName("GetCatalogue").WithSummary("Catalogue items that can be redeemed today, at today's price")
            .WithDescription("Active items within their dates, priced for the merchant's day (member-day discount included), with the units left.")
            .Produces<IReadOnlyList<CatalogueItemResponse>>();
        return api;
    }

    private static async Task<IResult> RedeemAsync(HttpContext http, ApiMembers members, PointsLedgerService ledger, RedemptionService redemptions,
        PointsPaymentService payments, IOptionsMonitor<ApiOptions> options, CancellationToken ct)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(http.User);
        var (request, problem) = await ApiJson.ReadAsync<RedemptionRequest>(http.Request, ApiJson.DefaultMaxBytes, ct);
        if (problem is not null)
            return problem;
        if (caller.ForOtherStore(request!.StoreCode) is { } forbidden)
            return forbidden;
        var v = new ApiValidation();
        v.Id("requestId", request.RequestId);
        var phone = v.Phone(request.Phone);
        // With an item the server prices it; points, when sent, are the price the member was shown.
        if (request.ItemCode is null || request.Points is not null)
            v.Points(request.Points);
        v.Id("itemCode", request.ItemCode, required: false);
        v.Id("orderId", request.OrderId, required: request.OrderAmount is not null);
        if (request.OrderAmount is not null)
        {
            v.Amount(request.OrderAmount, required: true, positive: true, options.CurrentValue);
            if (request.ItemCode is not null)
                v.Add("orderAmount", "'orderAmount' pays an order with points; it cannot be sent with 'itemCode'.");
        }
        if (!v.IsValid)
            return v.Problem();
        if (await members.IdAsync(phone!, ct) is not { } memberId)
            return ApiProblems.MemberNotFound();

        var hash = ApiIdempotency.HashOf(request);
        var requestId = caller.LedgerId("redemptions", request.RequestId!);
        if (request.ItemCode is not null)
        {
            var outcome = await redemptions.RedeemAsync(new RedeemRequest(memberId, request.ItemCode, requestId, Channel.Store, caller.StoreId, caller.Actor(),
                request.OrderId, request.Points, hash), ct);
            if (outcome.Redemption is not { } r)
                return ApiProblems.Redeem(outcome);
            return Json(new RedemptionResponse(request.RequestId!, outcome.Duplicate, r.PointsPaid, outcome.Balance, outcome.Available, r.ItemCode,
                r.RegularPoints, r.DiscountPercent, r.Cash, r.CouponCode));
        }
        if (request.OrderAmount is { } orderAmount)
        {
            var paid = await payments.PayAsync(memberId, request.OrderId!, orderAmount, request.Points!.Value, requestId, "api:" + caller.StoreCode, ct, hash);
            if (PaymentProblem(paid.Quote) is { } refused)
                return refused;
            return paid.Ledger!.Succeeded
                ? Json(new RedemptionResponse(request.RequestId!, paid.Ledger.Duplicate, paid.Quote.Points, paid.Ledger.Balance, paid.Ledger.Available, null,
                    AmountPaid: paid.Quote.Amount))
                : ApiProblems.Ledger(paid.Ledger.Error);
        }
        var points = request.Points!.Value;
        var result = await ledger.RedeemAsync(memberId, points, requestId, request.OrderId, $"API redemption ({caller.StoreCode})", ct, bodyHash: hash);
        return result.Succeeded
            ? Json(new RedemptionResponse(request.RequestId!, result.Duplicate, points, result.Balance, result.Available, request.ItemCode))
            : ApiProblems.Ledger(result.Error);
    }

    private static IResult? PaymentProblem(PointsPaymentQuote quote) => quote.Error switch
    {
        PointsPaymentError.None => null,
        PointsPaymentError.Disabled => ApiProblems.Problem(422, "points_payment_disabled", "The merchant does not accept points as payment."),
        PointsPaymentError.BelowMinimum => ApiProblems.Problem(422, "below_minimum", "Too few points for a points payment."),
        _ => ApiProblems.Problem(422, "above_share", "The points would pay more than the share of the order points may pay.",
            $"At most {quote.MaxPoints} points on this order."),
    };

    /// <summary>What can be redeemed today, at today's price.</summary>
    private static async Task<IResult> CatalogueAsync(CatalogueService catalogue, CancellationToken ct) =>
        Json((await catalogue.AvailableAsync(ct)).Select(i => new CatalogueItemResponse(i.Code, i.Name, ApiMembers.ToWire(i.Kind), i.Description, i.Price.Points,
            i.Price.RegularPoints, i.Price.DiscountPercent, i.Price.Cash, i.Remaining)).ToList());

    private static IResult Json<T>(T value) => TypedResults.Json(value, ApiJson.Options);
}
