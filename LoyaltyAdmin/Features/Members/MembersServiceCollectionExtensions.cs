using LoyaltyAdmin.Features.Programme;

namespace LoyaltyAdmin.Features.Members;

public static class MembersServiceCollectionExtensions
{
    /// <summary>The members feature: the points ledger (the single write path), member reads and screens' services.</summary>
    public static IServiceCollection AddMembers(this IServiceCollection services)
    {
        services.AddOptions<MembersOptions>().BindConfiguration("Members");
        services.AddSingleton<ProgrammeStore>();
        services.AddSingleton<PointsLedgerService>();
        services.AddSingleton<MemberService>();
        services.AddSingleton<Audit.AuditService>();
        return services;
    }
}
