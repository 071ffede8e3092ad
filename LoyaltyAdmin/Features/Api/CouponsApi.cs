using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LoyaltyAdmin.Features.Api;

/// <summary>POST /coupons/{code}/redeem: a till writes a coupon off.</summary>
public static class CouponsApi
{
    public static RouteGroupBuilder MapCouponsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/coupons/{code}/redeem", RedeemAsync).WithName("RedeemCoupon").WithSummary("Write off a coupon")
            .WithDescription("Checks the coupon (status, valid dates in merchant time, channel, minimum spend) and writes it off once. "
                + "Re-sending the same requestId answers the first result (duplicate: true). 404 coupon_not_found, 409 coupon_already_redeemed, "
                + "422 coupon_not_valid with the reason.")
            .Accepts<CouponRedeemRequest>("application/json")
            .Produces<CouponRedeemResponse>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .AddOpenApiOperationTransformer(MemberCentreOpenApi.PathParameters(MemberCentreOpenApi.CouponCode));
        return api;
    }

    /// <summary>
    /// Writes the coupon off for the key's store. A repeat of the same request answers its first success, so a retry after a
    /// lost answer is safe; the same request id with another body is a conflict.
    /// </summary>
    private static async Task<IResult> RedeemAsync(string code, HttpContext http, CouponWriteOff writeOff, IDbContextFactory<LoyaltyDbContext> dbFactory,
        TimeProvider clock, IOptionsMonitor<ApiOptions> options, CancellationToken ct)
    {
        var caller = ApiKeyAuthenticationHandler.Caller(http.User);
        var (request, problem) = await ApiJson.ReadAsync<CouponRedeemRequest>(http.Request, ApiJson.DefaultMaxBytes, ct);
        if (problem is not null)
            return problem;
        if (caller.ForOtherStore(request!.StoreCode) is { } forbidden)
            return forbidden;
        var v = new ApiValidation();
        v.Id("requestId", request.RequestId);
        v.Id("code", code);
        var phone = request.Phone is null ? null : v.Phone(request.Phone);
        v.Id("orderId", request.OrderId, required: false);
        var channel = v.Channel(request.Channel, Channel.Store);
        var amount = v.Amount(request.Amount, required: false, positive: false, options.CurrentValue);
        if (!v.IsValid)
            return v.Problem();
        if (phone is not null && await OwnerAsync(dbFactory, code, ct) is { } owner && owner != phone)
            return ApiProblems.Problem(422, "coupon_not_valid", "The coupon cannot be used here.", "The coupon belongs to another member.");

        var result = await writeOff.RedeemAsync(caller.Actor(),
            new WriteOffRequest(code, channel, caller.StoreId, amount, request.OrderId, caller.LedgerId("coupons", request.RequestId!)), ct,
            ApiIdempotency.HashOf(new { code, request }));
        return result.Outcome switch
        {
            WriteOffOutcome.DifferentRequest => ApiProblems.IdempotencyConflict("requestId"),
            WriteOffOutcome.Redeemed => TypedResults.Json(new CouponRedeemResponse(request.RequestId!, result.Replayed, result.Coupon!.Code, result.Coupon.Name,
                result.Coupon.Terms, result.Discount, result.Coupon.RedeemedAtUtc ?? clock.GetUtcNow().UtcDateTime), ApiJson.Options),
            WriteOffOutcome.NotFound => ApiProblems.Problem(404, "coupon_not_found", "Coupon not found.", "No coupon has this code."),
            WriteOffOutcome.AlreadyRedeemed => ApiProblems.Problem(409, "coupon_already_redeemed", "The coupon was already redeemed.", result.Reason),
            _ => ApiProblems.Problem(422, "coupon_not_valid", "The coupon cannot be used here.", result.Reason),
        };
    }

    private static async Task<string?> OwnerAsync(IDbContextFactory<LoyaltyDbContext> dbFactory, string code, CancellationToken ct)
    {
        var normalised = CouponIssuer.NormaliseCode(code);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await (from c in db.Coupons.AsNoTracking() join m in db.Members on c.MemberId equals m.Id where c.Code == normalised select m.Phone)
            .SingleOrDefaultAsync(ct);
    }
}
