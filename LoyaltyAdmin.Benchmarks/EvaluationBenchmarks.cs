using BenchmarkDotNet.Attributes;
using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Benchmarks;

/// <summary>Engine evaluation of a purchase vs the hand-written baseline.</summary>
[MemoryDiagnoser]
public class EvaluationBenchmarks
{
    private CompiledProgramme _compiled = null!;
    private MemberState _member = null!;
    private Activity _activity = null!;
    private readonly EvaluationBuffer _buffer = new();
    private readonly ChallengeBuffer _challengeBuffer = new();
    private CompiledProgramme _withChallenges = null!;
    private ChallengeProgress[] _progress = [];

    [GlobalSetup]
    public void Setup()
    {
        var programme = BenchmarkProgramme.Create();
        var errors = ProgrammeValidator.Validate(programme);
        if (errors.Count > 0) throw new InvalidOperationException(string.Join("; ", errors));
        _compiled = CompiledProgramme.Compile(programme);
        _member = BenchmarkProgramme.Member();
        _activity = BenchmarkProgramme.Purchase();

        // Five running purchase challenges, each with stored progress in this month: the case the speed target names.
        Challenge[] five = [.. Enumerable.Range(1, 5).Select(i => new Challenge
        {
            Id = $"c{i}", Name = new($"Challenge {i}"), Goal = i % 2 == 0 ? ChallengeGoal.Spend : ChallengeGoal.Purchases, Period = ChallengePeriod.Monthly,
            Repeat = ChallengeRepeat.EachPeriod, Stages = [new ChallengeStage { Target = 1000 * i, Points = 10 }, new ChallengeStage { Target = 5000 * i, Points = 50 }],
        })];
        _withChallenges = CompiledProgramme.Compile(programme with { Challenges = five });
        var day = RulesEngine.LocalDate(_activity.OccurredAt, BenchmarkProgramme.Shanghai);
        _progress = [.. five.Select(c => new ChallengeProgress(c.Id, ChallengeEngine.PeriodOf(c, day).Start, 1, 0, day))];

        RulesEngine.Evaluate(_compiled, BenchmarkProgramme.Shanghai, _member, _activity, _buffer);
        var expected = HandWritten.Award(BenchmarkProgramme.Shanghai, _member.TierCode, _member.Counters, _activity);
        if (_buffer.Points != expected.Points || _buffer.Growth != expected.Growth)
            throw new InvalidOperationException($"Engine {_buffer.Points}/{_buffer.Growth} ≠ hand-written {expected.Points}/{expected.Growth}");
    }

    [Benchmark(Baseline = true, Description = "Hand-written")]
    public long HandWrittenAward() =>
        HandWritten.Award(BenchmarkProgramme.Shanghai, _member.TierCode, _member.Counters, _activity).Points;

    [Benchmark(Description = "Engine")]
    public long EngineAward()
    {
        RulesEngine.Evaluate(_compiled, BenchmarkProgramme.Shanghai, _member, _activity, _buffer);
        return _buffer.Points;
    }

    [Benchmark(Description = "Engine + 5 challenges")]
    public long EngineWithChallenges()
    {
        RulesEngine.Evaluate(_withChallenges, BenchmarkProgramme.Shanghai, _member, _activity, _buffer);
        ChallengeEngine.Evaluate(_withChallenges, BenchmarkProgramme.Shanghai, _member.TierCode, _progress, _activity, _challengeBuffer);
        return _buffer.Points + _challengeBuffer.StepCount;
    }

    [Benchmark(Description = "Engine + immutable Award")]
    public long EngineWithAward() =>
        RulesEngine.Evaluate(_compiled, BenchmarkProgramme.Shanghai, _member, _activity).Points;
}
