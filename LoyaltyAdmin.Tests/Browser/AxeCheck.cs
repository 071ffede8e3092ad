using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace LoyaltyAdmin.Tests.Browser;

/// <summary>axe-core on the page as it stands, reduced to what blocks a person: serious and critical violations.</summary>
public static class AxeCheck
{
    private static readonly string[] Blocking = ["serious", "critical"];

    /// <summary>One readable entry per violated rule: where, which rule, why, and the first elements at fault.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(this IPage page, string where)
    {
        var result = await page.RunAxe();
        return [.. result.Violations.Where(v => Blocking.Contains(v.Impact)).Select(v => Describe(where, v))];
    }

    /// <summary>Fails with every entry, so one run shows all that is left to fix.</summary>
    public static void AssertNone(IReadOnlyCollection<string> violations) =>
        Assert.True(violations.Count == 0,
            $"{violations.Count} serious or critical axe-core violation(s):\n\n" + string.Join("\n\n", violations));

    private static string Describe(string where, AxeResultItem rule)
    {
        var nodes = rule.Nodes.Take(8).Select(n =>
            $"    at {n.Target}: {Shorten(n.Html)}\n      {string.Join("; ", n.All.Concat(n.None).Concat(n.Any).Select(c => c.Message).Distinct())}");
        var more = rule.Nodes.Length > 8 ? $"\n    … and {rule.Nodes.Length - 8} more" : "";
        return $"{where}: {rule.Id} ({rule.Impact}, {rule.Nodes.Length} element(s)) — {rule.Help}\n{string.Join('\n', nodes)}{more}";
    }

    private static string Shorten(string html) => html.Length <= 160 ? html : html[..160] + "…";
}
