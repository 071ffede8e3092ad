using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoyaltyAdmin.Rules;

/// <summary>
/// The programme as one JSON document: camelCase, enums as camelCase strings, polymorphic rules and
/// schedules with a <c>"kind"</c> discriminator, <c>"schemaVersion": 1</c>. Null values are omitted.
/// Unknown properties (names are case-sensitive), a property given twice, missing required ones and other schema
/// versions are rejected, with a message in the writer's terms (<see cref="JsonFault"/>).
/// </summary>
public static class ProgrammeJson
{
    /// <summary>The serializer options used for the programme document.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = true,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            AllowDuplicateProperties = false,
            AllowOutOfOrderMetadataProperties = true,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>The programme as indented JSON.</summary>
    public static string Serialize(Programme programme)
    {
        ArgumentNullException.ThrowIfNull(programme);
        return JsonSerializer.Serialize(programme, Options);
    }

    /// <summary>Reads a programme document.</summary>
    /// <exception cref="ProgrammeJsonException">The document is malformed or has another schema version.</exception>
    public static Programme Deserialize(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using (var doc = Parse(json))
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("schemaVersion", out var version)
                || version.ValueKind != JsonValueKind.Number)
                throw new ProgrammeJsonException(RulesText.Get("Json_MissingSchemaVersion"), "schemaVersion");
            if (!version.TryGetInt32(out var v) || v != Programme.CurrentSchemaVersion)
                throw new ProgrammeJsonException(
                    RulesText.Format("Validation_UnsupportedSchemaVersion", version.GetRawText(), Programme.CurrentSchemaVersion), "schemaVersion");
        }
        try
        {
            // The root was seen to be an object above, so the result is never null.
            return JsonSerializer.Deserialize<Programme>(json, Options)!;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            throw Malformed(JsonFault.Of(ex), ex);
        }
    }

    /// <summary>
    /// Parses <paramref name="json"/> as a document, refusing bad syntax and a property given twice in one object.
    /// </summary>
    /// <exception cref="ProgrammeJsonException">The text is not JSON, or repeats a property.</exception>
    public static JsonDocument Parse(string json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw Malformed(JsonFault.Syntax(ex), ex);
        }
        if (JsonFault.FirstDuplicate(doc.RootElement) is { } duplicate)
        {
            doc.Dispose();
            throw Malformed(duplicate);
        }
        return doc;
    }

    /// <summary>The exception for a refused document: the fault in the writer's words, at its path.</summary>
    public static ProgrammeJsonException Malformed(JsonFault fault, Exception? inner = null) =>
        new(RulesText.Format("Json_Malformed", fault.Describe()), fault.Path, inner);

    /// <summary>Reads a programme document, returning the error instead of throwing.</summary>
    public static bool TryDeserialize(string json, out Programme? programme, out ProgrammeJsonException? error)
    {
        try
        {
            programme = Deserialize(json);
            error = null;
            return true;
        }
        catch (ProgrammeJsonException ex)
        {
            programme = null;
            error = ex;
            return false;
        }
    }
}

/// <summary>A programme document that cannot be read, with the JSON path of the problem.</summary>
public sealed class ProgrammeJsonException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ProgrammeJsonException(string message, string path, Exception? inner = null) : base(message, inner) => Path = path;

    /// <summary>JSON path of the problem, e.g. <c>$.tiers[1].code</c>.</summary>
    public string Path { get; }
}
