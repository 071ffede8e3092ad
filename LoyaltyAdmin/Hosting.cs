using LoyaltyAdmin.Data;
using LoyaltyAdmin.Features.Api;
using LoyaltyAdmin.Features.Campaigns;
using LoyaltyAdmin.Features.Catalogue;
using LoyaltyAdmin.Features.Challenges;
using LoyaltyAdmin.Features.Coupons;
using LoyaltyAdmin.Features.Members;
using LoyaltyAdmin.Features.Notices;
using LoyaltyAdmin.Features.Privacy;
using LoyaltyAdmin.Features.Programme;
using LoyaltyAdmin.Features.Referrals;
using LoyaltyAdmin.Features.Reports;
using LoyaltyAdmin.Features.Settings;
using LoyaltyAdmin.Features.Tiers;
using LoyaltyAdmin.Features.Webhooks;
using LoyaltyAdmin.Identity;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor.Services;

namespace LoyaltyAdmin;

/// <summary>Composition and start-up steps kept out of Program.cs so it reads as a list.</summary>
public static class Hosting
{
    /// <summary>
    /// In Development the repository's root <c>appsettings.Development.json</c> is the one that counts
    /// (copied beside the binaries at build), so there is one development configuration for the whole repo.
    /// Structured JSON logs everywhere else.
    /// </summary>
    public static void AddLoyaltyConfiguration(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            // Right after the default appsettings files, so environment variables and the command line still win.
            var sources = builder.Configuration.Sources;
            var after = sources.ToList().FindLastIndex(s => s is JsonConfigurationSource { Path: not null } j && j.Path.StartsWith("appsettings", StringComparison.Ordinal));
            sources.Insert(after + 1, new JsonConfigurationSource
            {
                Path = "appsettings.Development.json",
                Optional = true,
                FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
            });
        }
        // Serve package assets (MudBlazor css/js) from a build output in every environment, not only Development;
        // a published app has them copied and this is a no-op.
        builder.WebHost.UseStaticWebAssets();
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        else
            builder.Logging.AddJsonConsole(o => o.IncludeScopes = true);
    }

    public static IServiceCollection AddLoyaltyFeatures(this IServiceCollection services)
    {
        services.AddMudServices();
        services.Replace(ServiceDescriptor.Transient<MudBlazor.MudLocalizer, Localization.MudBlazorLocalizer>());
        services.AddHttpContextAccessor();
        services.AddHealthChecks().AddDbContextCheck<LoyaltyDbContext>("database");
        services.AddScoped<UserPreferencesService>();
        services.AddScoped<SettingsService>();
        services.AddScoped<UserAdminService>();
        services.AddSingleton<MerchantClock>();
        services.AddMembers();
        services.AddProgramme();
        services.AddCatalogue();
        services.AddCoupons();
        services.AddSingleton<Features.Onboarding.ChecklistService>();
        services.AddChallenges();
        services.AddLoyaltyApi();
        services.AddMemberJobs();
        services.AddTiers();
        services.AddTierJobs();
        services.AddReferrals();
        services.AddReferralJobs();
        services.AddReports();
        services.AddNotices();
        services.AddPrivacy();
        services.AddWebhooks();
        services.AddCampaigns();
        return services;
    }

    /// <summary>Serves <c>wwwroot-assets/</c> (brand css, logo, favicon) under <c>/brand</c>.</summary>
    public static IApplicationBuilder UseBrandAssets(this WebApplication app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "wwwroot-assets");
        if (Directory.Exists(folder))
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(folder), RequestPath = "/brand",
                // Cached but checked again (ETag) on use, rather than the no-store every answer without its own policy gets.
                OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = "no-cache",
            });
        return app;
    }

    /// <summary>Command-line switches without a value (<c>--demo</c>) become configuration keys.</summary>
    public static string[] TranslateSwitches(string[] args) =>
        args.Select(a => a switch
        {
            "--demo" => "--Demo:Load=true",
            "--rebuild-rollups" => "--Reports:RebuildRollups=true",
            _ => a,
        }).ToArray();
}
