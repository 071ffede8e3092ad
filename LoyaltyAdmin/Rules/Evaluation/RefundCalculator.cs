namespace LoyaltyAdmin.Rules;

/// <summary>What an order earned, as recorded in the ledger when it was evaluated.</summary>
/// <param name="Points">Points the order earned.</param>
/// <param name="Growth">Growth the order earned.</param>
/// <param name="OrderAmount">The order's paid amount.</param>
public sealed record OrderEarning(long Points, long Growth, decimal OrderAmount);

/// <summary>Points and growth to take back for a refund (positive numbers), with its explanation.</summary>
/// <param name="Points">Points to reverse.</param>
/// <param name="Growth">Growth to reverse.</param>
/// <param name="Line">Explanation line.</param>
public sealed record RefundReversal(long Points, long Growth, ExplanationLine Line);

/// <summary>
/// Proportional reversal of an order's earnings. Each refund reverses
/// floor(earned × (previous + this) / total) − floor(earned × previous / total), so partial refunds
/// are proportional and refunds adding up to the order reverse exactly what it earned.
/// </summary>
public static class RefundCalculator
{
    /// <summary>Computes the reversal for refunding <paramref name="refundAmount"/> after <paramref name="alreadyRefunded"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A negative figure, or refunds exceeding the order.</exception>
    public static RefundReversal Reverse(OrderEarning earned, decimal alreadyRefunded, decimal refundAmount, string orderId = "")
    {
        ArgumentNullException.ThrowIfNull(earned);
        ArgumentOutOfRangeException.ThrowIfNegative(earned.Points);
        ArgumentOutOfRangeException.ThrowIfNegative(earned.Growth);
        ArgumentOutOfRangeException.ThrowIfNegative(earned.OrderAmount);
        ArgumentOutOfRangeException.ThrowIfNegative(alreadyRefunded);
        ArgumentOutOfRangeException.ThrowIfNegative(refundAmount);
        if (alreadyRefunded + refundAmount > earned.OrderAmount)
            throw new ArgumentOutOfRangeException(nameof(refundAmount), "Refunds cannot exceed the order amount.");

        long points, growth;
        if (earned.OrderAmount == 0)
        {
            // A free order: only a "full" refund (nothing paid) can reverse, and only once.
            points = alreadyRefunded == 0 ? earned.Points : 0;
            growth = alreadyRefunded == 0 ? earned.Growth : 0;
        }
        else
        {
            var after = alreadyRefunded + refundAmount;
            points = Share(earned.Points, after, earned.OrderAmount) - Share(earned.Points, alreadyRefunded, earned.OrderAmount);
            growth = Share(earned.Growth, after, earned.OrderAmount) - Share(earned.Growth, alreadyRefunded, earned.OrderAmount);
        }
        return new RefundReversal(points, growth,
            new ExplanationLine(ExplanationKind.Refund, orderId, orderId, refundAmount, earned.OrderAmount, points, growth));
    }

    private static long Share(long earned, decimal refunded, decimal total) =>
        refunded >= total ? earned : (long)decimal.Floor(earned * refunded / total);
}
