using System.Text.Json;
using System.Text.Json.Serialization;

namespace LoyaltyAdmin.Rules;

/// <summary>
/// The programme as one JSON document: camelCase, enums as camelCase strings, polymorphic rules and
/// schedules with a <c>"kind"</c> discriminator, <c>"schemaVersion": 1</c>. Null values are omitted.
/// Unknown properties, missing required ones and other schema versions are rejected.
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
        try
        {
            using (var doc = JsonDocument.Parse(json))
            {
                if (doc.RootElement.ValueKind != JsonValueKind.Object
                    || !doc.RootElement.TryGetProperty("schemaVersion", out var version)
                    || version.ValueKind != JsonValueKind.Number)
                    throw new ProgrammeJsonException(RulesText.Get("Json_MissingSchemaVersion"), "schemaVersion");
                if (!version.TryGetInt32(out var v) || v != Programme.CurrentSchemaVersion)
                    throw new ProgrammeJsonException(
                        RulesText.Format("Validation_UnsupportedSchemaVersion", version.GetRawText(), Programme.CurrentSchemaVersion), "schemaVersion");
            }
            return JsonSerializer.Deserialize<Programme>(json, Options)
                ?? throw new ProgrammeJsonException(RulesText.Format("Json_Malformed", "null"), "$");
        }
        catch (JsonException ex)
        {
            throw new ProgrammeJsonException(RulesText.Format("Json_Malformed", ex.Message), ex.Path ?? "$", ex);
        }
        catch (NotSupportedException ex)
        {
            throw new ProgrammeJsonException(RulesText.Format("Json_Malformed", ex.Message), "$", ex);
        }
    }

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
