using LoyaltyAdmin.Features.Jobs;
using Microsoft.Extensions.DependencyInjection.Extensions;
using LoyaltyAdmin.Features.Programme;

namespace LoyaltyAdmin.Features.Members;

public static class MembersServiceCollectionExtensions
{
    /// <summary>The members feature: the points ledger (the single write path), member reads and screens' services.</summary>
    /// <summary>The daily member jobs in the background (not in tests, which run them by hand).</summary>
    public static IServiceCollection AddMemberJobs(this IServiceCollection services) => services.AddHostedService<MemberJobsHostedService>();

    public static IServiceCollection AddMembers(this IServiceCollection services)
    {
        services.AddOptions<MembersOptions>().BindConfiguration("Members");
        services.AddSingleton<ProgrammeStore>();
        services.AddSingleton<MemberChanges>();
        services.AddSingleton<PointsLedgerService>();
        services.TryAddSingleton<Data.WritePipeline>(); // the one way money is written
        services.AddSingleton<MemberService>();
        services.AddSingleton<TierOverrideService>();
        services.AddSingleton<BulkAdjustmentService>();
        services.AddSingleton<Imports.MemberImportService>();
        services.AddSingleton<Imports.OrderImportService>();
        services.AddSingleton<JobLeaseStore>();
        services.AddSingleton<MemberJobs>();
        services.AddSingleton<MemberExport>();
        services.AddSingleton<Audit.AuditService>();
        services.AddOptions<Centre.MemberCentreOptions>().BindConfiguration("MemberCentre");
        services.AddSingleton<Centre.MemberCentreService>();
        services.AddSingleton<Centre.MemberProfileService>();
        services.AddSingleton<Audit.AccessLog>();
        return services;
    }
}
