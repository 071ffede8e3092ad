using System.Text.Json;
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

/// <summary>
/// Reads a JSON body by hand so malformed JSON, wrong types and oversized bodies answer problem+json with
/// the offending JSON path instead of the framework's empty 400.
/// </summary>
public static class ApiJson
{
    public const int DefaultMaxBytes = 16 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken ct) where T : class
    {
        if (request.ContentLength > maxBytes)
            return (null, ApiProblems.TooLarge(maxBytes));
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
            return (null, ApiProblems.Problem(415, "unsupported_media_type", "Send the body as application/json."));

        // Chunked bodies have no length: read at most one byte more than the limit to tell.
        var buffer = new byte[maxBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read), ct)) > 0)
            read += n;
        if (read > maxBytes)
            return (null, ApiProblems.TooLarge(maxBytes));
        if (read == 0)
            return (null, ApiProblems.Problem(400, "malformed_json", "The request body is empty.", "Send a JSON object."));
        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.AsSpan(0, read), Options);
            return value is null
                ? (null, ApiProblems.Problem(400, "malformed_json", "The request body must be a JSON object."))
                : (value, null);
        }
        catch (JsonException e) when (e.Path is { Length: > 1 } path && e.InnerException is null or InvalidOperationException or FormatException
                                        && e.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            var field = path.TrimStart('$', '.');
            return (null, ApiProblems.Field(field, $"'{field}' has the wrong type or format.", "wrong_type"));
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.Problem(400, "malformed_json", "The request body is not valid JSON.",
                $"At {e.Path ?? "$"}, line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}."));
        }
    }
}
