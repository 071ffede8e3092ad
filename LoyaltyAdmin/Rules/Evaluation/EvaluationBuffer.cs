namespace LoyaltyAdmin.Rules;

/// <summary>
/// Reusable scratch space for <see cref="RulesEngine.Evaluate(CompiledProgramme, TimeZoneInfo, MemberState, Activity, EvaluationBuffer)"/>.
/// Reusing one per thread keeps evaluation allocation-free in the steady state. Not thread-safe.
/// </summary>
public sealed class EvaluationBuffer
{
    private ExplanationLine[] _lines = new ExplanationLine[16];
    private RuleAward[] _rules = new RuleAward[8];
    private CounterUpdate[] _counters = new CounterUpdate[8];
    private OnceKey[] _keys = new OnceKey[4];

    /// <summary>Total points of the last evaluation.</summary>
    public long Points { get; internal set; }

    /// <summary>Total growth of the last evaluation.</summary>
    public long Growth { get; internal set; }

    /// <summary>Merchant-local date of the last evaluated activity.</summary>
    public DateOnly LocalDate { get; internal set; }

    /// <summary>New streak, if the last activity was a counted check-in.</summary>
    public CheckInStreak? NewStreak { get; internal set; }

    /// <summary>Number of explanation lines.</summary>
    public int LineCount { get; private set; }

    /// <summary>Number of rule awards.</summary>
    public int RuleCount { get; private set; }

    /// <summary>Number of counter updates.</summary>
    public int CounterCount { get; private set; }

    /// <summary>Number of once-only keys consumed.</summary>
    public int KeyCount { get; private set; }

    /// <summary>The explanation lines of the last evaluation.</summary>
    public ReadOnlySpan<ExplanationLine> Lines => _lines.AsSpan(0, LineCount);

    /// <summary>The per-rule awards of the last evaluation.</summary>
    public ReadOnlySpan<RuleAward> Rules => _rules.AsSpan(0, RuleCount);

    /// <summary>The counter updates of the last evaluation.</summary>
    public ReadOnlySpan<CounterUpdate> CounterUpdates => _counters.AsSpan(0, CounterCount);

    /// <summary>The once-only keys consumed by the last evaluation.</summary>
    public ReadOnlySpan<OnceKey> OnceKeysConsumed => _keys.AsSpan(0, KeyCount);

    internal void Reset()
    {
        Points = 0;
        Growth = 0;
        NewStreak = null;
        LineCount = RuleCount = CounterCount = KeyCount = 0;
    }

    internal void AddLine(in ExplanationLine line)
    {
        if (LineCount == _lines.Length) Array.Resize(ref _lines, _lines.Length * 2);
        _lines[LineCount++] = line;
    }

    internal void AddRule(in RuleAward award)
    {
        if (RuleCount == _rules.Length) Array.Resize(ref _rules, _rules.Length * 2);
        _rules[RuleCount++] = award;
    }

    internal void AddCounter(in CounterUpdate update)
    {
        if (CounterCount == _counters.Length) Array.Resize(ref _counters, _counters.Length * 2);
        _counters[CounterCount++] = update;
    }

    internal void AddKey(in OnceKey key)
    {
        if (KeyCount == _keys.Length) Array.Resize(ref _keys, _keys.Length * 2);
        _keys[KeyCount++] = key;
    }

    /// <summary>Copies the last evaluation into an immutable <see cref="Award"/>.</summary>
    public Award ToAward() => new()
    {
        Points = Points,
        Growth = Growth,
        LocalDate = LocalDate,
        NewStreak = NewStreak,
        Lines = _lines.AsSpan(0, LineCount).ToArray(),
        Rules = _rules.AsSpan(0, RuleCount).ToArray(),
        CounterUpdates = _counters.AsSpan(0, CounterCount).ToArray(),
        OnceKeysConsumed = _keys.AsSpan(0, KeyCount).ToArray(),
    };
}
