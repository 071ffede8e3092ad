namespace LoyaltyAdmin.Features.Api;

/// <summary>Configurable limits of the integration API (section <c>Api</c>).</summary>
public sealed class ApiOptions
{
    /// <summary>Requests per key per minute before 429.</summary>
    public int PermitsPerMinute { get; set; } = 6000;

    /// <summary>Largest money amount an event may carry.</summary>
    public decimal MaxAmount { get; set; } = 1_000_000m;

    /// <summary>How far in the future an <c>occurredAt</c> may be (clocks of POS terminals drift).</summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How far in the past an <c>occurredAt</c> may be.</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(366);
}
