using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoyaltyAdmin.Features.Demo;

public static class DemoServiceCollectionExtensions
{
    /// <summary>The demo loader; with <c>--demo</c> (<c>Demo:Load</c>) the app's clock is a <see cref="DemoClock"/> it can replay a year on.</summary>
    public static IServiceCollection AddDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTransient<DemoData>();
        services.AddTransient<DemoActions>();
        if (configuration.GetValue<bool>("Demo:Load"))
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new DemoClock(TimeProvider.System)));
        return services;
    }
}
