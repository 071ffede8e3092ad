using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// The member centre's path and query parameters as its OpenAPI document states them. The handlers read the query
/// themselves, so a wrong value is a 400 problem naming the field (the framework's binder would answer an empty 400).
/// </summary>
public static class MemberCentreOpenApi
{
    public static readonly OpenApiParameter Phone = new()
    {
        Name = "phone", In = ParameterLocation.Path, Required = true,
        Description = "The member's mobile number: 13812345678, +8613812345678 (URL-encode the +) or an international +CC number.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 32 }, Example = JsonValue.Create("13812345678"),
    };

    public static readonly OpenApiParameter Cursor = new()
    {
        Name = "cursor", In = ParameterLocation.Query,
        Description = "The nextCursor of the previous page; leave it out for the first page.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64 }, Example = JsonValue.Create("MTIzNDUuMTIzNDU"),
    };

    public static readonly OpenApiParameter Limit = new()
    {
        Name = "limit", In = ParameterLocation.Query,
        Description = "Rows per page, 1 to 100; 20 when left out.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1", Maximum = "100", Default = JsonValue.Create(20) }, Example = JsonValue.Create(20),
    };

    public static readonly OpenApiParameter Status = new()
    {
        Name = "status", In = ParameterLocation.Query,
        Description = "Only coupons in this state: issued (usable now or later), redeemed, expired (including issued ones whose last day ended) or voided. "
            + "Every coupon when left out.",
        Schema = new OpenApiSchema
        {
            Type = JsonSchemaType.String, Enum = [JsonValue.Create("issued"), JsonValue.Create("redeemed"), JsonValue.Create("expired"), JsonValue.Create("voided")],
        },
        Example = JsonValue.Create("issued"),
    };

    public static readonly OpenApiParameter Month = new()
    {
        Name = "month", In = ParameterLocation.Query,
        Description = "The month to show, yyyy-MM; the merchant's current month when left out.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = @"^\d{4}-\d{2}$" }, Example = JsonValue.Create("2026-12"),
    };

    public static readonly OpenApiParameter CouponCode = new()
    {
        Name = "code", In = ParameterLocation.Path, Required = true,
        Description = "The coupon's code, as the member shows it at the till (barcode or text).",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64 }, Example = JsonValue.Create("CPN7K2Q9XW"),
    };

    public static readonly OpenApiParameter RequestId = new()
    {
        Name = "requestId", In = ParameterLocation.Query, Required = true,
        Description = "Idempotency key chosen by the caller, at most 64 characters: the same requestId answers the first result again.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 64 }, Example = JsonValue.Create("erase-20261125-0001"),
    };

    /// <summary>Describes the operation's phone and adds <paramref name="query"/> (the handlers read them from the query string).</summary>
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> Parameters(params OpenApiParameter[] query) =>
        PathParameters(Phone, query);

    /// <summary>
    /// Describes the operation's <paramref name="path"/> parameter and adds <paramref name="query"/>, each replacing the framework's bare
    /// parameter of its name when the handler binds one.
    /// </summary>
    public static Func<OpenApiOperation, OpenApiOperationTransformerContext, CancellationToken, Task> PathParameters(OpenApiParameter path,
        params OpenApiParameter[] query) =>
        (operation, _, _) =>
        {
            operation.Parameters ??= [];
            foreach (var framework in operation.Parameters.Where(p => p.Name == path.Name || query.Any(q => q.Name == p.Name)).ToList())
                operation.Parameters.Remove(framework);
            operation.Parameters.Insert(0, path);
            foreach (var parameter in query)
                operation.Parameters.Add(parameter);
            return Task.CompletedTask;
        };
}
