namespace LoyaltyAdmin.Features.Jobs;

/// <summary>
/// A feature's part of the daily run (coupon expiry, member notices): called by the member jobs once per merchant day,
/// after the ledger's own steps, in the one instance holding the daily lease. Must be safe to run twice for a day.
/// </summary>
public interface IDailyStep
{
    Task RunAsync(DateOnly day, CancellationToken ct);
}
