using System.Text.Json;
using System.Text.Json.Nodes;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Rules;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LoyaltyAdmin.Features.Programme;

/// <summary>Describes the document's enums as the camelCase strings it reads and writes (the API's default would say integers).</summary>
public static class ProgrammeDocumentOpenApi
{
    private static readonly HashSet<Type> DocumentEnums =
    [
        typeof(CouponKind), typeof(Channel), typeof(CouponPackTrigger), typeof(ReferralRewardStage), typeof(CatalogueItemKind), typeof(MemberDayKind),
        typeof(DayOfWeek),
    ];

    public static Task DescribeEnumsAsStrings(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
    {
        var type = Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type;
        if (DocumentEnums.Contains(type))
        {
            schema.Type = JsonSchemaType.String;
            schema.Format = null;
            schema.Enum = [.. Enum.GetNames(type).Select(n => (JsonNode)JsonValue.Create(JsonNamingPolicy.CamelCase.ConvertName(n)))];
        }
        return Task.CompletedTask;
    }
}
