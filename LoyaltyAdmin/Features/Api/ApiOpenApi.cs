using LoyaltyAdmin.Features.Programme;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace LoyaltyAdmin.Features.Api;

/// <summary>
/// The OpenAPI document of /api/v1 (served at /openapi/v1.json, read at /api/docs). Kept clean for public linters
/// (Redocly's recommended rules, Spectral's oas): servers without a trailing slash, a licence and a contact, a
/// described tag, and a schema for every value, so generated clients and the reference page show it all.
/// </summary>
public static class ApiOpenApi
{
    public const string Tag = "Integration API";

    /// <summary>What GET and PUT /program say about the document.</summary>
    public const string ProgrammeDocument =
        "The document is the rules-engine programme (schemaVersion, tiers, earningRules, growthRules, promotions, expiry …) plus four optional sections: "
        + "couponTemplates (matched by name), couponPacks (by name; items name templates), referralCampaigns (by name; rewards name packs) and catalogue "
        + "(by code; coupon items name a template). A section left out is not changed. A section that is given is the complete list: rows not in it "
        + "are deactivated, never deleted (issued coupons and redemptions keep pointing at them). References may name rows in the document or "
        + "already in the database.";

    public static IServiceCollection AddLoyaltyOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1", StringComparison.OrdinalIgnoreCase) == true;
            o.AddSchemaTransformer(ProgrammeDocumentOpenApi.DescribeEnumsAsStrings);
            o.AddSchemaTransformer(DescribeValues);
            o.AddSchemaTransformer(ApiSchemaExamples.Describe);
            o.AddDocumentTransformer(Describe);
        });

    /// <summary>The document (anonymous: it holds no data) and its reference page.</summary>
    public static IEndpointRouteBuilder MapLoyaltyOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous().ExcludeFromDescription();
        app.MapScalarApiReference("/api/docs", o => o
            .WithTitle("LoyaltyAdmin API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .AddPreferredSecuritySchemes(ApiKeyAuthenticationHandler.SchemeName))
            .AllowAnonymous();
        return app;
    }

    private static Task Describe(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info = new OpenApiInfo
        {
            Title = "LoyaltyAdmin integration API", Version = "v1",
            Description = "For the mini-program / app backend and the POS. Send the store's key in the X-Api-Key header "
                + "(an Owner creates it under Settings → API keys). Every write is idempotent by its eventId / requestId: "
                + "the same id with the same body answers the first result again; with another body it is 409. "
                + "Bodies are application/json with exactly the documented field names (case-sensitive); an unknown or repeated field is 400. "
                + "Errors are RFC 7807 problem+json with a stable `code` and field errors. "
                + "Texts a member reads come in the language of Accept-Language (zh-CN / zh-Hans or en), else the member's preferred language. "
                + "The member centre's screens are walked through in docs/member-centre.md; GET /api/v1/members/{phone}/challenges answers "
                + "the member's challenges and badges.",
            // The installation's own API: it is the merchant's, for its integrations, under the merchant's terms.
            License = new OpenApiLicense { Name = "Proprietary: for the merchant's own integrations", Identifier = "LicenseRef-Proprietary" },
            Contact = new OpenApiContact { Name = "The Owner of this LoyaltyAdmin installation (Settings → API keys)" },
        };
        // The framework writes the request's base address ("https://host/"); the paths already start with a slash.
        foreach (var server in document.Servers ?? [])
        {
            if (server.Url is { Length: > 1 } url && url.EndsWith('/'))
                server.Url = url.TrimEnd('/');
        }
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
        {
            if (tag.Name == Tag)
                tag.Description = "Members, activities, redemptions, coupons and the programme document, for one store's key. "
                    + "Members belong to the merchant: any store's key may read and serve any member (see docs/api.md).";
        }
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = ApiKeyAuthenticationHandler.Header,
            Description = "A store's API key.",
        };
        document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] }];
        return Task.CompletedTask;
    }

    /// <summary>Types the generator cannot see through: an instant read by its own converter, and free JSON arrays.</summary>
    private static Task DescribeValues(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(JsonConverterAttribute), false)
                .Any(a => ((JsonConverterAttribute)a).ConverterType == typeof(OffsetDateTimeConverter)) == true)
        {
            schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
            schema.Format = "date-time";
        }
        else if (context.JsonTypeInfo.Type == typeof(System.Text.Json.Nodes.JsonArray))
        {
            schema.Type = JsonSchemaType.Array;
            schema.Items ??= new OpenApiSchema { Description = "Any JSON value, as the programme's own schema describes it." };
        }
        return Task.CompletedTask;
    }
}
