using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using LoyaltyAdmin.Rules;
using Microsoft.Extensions.Localization;

namespace LoyaltyAdmin.Features.Members;

/// <summary>
/// What explains a points entry, kept as data (<see cref="PointsEntry.ExplanationData"/>) and rendered in the reader's
/// language when it is read: the rules engine's lines (rule, numbers, multiplier, promotion, cap) with the currency of the
/// day, or a text of the ledger's own table (<c>MembersText</c> "Ledger.*") with its arguments. Entries written before kept
/// English text in <see cref="PointsEntry.Explanation"/>; that is shown as stored.
/// </summary>
public static class LedgerExplanation
{
    public const int MaxLength = 2000;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The engine's lines of one rule (all lines when none is the rule's), with the currency they were scored in.</summary>
    public static string Lines(IEnumerable<ExplanationLine> lines, string currency, string? ruleId = null)
    {
        var all = lines.ToList();
        var own = ruleId is null ? all : all.Where(l => l.RuleId == ruleId).ToList();
        var kept = (own.Count > 0 ? own : all).Select(l => new Line(l.Kind.ToString(), l.RuleId, l.Label, l.Amount, l.Factor, l.Before, l.After)).ToList();
        var json = JsonSerializer.Serialize(new Stored(currency, kept, null, null), Json);
        // A programme with very long names: the first lines that fit still explain the entry.
        while (json.Length > MaxLength && kept.Count > 1)
        {
            kept.RemoveAt(kept.Count - 1);
            json = JsonSerializer.Serialize(new Stored(currency, kept, null, null), Json);
        }
        return json;
    }

    /// <summary>A text of the ledger's table ("Ledger.Referrer", …) and its arguments, which are not translated (names, codes, money).</summary>
    public static string Text(string key, params object[] args) =>
        JsonSerializer.Serialize(new Stored(null, null, key, [.. args.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "")]), Json);

    /// <summary>
    /// The entry's explanation in <see cref="CultureInfo.CurrentUICulture"/>: its data rendered, else the text stored before
    /// data was kept, else null.
    /// </summary>
    public static string? Render(string? data, string? stored, IStringLocalizer<MembersText> l)
    {
        if (string.IsNullOrEmpty(data))
            return string.IsNullOrEmpty(stored) ? null : stored;
        Stored? parsed;
        try
        {
            parsed = JsonSerializer.Deserialize<Stored>(data, Json);
        }
        catch (JsonException)
        {
            return stored;
        }
        if (parsed?.K is { } key)
            return l[key, [.. parsed.A ?? []]];
        if (parsed?.L is not { Count: > 0 } lines)
            return stored;
        var currency = parsed.C ?? ExplanationText.DefaultCurrency;
        return string.Join("; ", lines.Select(line => Enum.TryParse<ExplanationKind>(line.K, out var kind)
            ? ExplanationText.Render(new ExplanationLine(kind, line.R, line.N, line.A, line.F, line.B, line.X), currency)
            : line.N));
    }

    /// <summary>Short names keep a line to about 80 characters: k kind, r rule id, n label, a amount, f factor, b before, x after.</summary>
    private sealed record Line(string K, string R, string N, decimal A, decimal F, long B, long X);

    /// <summary>c currency and l lines (the engine's), or k key and a arguments (a ledger text).</summary>
    private sealed record Stored(string? C, List<Line>? L, string? K, List<string>? A);
}

/// <summary>
/// Why a member's tier changed, as data: a code and at most one argument (a threshold, an order id), rendered in the reader's
/// language (<see cref="Render"/>). Rows written before kept the text in <see cref="TierHistoryEntry.Reason"/>.
/// </summary>
public readonly record struct TierReason(string Code, string? Argument = null)
{
    public static TierReason Joined => new("joined");
    public static TierReason Retained => new("retained");
    public static TierReason ValidityEnded => new("validity_ended");
    public static TierReason Imported => new("imported");

    public static TierReason Refund(string orderId) => new("refund", orderId);

    /// <summary>Set by hand until <paramref name="until"/>, with the staff's own words (kept as written, not translated).</summary>
    public static TierReason Manual(DateOnly until, string reason) => new("manual", Clip($"{Day(until)}|{reason}"));

    /// <summary>A tier set by hand ended early, with the staff's own words.</summary>
    public static TierReason ManualEnded(string reason) => new("manual_ended", Clip(reason));

    public static TierReason Recalculated(int programmeVersion) => new("recalculated", programmeVersion.ToString(CultureInfo.InvariantCulture));

    /// <summary>A tier set by hand until <paramref name="until"/> has ended, and the rules then decided <paramref name="then"/>.</summary>
    public static TierReason OverrideEnded(DateOnly until, TierReason then) => new("override_ended", $"{Day(until)}|{then.Code}");

    /// <summary>The rules would move the member down, but a tier set by hand until <paramref name="until"/> holds.</summary>
    public static TierReason OverrideHolds(DateOnly until) => new("override_holds", Day(until));

    private const int ArgumentMaxLength = 100;

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Clip(string text) => text.Length <= ArgumentMaxLength ? text : text[..ArgumentMaxLength];

    /// <summary>The entry (or retention) condition that was met.</summary>
    public static TierReason Met(TierCondition condition) => new(condition.Kind switch
    {
        TierConditionKind.Spend when condition.Window == SpendWindow.Rolling => "rolling_spend",
        TierConditionKind.Spend => "spend",
        TierConditionKind.GrowthValue => "growth_value",
        TierConditionKind.ActiveDays => "active_days",
        _ => "referrals",
    }, condition.Threshold.ToString(CultureInfo.InvariantCulture));

    /// <summary>The reason in <see cref="CultureInfo.CurrentUICulture"/>; a row without a code shows its stored text.</summary>
    public static string Render(string? code, string? argument, string stored, IStringLocalizer<MembersText> l)
    {
        decimal Threshold() => decimal.TryParse(argument, NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : 0m;
        var (first, rest) = argument?.IndexOf('|') is int bar and >= 0 ? (argument[..bar], argument[(bar + 1)..]) : (argument ?? "", "");
        return code switch
        {
            null or "" => stored,
            "joined" => l["Tier.Reason.Joined"],
            "retained" => l["Tier.Reason.Retained"],
            "validity_ended" => l["Tier.Reason.ValidityEnded"],
            "imported" => l["Tier.Reason.Imported"],
            "refund" => l["Tier.Reason.Refund", argument ?? ""],
            "spend" => l["Tier.Reason.Spend", Threshold()],
            "rolling_spend" => l["Tier.Reason.RollingSpend", Threshold()],
            "growth_value" => l["Tier.Reason.Growth", Threshold()],
            "active_days" => l["Tier.Reason.ActiveDays", Threshold()],
            "referrals" => l["Tier.Reason.Referrals", Threshold()],
            "manual" => l["Tier.Reason.Manual", first, rest],
            "manual_ended" => l["Tier.Reason.ManualEnded", argument ?? ""],
            "recalculated" => l["Tier.Reason.Recalculated", argument ?? ""],
            "override_ended" => l["Tier.Reason.OverrideEnded", first, Render(rest, null, "", l)],
            "override_holds" => l["Tier.Reason.OverrideHolds", argument ?? ""],
            _ => stored.Length > 0 ? stored : code,
        };
    }
}
