using LoyaltyAdmin.Rules;

namespace LoyaltyAdmin.Features.Programme;

/// <summary>The validator's findings for a draft, looked up by the path of the field an editor shows.</summary>
public sealed class ProgrammeErrors(IReadOnlyList<ValidationError> errors)
{
    public static ProgrammeErrors None { get; } = new([]);

    public IReadOnlyList<ValidationError> All => errors;

    public int Count => errors.Count;

    /// <summary>The message for exactly this field, or null.</summary>
    public string? At(string path) => errors.FirstOrDefault(e => e.Path == path)?.Message;

    /// <summary>Messages for this element itself (not its fields), e.g. "tier unreachable".</summary>
    public IEnumerable<string> Own(string path) => errors.Where(e => e.Path == path).Select(e => e.Message);

    /// <summary>Whether anything under <paramref name="prefix"/> is wrong (to flag a collapsed panel or tab).</summary>
    public bool Any(string prefix) =>
        errors.Any(e => e.Path == prefix || e.Path.StartsWith(prefix + ".", StringComparison.Ordinal) || e.Path.StartsWith(prefix + "[", StringComparison.Ordinal));

    public static ProgrammeErrors Of(Rules.Programme draft) => new(ProgrammeValidator.Validate(draft));
}
