using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// Every field of the API's document with a description and an example, so /api/docs alone is enough to build a client:
/// a field's own <see cref="ExampleAttribute"/> and <see cref="DescriptionAttribute"/>, else the shared wording of the
/// fields every request and answer has (<see cref="Common"/>); a field's <see cref="AllowedValuesAttribute"/> lists its codes.
/// </summary>
public static class ApiSchemaExamples
{
    /// <summary>Fields named alike everywhere: one wording and one example.</summary>
    private static readonly Dictionary<string, (string Description, object? Example)> Common = new(StringComparer.Ordinal)
    {
        ["requestId"] = ("Idempotency key chosen by the caller, at most 64 characters.", "req-20261125-0001"),
        ["eventId"] = ("Idempotency key of the event, chosen by the caller, at most 64 characters.", "pos-000123"),
        ["phone"] = ("Mobile number: 13812345678, +86 138 1234 5678 or an international +CC number.", "13812345678"),
        ["name"] = ("A name, at most 100 characters.", "李雷"),
        ["storeCode"] = ("The store's code; defaults to the key's store and must be it.", "SH001"),
        ["orderId"] = ("The order's id at the till, at most 64 characters.", "A-000123"),
        ["duplicate"] = ("Whether this answers a request already applied (the same id and body).", false),
        ["code"] = ("A code, as the console shows it.", "CPN7K2Q9XW"),
        ["itemCode"] = ("A catalogue item's code.", "MUG"),
        ["points"] = ("A number of points.", 128),
        ["growth"] = ("Growth value (成长值).", 12),
        ["balance"] = ("The member's points after the request.", 1280),
        ["available"] = ("Points the member can spend now (not pending).", 1152),
        ["tier"] = ("A tier's code.", "silver"),
        ["ruleId"] = ("An earning rule of the programme.", "purchase"),
        ["amount"] = ("Money, at most 2 decimals.", 128.5),
        ["referralCode"] = ("A member's referral code.", "K7Q2M9XW"),
        ["discount"] = ("The money the coupon saved.", 10),
        ["terms"] = ("What the coupon gives, where and when, in one line.", "¥10 off orders over ¥50 · mini-program only · valid 30 days"),
        ["explanation"] = ("Why, in words: one part per rule, multiplier and cap.", "Purchase: ¥128.5 ÷ ¥1 → 128 points"),
    };

    /// <summary>Fields of types this API does not declare: the problem answers, and the programme document's sections.</summary>
    private static readonly Dictionary<string, (string Description, object? Example)> Fields = ForeignFields();

    public static Task Describe(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonPropertyInfo is not { } property)
            return Task.CompletedTask;
        var attributes = property.AttributeProvider;
        var common = Fields.GetValueOrDefault($"{property.DeclaringType.Name}.{property.Name}") is { Description: not null } field
            ? field : Common.GetValueOrDefault(property.Name);
        if (string.IsNullOrWhiteSpace(schema.Description))
            schema.Description = attributes?.GetCustomAttributes(typeof(DescriptionAttribute), false).OfType<DescriptionAttribute>().FirstOrDefault()?.Description
                ?? common.Description;
        var example = attributes?.GetCustomAttributes(typeof(ExampleAttribute), false).OfType<ExampleAttribute>().FirstOrDefault()?.Value ?? common.Example;
        if (example is not null && schema.Examples is not { Count: > 0 })
        {
            // A free JSON field (the programme's own sections) gives its example as JSON text.
            schema.Examples = [typeof(JsonNode).IsAssignableFrom(property.PropertyType) && example is string json
                ? JsonNode.Parse(json)! : JsonSerializer.SerializeToNode(example)!];
        }
        if (attributes?.GetCustomAttributes(typeof(AllowedValuesAttribute), false).OfType<AllowedValuesAttribute>().FirstOrDefault() is { } allowed)
            schema.Enum = [.. allowed.Values.Select(v => (JsonNode)JsonValue.Create(v?.ToString())!)];
        return Task.CompletedTask;
    }

    private static Dictionary<string, (string Description, object? Example)> ForeignFields()
    {
        var fields = new Dictionary<string, (string Description, object? Example)>(StringComparer.Ordinal);
        foreach (var problem in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
        {
            fields[$"{problem}.type"] = ("A link about the status code.", "https://httpstatuses.io/404");
            fields[$"{problem}.title"] = ("What went wrong, in English.", "No member has this phone number.");
            fields[$"{problem}.status"] = ("The HTTP status.", 404);
            fields[$"{problem}.detail"] = ("More about it, when there is more.", "Read it with GET /api/v1/members/{phone}.");
            fields[$"{problem}.instance"] = ("The request it is about, when known.", "/api/v1/members/13812345678/points");
        }
        fields["HttpValidationProblemDetails.errors"] = ("Messages per field, keyed by the JSON property (or query parameter).",
            new Dictionary<string, string[]> { ["limit"] = ["'limit' must be a whole number from 1 to 100."] });
        foreach (var (key, value) in Programme.ProgrammeDocumentOpenApi.Fields)
            fields[key] = value;
        return fields;
    }
}
