using System.Text.Json;
using System.Text.RegularExpressions;

namespace LoyaltyAdmin.Rules;

/// <summary>What is wrong with a JSON document that a strict reader refused.</summary>
public enum JsonFaultKind
{
    /// <summary>Not JSON at all (a missing bracket, a stray character).</summary>
    Syntax,
    /// <summary>A field the reader does not know, or a known one spelled in another case.</summary>
    UnknownField,
    /// <summary>The same field twice in one object.</summary>
    DuplicateField,
    /// <summary>A value of the wrong type or format, or not one of the allowed values.</summary>
    WrongType,
    /// <summary>Required fields are missing (<see cref="JsonFault.Name"/> lists them).</summary>
    MissingFields,
    /// <summary>null where a value is needed.</summary>
    NullValue,
    /// <summary>A <c>kind</c> that names no known kind (<see cref="JsonFault.Name"/>).</summary>
    UnknownKind,
    /// <summary>An element without the <c>kind</c> that says what it is.</summary>
    MissingKind,
    /// <summary>Anything else the reader refused.</summary>
    Other,
}

/// <summary>
/// A refused JSON document in the terms of the one who wrote it: the kind of problem, where (a JSON path such as
/// <c>$.tiers[0].name</c>) and the field or value concerned, never the reader's own type names.
/// </summary>
public sealed partial record JsonFault(JsonFaultKind Kind, string Path, string Name = "", long? Line = null, long? Position = null)
{
    /// <summary>The path without the leading <c>$.</c> (<c>tiers[0].name</c>), or "" for the document itself.</summary>
    public string Field => Path.TrimStart('$').TrimStart('.');

    /// <summary>
    /// Classifies what System.Text.Json threw while reading an already parsed document into a type (syntax errors are
    /// found by the parse, see <see cref="Syntax"/>). Its messages name .NET types; only the kind and path are kept.
    /// </summary>
    public static JsonFault Of(Exception exception)
    {
        var message = exception.Message;
        var path = (exception as JsonException)?.Path
            ?? (PathInMessage().Match(message) is { Success: true } m ? m.Groups[1].Value : "$");
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
            return new(JsonFaultKind.UnknownField, path, LastSegment(path));
        if (message.StartsWith("Duplicate property", StringComparison.Ordinal) || message.Contains("duplicate '", StringComparison.Ordinal))
            return new(JsonFaultKind.DuplicateField, path, LastSegment(path));
        if (MissingRequired().Match(message) is { Success: true } missing)
            return new(JsonFaultKind.MissingFields, path, missing.Groups[1].Value);
        if (message.Contains("null values", StringComparison.Ordinal))
            return new(JsonFaultKind.NullValue, path, LastSegment(path));
        if (UnknownDiscriminator().Match(message) is { Success: true } kind)
            return new(JsonFaultKind.UnknownKind, path, kind.Groups[1].Value);
        if (message.Contains("must specify a type discriminator", StringComparison.Ordinal))
            return new(JsonFaultKind.MissingKind, path);
        if (message.Contains("could not be converted", StringComparison.Ordinal))
            return new(JsonFaultKind.WrongType, path, LastSegment(path));
        return new(JsonFaultKind.Other, path);
    }

    /// <summary>A syntax fault of a document that did not parse.</summary>
    public static JsonFault Syntax(JsonException exception) =>
        new(JsonFaultKind.Syntax, "$", Line: exception.LineNumber + 1, Position: exception.BytePositionInLine + 1);

    /// <summary>
    /// The first field that appears twice in one object, anywhere in <paramref name="element"/>, or null. Readers keep
    /// the last of them silently; a writer who sent two meant something neither reading can know.
    /// </summary>
    public static JsonFault? FirstDuplicate(JsonElement element, string path = "$")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    var at = path + "." + property.Name;
                    if (!seen.Add(property.Name))
                        return new(JsonFaultKind.DuplicateField, at, property.Name);
                    if (FirstDuplicate(property.Value, at) is { } inner)
                        return inner;
                }
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FirstDuplicate(item, $"{path}[{index++}]") is { } inner)
                        return inner;
                }
                break;
        }
        return null;
    }

    /// <summary>The fault as a sentence in <see cref="System.Globalization.CultureInfo.CurrentUICulture"/>.</summary>
    public string Describe()
    {
        var at = Field.Length == 0 ? RulesText.Get("Json_Root") : Field;
        return Kind switch
        {
            JsonFaultKind.Syntax => RulesText.Format("Json_Syntax", Line, Position),
            JsonFaultKind.UnknownField => RulesText.Format("Json_UnknownField", at),
            JsonFaultKind.DuplicateField => RulesText.Format("Json_DuplicateField", at),
            JsonFaultKind.WrongType => RulesText.Format("Json_WrongType", at),
            JsonFaultKind.MissingFields => RulesText.Format("Json_MissingFields", at, Name),
            JsonFaultKind.NullValue => RulesText.Format("Json_NullValue", at),
            JsonFaultKind.UnknownKind => RulesText.Format("Json_UnknownKind", at, Name),
            JsonFaultKind.MissingKind => RulesText.Format("Json_MissingKind", at),
            _ => RulesText.Format("Json_Unreadable", at),
        };
    }

    private static string LastSegment(string path)
    {
        var dot = path.LastIndexOf('.');
        return dot < 0 ? "" : path[(dot + 1)..];
    }

    [GeneratedRegex(@"Path: (\$\S*)")]
    private static partial Regex PathInMessage();

    [GeneratedRegex(@"missing required properties including: (.+?)\.?$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"unrecognized type discriminator id '(.*)'")]
    private static partial Regex UnknownDiscriminator();
}
