using System.Text.Json.Nodes;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Programme;

public enum DiffKind { Added, Removed, Changed }

/// <summary>One difference between two programme documents, located by a readable JSON path.</summary>
public sealed record DiffLine(DiffKind Kind, string Path, string? Before, string? After)
{
    public override string ToString() => Kind switch
    {
        DiffKind.Added => $"+ {Path}: {After}",
        DiffKind.Removed => $"- {Path}: {Before}",
        _ => $"~ {Path}: {Before} → {After}",
    };
}

/// <summary>
/// Compares two programmes through their JSON documents. Lists of tiers, rules and promotions are matched by
/// code or id, not by position, so reordering is not reported as a change of everything after it.
/// </summary>
public static class ProgrammeDiff
{
    public static IReadOnlyList<DiffLine> Compare(Rules.Programme? before, Rules.Programme after)
    {
        var lines = new List<DiffLine>();
        var a = before is null ? new JsonObject() : JsonNode.Parse(ProgrammeJson.Serialize(before));
        var b = JsonNode.Parse(ProgrammeJson.Serialize(after));
        Walk(a, b, "", lines);
        return lines;
    }

    /// <summary>Compares two JSON elements (e.g. one coupon template before and after an import) under <paramref name="path"/>.</summary>
    public static IReadOnlyList<DiffLine> CompareNodes(JsonNode? before, JsonNode? after, string path)
    {
        var lines = new List<DiffLine>();
        Walk(before, after, path, lines);
        return lines;
    }

    private static void Walk(JsonNode? a, JsonNode? b, string path, List<DiffLine> lines)
    {
        switch (a, b)
        {
            case (null, null):
                return;
            case (JsonObject oa, JsonObject ob):
                foreach (var key in oa.Select(p => p.Key).Union(ob.Select(p => p.Key)))
                    Walk(oa[key], ob[key], Join(path, key), lines);
                return;
            case (JsonArray aa, JsonArray ab) when SharedKey(aa, ab) is { } key:
                var left = aa.OfType<JsonObject>().ToDictionary(o => (string)o[key]!);
                var right = ab.OfType<JsonObject>().ToDictionary(o => (string)o[key]!);
                foreach (var id in left.Keys.Union(right.Keys))
                    Walk(left.GetValueOrDefault(id), right.GetValueOrDefault(id), $"{path}[{id}]", lines);
                return;
            case (JsonArray aa, JsonArray ab) when aa.All(n => n is JsonValue) && ab.All(n => n is JsonValue):
                if (aa.ToJsonString() != ab.ToJsonString())
                    lines.Add(new DiffLine(DiffKind.Changed, path, Text(aa), Text(ab)));
                return;
            case (JsonArray aa, JsonArray ab):
                for (var i = 0; i < Math.Max(aa.Count, ab.Count); i++)
                    Walk(i < aa.Count ? aa[i] : null, i < ab.Count ? ab[i] : null, $"{path}[{i}]", lines);
                return;
            case (null, _):
                lines.Add(new DiffLine(DiffKind.Added, path, null, Text(b!)));
                return;
            case (_, null):
                lines.Add(new DiffLine(DiffKind.Removed, path, Text(a!), null));
                return;
            default:
                if (a!.ToJsonString() != b!.ToJsonString())
                    lines.Add(new DiffLine(DiffKind.Changed, path, Text(a), Text(b)));
                return;
        }
    }

    /// <summary>The identifying property both lists agree on; an empty list agrees with anything.</summary>
    private static string? SharedKey(JsonArray a, JsonArray b) => (a.Count, b.Count) switch
    {
        (0, 0) => null,
        (0, _) => KeyOf(b),
        (_, 0) => KeyOf(a),
        _ => KeyOf(a) is { } key && KeyOf(b) == key ? key : null,
    };

    /// <summary>The property that identifies the elements of a list of objects ("id" or "code"), if every element has it.</summary>
    private static string? KeyOf(JsonArray array)
    {
        if (array.Count == 0)
            return null;
        foreach (var key in new[] { "id", "code" })
        {
            if (array.All(n => n is JsonObject o && o[key] is JsonValue v && v.TryGetValue<string>(out _)))
                return key;
        }
        return null;
    }

    private static string Text(JsonNode node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonObject o when o["name"] is JsonValue n && n.TryGetValue<string>(out var name) => name,
        JsonArray arr when arr.All(x => x is JsonValue) => string.Join(", ", arr.Select(x => x is JsonValue v && v.TryGetValue<string>(out var s) ? s : x!.ToJsonString())),
        _ => node.ToJsonString(),
    };

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
