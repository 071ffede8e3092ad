using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using LoyaltyAdmin.Rules;
using Microsoft.AspNetCore.Http.HttpResults;

namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// Reads a JSON body by hand, as strictly as the programme document is read: only application/json (else 415), field
/// names exactly as documented (case-sensitive), no unknown field and no field twice, each refusal a 400 naming the
/// field; malformed JSON, wrong types and oversized bodies answer problem+json too instead of the framework's empty 400.
/// </summary>
public static class ApiJson
{
    public const int DefaultMaxBytes = 16 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        AllowTrailingCommas = false,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowDuplicateProperties = false,
    };

    public static ProblemHttpResult UnsupportedMediaType() =>
        ApiProblems.Problem(415, "unsupported_media_type", "Send the body as application/json.", "The Content-Type header must be application/json.");

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, int maxBytes, CancellationToken ct) where T : class
    {
        if (!request.HasJsonContentType())
            return (null, UnsupportedMediaType());
        if (request.ContentLength > maxBytes)
            return (null, ApiProblems.TooLarge(maxBytes));

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
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, read));
        }
        catch (JsonException e)
        {
            return (null, ApiProblems.Problem(400, "malformed_json", "The request body is not valid JSON.",
                $"At line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}."));
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                return (null, ApiProblems.Problem(400, "malformed_json", "The request body must be a JSON object."));
            if (JsonFault.FirstDuplicate(document.RootElement) is { } duplicate)
                return (null, Refused<T>(duplicate));
            try
            {
                return (document.RootElement.Deserialize<T>(Options), null);
            }
            catch (ApiFormatException e)
            {
                var field = e.Path?.TrimStart('$', '.') ?? "";
                return (null, ApiProblems.Field(field, $"'{field}' {e.Message}", "wrong_type"));
            }
            catch (JsonException e)
            {
                return (null, Refused<T>(JsonFault.Of(e)));
            }
        }
    }

    /// <summary>A refused body in the caller's terms: the field and what is wrong with it, never the server's types.</summary>
    private static ProblemHttpResult Refused<T>(JsonFault fault)
    {
        var field = fault.Field;
        switch (fault.Kind)
        {
            case JsonFaultKind.DuplicateField:
                return ApiProblems.Field(field, $"'{field}' is sent more than once.", "duplicate_field");
            case JsonFaultKind.UnknownField:
                var known = Options.GetTypeInfo(typeof(T)).Properties
                    .FirstOrDefault(p => string.Equals(p.Name, fault.Name, StringComparison.OrdinalIgnoreCase))?.Name;
                return ApiProblems.Field(field, known is null
                    ? $"'{field}' is not a field of this request; see /api/docs."
                    : $"'{field}' is not a field of this request: field names are case-sensitive, did you mean '{known}'?", "unknown_field");
            case JsonFaultKind.WrongType or JsonFaultKind.NullValue when field.Length > 0:
                return ApiProblems.Field(field, $"'{field}' has the wrong type or format.", "wrong_type");
            default:
                return ApiProblems.Problem(400, "malformed_json", "The request body cannot be read.", field.Length > 0 ? $"At '{field}'." : null);
        }
    }
}

/// <summary>A value in a body that has the right JSON type but not the documented format; the message follows the field's name.</summary>
public sealed class ApiFormatException(string message) : JsonException(message);

/// <summary>
/// An instant that must carry its offset (ISO 8601, e.g. 2026-11-25T17:00:00+08:00 or …Z). Without one the reader
/// would take the server's zone and could move a purchase onto another merchant day, so a date alone or a local time
/// is refused. Written as the framework writes it, so the idempotency hash of a body is unchanged.
/// </summary>
public sealed partial class OffsetDateTimeConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && WithOffset().IsMatch(reader.GetString()!) && reader.TryGetDateTimeOffset(out var value))
            return value;
        throw new ApiFormatException("must be an ISO 8601 date and time with an offset, e.g. 2026-11-25T17:00:00+08:00 or 2026-11-25T09:00:00Z.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")]
    private static partial Regex WithOffset();
}
