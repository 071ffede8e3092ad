namespace LoyaltyAdmin.Rules;

/// <summary>A member's stored progress in one challenge period, as the data layer reads it.</summary>
/// <param name="ChallengeId">The challenge.</param>
/// <param name="PeriodStart">First merchant-local day of the period.</param>
/// <param name="Value">Progress: a count, or money for spend.</param>
/// <param name="StagesReached">Stages reached (and rewarded) in this period; never goes down.</param>
/// <param name="LastDay">Merchant-local day of the last counted activity (check-in days count once a day).</param>
/// <param name="Stores">Store codes counted so far, each followed by '|' (distinct-store goals only).</param>
public readonly record struct ChallengeProgress(string ChallengeId, DateOnly PeriodStart, decimal Value, int StagesReached, DateOnly LastDay, string? Stores = null);

/// <summary>What one activity did to one challenge: the row to write and the stages newly reached.</summary>
/// <param name="ChallengeId">The challenge.</param>
/// <param name="PeriodStart">First day of the period the progress belongs to.</param>
/// <param name="PeriodEnd">Last day of that period.</param>
/// <param name="Before">Progress before.</param>
/// <param name="After">Progress after.</param>
/// <param name="StagesBefore">Stages reached before.</param>
/// <param name="StagesAfter">Stages reached after; stages StagesBefore+1 … StagesAfter give their rewards now.</param>
/// <param name="Store">A store code to add to the period's distinct stores, or null.</param>
/// <param name="Stored">Whether the period already had a stored row (update rather than insert).</param>
public readonly record struct ChallengeStep(
    string ChallengeId, DateOnly PeriodStart, DateOnly PeriodEnd, decimal Before, decimal After, int StagesBefore, int StagesAfter, string? Store, bool Stored)
{
    /// <summary>Whether this step completed the challenge (its last stage).</summary>
    public bool Completes(int stageCount) => StagesAfter == stageCount && StagesBefore < stageCount;
}

/// <summary>What an activity did to a member's challenges, with explanation lines like the rules'.</summary>
public sealed record ChallengeOutcome(IReadOnlyList<ChallengeStep> Steps, IReadOnlyList<ExplanationLine> Lines)
{
    /// <summary>Nothing happened.</summary>
    public static ChallengeOutcome None { get; } = new([], []);
}

/// <summary>Reusable scratch space for <see cref="ChallengeEngine"/>; one per thread, not thread-safe.</summary>
public sealed class ChallengeBuffer
{
    private ChallengeStep[] _steps = new ChallengeStep[4];
    private ExplanationLine[] _lines = new ExplanationLine[8];

    /// <summary>Number of steps.</summary>
    public int StepCount { get; private set; }

    /// <summary>Number of explanation lines.</summary>
    public int LineCount { get; private set; }

    /// <summary>The steps of the last evaluation.</summary>
    public ReadOnlySpan<ChallengeStep> Steps => _steps.AsSpan(0, StepCount);

    /// <summary>The explanation lines of the last evaluation.</summary>
    public ReadOnlySpan<ExplanationLine> Lines => _lines.AsSpan(0, LineCount);

    internal void Reset() => StepCount = LineCount = 0;

    internal void Add(in ChallengeStep step)
    {
        if (StepCount == _steps.Length) Array.Resize(ref _steps, _steps.Length * 2);
        _steps[StepCount++] = step;
    }

    internal void AddLine(in ExplanationLine line)
    {
        if (LineCount == _lines.Length) Array.Resize(ref _lines, _lines.Length * 2);
        _lines[LineCount++] = line;
    }

    /// <summary>Copies the last evaluation into an immutable outcome.</summary>
    public ChallengeOutcome ToOutcome() => StepCount == 0 && LineCount == 0 ? ChallengeOutcome.None : new([.. Steps], [.. Lines]);
}
