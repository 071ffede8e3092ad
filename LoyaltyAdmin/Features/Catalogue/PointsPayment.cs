namespace LoyaltyAdmin.Features.Catalogue;

/// <summary>
/// Points as part payment of an order (积分抵现), one row for the merchant: a rate, a minimum and a largest share of
/// the order. Absent or disabled, the API refuses points payments.
/// </summary>
public sealed class PointsPaymentPolicy
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public bool Enabled { get; set; }

    /// <summary>Points worth one currency unit (100 = ¥1 per 100 points).</summary>
    public int PointsPerUnit { get; set; } = 100;

    /// <summary>The fewest points one payment may use.</summary>
    public long MinimumPoints { get; set; }

    /// <summary>The largest part of an order's amount points may pay, in percent.</summary>
    public int MaxSharePercent { get; set; } = 50;

    public DateTime UpdatedAtUtc { get; set; }
    public long Version { get; set; }
}

public enum PointsPaymentError { None, Disabled, BelowMinimum, AboveShare }

/// <summary>
/// What <see cref="Points"/> pay of an order: their value at the rate, rounded down to the cent, so points never pay
/// more than they are worth. <see cref="MaxPoints"/> is the most this order accepts (its share at the rate, rounded down).
/// </summary>
public sealed record PointsPaymentQuote(PointsPaymentError Error, long Points, decimal Amount, long MaxPoints)
{
    public static PointsPaymentQuote For(PointsPaymentPolicy policy, decimal orderAmount, long points)
    {
        var maxAmount = Math.Floor(orderAmount * policy.MaxSharePercent) / 100m;
        var maxPoints = (long)Math.Floor(maxAmount * policy.PointsPerUnit);
        var amount = Math.Floor(points * 100m / policy.PointsPerUnit) / 100m;
        var error = !policy.Enabled ? PointsPaymentError.Disabled
            : points < Math.Max(1, policy.MinimumPoints) ? PointsPaymentError.BelowMinimum
            : points > maxPoints ? PointsPaymentError.AboveShare
            : PointsPaymentError.None;
        return new PointsPaymentQuote(error, points, error == PointsPaymentError.None ? amount : 0, maxPoints);
    }
}

/// <summary>Form model of the points-payment settings.</summary>
public sealed class PointsPaymentModel
{
    public bool Enabled { get; set; }
    public int? PointsPerUnit { get; set; } = 100;
    public long? MinimumPoints { get; set; }
    public int? MaxSharePercent { get; set; } = 50;
    public long Version { get; set; }
}
