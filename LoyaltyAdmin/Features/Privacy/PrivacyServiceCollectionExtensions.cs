using LoyaltyAdmin.Features.Jobs;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Features.Spreadsheets;
using LoyaltyAdmin.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Privacy;

public static class PrivacyServiceCollectionExtensions
{
    /// <summary>Members' rights over their personal data: consent, export, erasure, and the daily pruning of old logs (docs/privacy.md).</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddOptions<PrivacyOptions>().BindConfiguration("Privacy");
        services.TryAddSingleton<PhoneHasher>();
        services.AddSingleton<ConsentService>();
        services.AddSingleton<MemberDataExport>();
        services.AddSingleton<MemberErasure>();
        services.AddSingleton<IDailyStep, LogRetentionStep>();
        return services;
    }

    /// <summary>The Owner's downloads of one member's personal data (plain GETs, so the browser saves the file itself).</summary>
    public static IEndpointRouteBuilder MapPrivacyEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/members/{id:long}/personal-data.json", async (long id, HttpContext http, MemberDataExport export, CancellationToken ct) =>
                await export.ForMemberAsync(StaffActor.From(http.User), id, "json", ct) is { } data
                    ? Results.File(MemberDataExport.ToJson(data), "application/json", $"member-{id}.json")
                    : Results.NotFound())
            .RequireAuthorization(Permissions.Privacy.ExportMember);
        app.MapGet("/members/{id:long}/personal-data.xlsx", async (long id, HttpContext http, MemberDataExport export, MerchantClock merchant,
                IStringLocalizer<PrivacyText> t, CancellationToken ct) =>
            {
                if (await export.ForMemberAsync(StaffActor.From(http.User), id, "xlsx", ct) is not { } data)
                    return Results.NotFound();
                var file = new MemoryStream();
                PersonalDataWorkbook.Write(data, (await merchant.GetAsync(ct)).TimeZone, t, file);
                return Results.File(file.ToArray(), Xlsx.ContentType, $"member-{id}.xlsx");
            })
            .RequireAuthorization(Permissions.Privacy.ExportMember);
        return app;
    }
}
