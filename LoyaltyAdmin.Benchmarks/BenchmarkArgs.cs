using System.Globalization;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>The benchmark commands' <c>--name value</c> options.</summary>
internal static class BenchmarkArgs
{
    public static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    public static int Number(string[] args, string name, int fallback) =>
        Text(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
}
