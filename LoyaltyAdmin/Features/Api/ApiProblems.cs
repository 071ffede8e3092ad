using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Members;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// RFC 7807 answers of the API. English (they are read by developers) with a stable <c>code</c> extension a
/// client can switch on; validation problems carry field errors keyed by the JSON property.
/// </summary>
public static class ApiProblems
{
    public static ProblemHttpResult Problem(int status, string code, string title, string? detail = null) =>
        TypedResults.Problem(new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}",
            Extensions = { ["code"] = code },
        });

    public static ProblemHttpResult Validation(IDictionary<string, string[]> errors, string code = "validation_failed", int status = 400) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = status, Title = "The request has invalid fields.", Type = $"https://httpstatuses.io/{status}",
            Extensions = { ["code"] = code },
        });

    public static ProblemHttpResult Field(string field, string message, string code = "validation_failed") =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, code);

    public static ProblemHttpResult Unauthorized(string detail) => Problem(401, "invalid_api_key", "A valid X-Api-Key header is required.", detail);
    public static ProblemHttpResult StoreForbidden(string storeCode) =>
        Problem(403, "store_forbidden", "This key may not act for that store.", $"The key belongs to another store than '{storeCode}'.");
    public static ProblemHttpResult MemberNotFound() => Problem(404, "member_not_found", "No member has this phone number.");
    public static ProblemHttpResult IdempotencyConflict(string field) =>
        Problem(409, "idempotency_conflict", $"This {field} was already used with a different body.",
            $"Re-send the original body to get the original answer, or use a new {field}.");
    public static ProblemHttpResult TooLarge(int limit) =>
        Problem(413, "payload_too_large", "The request body is too large.", $"At most {limit} bytes.");

    public static ProblemHttpResult OrderExists() =>
        Problem(409, "order_exists", "This orderId was already used by a purchase in this store.",
            "Order ids are unique per store, whichever member the order was for. A repeat of the same purchase reuses its eventId; another purchase needs another orderId.");

    /// <summary>Why the ledger wrote nothing, as the API says it.</summary>
    public static ProblemHttpResult Ledger(LedgerError error) => error switch
    {
        LedgerError.MemberNotFound => MemberNotFound(),
        LedgerError.DifferentRequest => IdempotencyConflict("requestId"),
        LedgerError.MemberNotActive => Problem(422, "member_not_active", "The member is frozen or closed."),
        LedgerError.InsufficientPoints => Problem(422, "insufficient_points", "The member does not have enough available points."),
        LedgerError.UnknownOrder => Problem(422, "unknown_order", "No purchase of this member has this orderId."),
        LedgerError.RefundExceedsOrder => Problem(422, "refund_exceeds_order", "The refunds would exceed the order's amount."),
        _ => Problem(422, "invalid_amount", "The amount is not valid for this event."),
    };

    /// <summary>Why a catalogue redemption wrote nothing, as the API says it.</summary>
    public static ProblemHttpResult Redeem(RedeemOutcome outcome) => outcome.Error switch
    {
        RedeemError.MemberNotFound => MemberNotFound(),
        RedeemError.DifferentRequest => IdempotencyConflict("requestId"),
        RedeemError.MemberNotActive => Ledger(LedgerError.MemberNotActive),
        RedeemError.ItemNotFound => Validation(new Dictionary<string, string[]> { ["itemCode"] = ["No catalogue item has this code."] },
            "unknown_item", StatusCodes.Status422UnprocessableEntity),
        RedeemError.ItemNotAvailable => Problem(422, "item_not_available", "The item cannot be redeemed today (inactive or outside its dates)."),
        RedeemError.OutOfStock => Problem(409, "out_of_stock", "The item is out of stock."),
        RedeemError.LimitReached => Problem(422, "limit_reached", "The member has reached this item's redemption limit."),
        RedeemError.PriceChanged => Problem(409, "price_changed", "The item's price is not the one sent.",
            outcome.CurrentPrice is { } price ? $"The price now is {price.Points} points." : "The item was changed; read it again."),
        _ => Ledger(LedgerError.InsufficientPoints),
    };
}
