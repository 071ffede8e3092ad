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

    [GlobalSetup]
    public void Setup()
    {
        var programme = BenchmarkProgramme.Create();
        var errors = ProgrammeValidator.Validate(programme);
        if (errors.Count > 0) throw new InvalidOperationException(string.Join("; ", errors));
        _compiled = CompiledProgramme.Compile(programme);
        _member = BenchmarkProgramme.Member();
        _activity = BenchmarkProgramme.Purchase();

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

    [Benchmark(Description = "Engine + immutable Award")]
    public long EngineWithAward() =>
        RulesEngine.Evaluate(_compiled, BenchmarkProgramme.Shanghai, _member, _activity).Points;
}
