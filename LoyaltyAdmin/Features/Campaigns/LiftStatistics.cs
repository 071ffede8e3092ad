namespace LoyaltyAdmin.Features.Campaigns;

/// <summary>One group's outcome in the attribution window: members, members who bought again, their net spend.</summary>
public sealed record GroupOutcome(int Members, int Returned, decimal Revenue)
{
    public double Rate => Members == 0 ? 0 : (double)Returned / Members;
    public decimal RevenuePerMember => Members == 0 ? 0 : Revenue / Members;
}

/// <summary>What an automation did against its control group (docs/retention.md explains each figure).</summary>
public sealed record LiftResult(GroupOutcome Treated, GroupOutcome Control, double Difference, double Low, double High, decimal IncrementalRevenue,
    decimal Cost, decimal? ReturnOnCost)
{
    /// <summary>Whether the 95 % interval of the difference lies wholly above zero.</summary>
    public bool Significant => Treated.Members > 0 && Control.Members > 0 && Low > 0;
}

/// <summary>The lift of a treated group over its control group. Pure and deterministic.</summary>
public static class LiftStatistics
{
    /// <summary>The two-sided 95 % normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// Difference of repurchase rates p_t − p_c with its 95 % interval (normal approximation, unpooled standard error
    /// √(p_t(1−p_t)/n_t + p_c(1−p_c)/n_c)); incremental revenue (r_t − r_c) × n_t with r the revenue per member; return on
    /// cost (incremental revenue − cost) ÷ cost, null without cost.
    /// </summary>
    public static LiftResult Compute(GroupOutcome treated, GroupOutcome control, decimal cost)
    {
        var difference = treated.Rate - control.Rate;
        var se = treated.Members == 0 || control.Members == 0 ? 0
            : Math.Sqrt(treated.Rate * (1 - treated.Rate) / treated.Members + control.Rate * (1 - control.Rate) / control.Members);
        var incremental = control.Members == 0 ? 0 : (treated.RevenuePerMember - control.RevenuePerMember) * treated.Members;
        decimal? roc = cost > 0 ? (incremental - cost) / cost : null;
        return new LiftResult(treated, control, difference, difference - Z95 * se, difference + Z95 * se, Math.Round(incremental, 2), cost, roc);
    }
}
