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
}
