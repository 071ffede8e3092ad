using System.Numerics;

namespace LoyaltyAdmin.Rules;

/// <summary>
/// A positive decimal factor as an exact fraction Num/Den (1.5 = 15/10), so multiplying whole points
/// is integer arithmetic with the same result as decimal multiplication followed by rounding.
/// Decimal multiplication costs ~20 ns; this keeps evaluation within reach of hand-written code.
/// </summary>
internal readonly struct Ratio
{
    // Keeps points × Num (and twice that, for rounding to nearest) far from long overflow.
    private const long MaxPoints = 1_000_000_000L;
    private const long MaxNum = 1_000_000_000L;

    public readonly decimal Value;
    public readonly long Num;
    public readonly long Den;
    public readonly bool IsOne;

    public Ratio(decimal value)
    {
        Value = value;
        IsOne = value == 1m;
        var scale = value.Scale;
        if (value > 0m && scale <= 9)
        {
            var den = (long)Math.Pow(10, scale);
            var num = value * den;
            if (num <= MaxNum)
            {
                Num = (long)num;
                Den = den;
            }
        }
    }

    /// <summary><paramref name="points"/> (non-negative) × this factor, rounded with <paramref name="mode"/>.</summary>
    public long Apply(long points, RoundingMode mode)
    {
        if (Den == 0 || points > MaxPoints) return mode.Apply(points * Value);
        var p = points * Num;
        return mode switch
        {
            RoundingMode.Nearest => (2 * p + Den) / (2 * Den),
            RoundingMode.Up => (p + Den - 1) / Den,
            _ => p / Den,
        };
    }
}

/// <summary>Cheap sign tests: decimal comparison operators cost ~10 ns, these read bits.</summary>
internal static class DecimalBits
{
    public static bool IsZero(decimal value) => IsZero<decimal>(value);

    public static bool IsPositive(decimal value) => !decimal.IsNegative(value) && !IsZero(value);

    private static bool IsZero<T>(T value) where T : INumberBase<T> => T.IsZero(value);
}
