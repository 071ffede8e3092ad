namespace LoyaltyAdmin.Features;

/// <summary>
/// The outcome of a save: nothing was written unless <see cref="Succeeded"/>; otherwise messages keyed by the
/// form field they concern ("" for the form as a whole), already in the user's language.
/// </summary>
public sealed class SaveResult
{
    private readonly Dictionary<string, string> errors = new(StringComparer.Ordinal);

    public bool Succeeded => errors.Count == 0;
    public IReadOnlyDictionary<string, string> Errors => errors;

    public SaveResult Add(string field, string message)
    {
        errors.TryAdd(field, message);
        return this;
    }

    public string? For(string field) => errors.GetValueOrDefault(field);

    /// <summary>
    /// Refuses <paramref name="text"/> for <paramref name="field"/> when it holds control or bidirectional characters
    /// (<see cref="Rules.SafeText"/>, the one check for names and texts everywhere); a field already refused keeps its message.
    /// </summary>
    public SaveResult Text(string field, string? text, bool multiLine = false) =>
        Rules.SafeText.Problem(text, multiLine) is { } message ? Add(field, message) : this;

    public static SaveResult Ok() => new();
    public static SaveResult Fail(string field, string message) => new SaveResult().Add(field, message);
}
