using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Frontline.Testing;

/// <summary>
/// Reads one scan of a batch straight from the body's reader, the way the API's serializer would (web defaults: names in
/// any case, unknown names ignored, the pool size also as a numeric string, the last of a repeated name wins), and throws
/// <see cref="JsonException"/> where it would, so that the item is refused on its own. It exists for the hot path: a
/// district's round sends tens of millions of scans, and the serializer's general reader for a record with a constructor
/// was the largest single cost of reading a batch. A test holds it to the serializer's answers.
/// </summary>
public static class SampleEventJson
{
    public static SampleEvent Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("A scan is an object");
        string? eventId = null, roundId = null, siteCode = null, tubeCode = null, idNumber = null, personId = null, collector = null, name = null, phone = null;
        int? poolSize = null;
        DateTimeOffset? collectedAt = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Field(ref reader);
            reader.Read();
            switch (field)
            {
                case Name.EventId: eventId = Text(ref reader); break;
                case Name.RoundId: roundId = Text(ref reader); break;
                case Name.SiteCode: siteCode = Text(ref reader); break;
                case Name.TubeCode: tubeCode = Text(ref reader); break;
                case Name.PoolSize: poolSize = Number(ref reader); break;
                case Name.IdNumber: idNumber = Text(ref reader); break;
                case Name.PersonId: personId = Text(ref reader); break;
                case Name.CollectedAt: collectedAt = Time(ref reader); break;
                case Name.Collector: collector = Text(ref reader); break;
                case Name.PersonName: name = Text(ref reader); break;
                case Name.Phone: phone = Text(ref reader); break;
                default: reader.Skip(); break;
            }
        }
        return new SampleEvent(eventId, roundId, siteCode, tubeCode, poolSize, idNumber, personId, collectedAt, collector, name, phone);
    }

    enum Name { Other, EventId, RoundId, SiteCode, TubeCode, PoolSize, IdNumber, PersonId, CollectedAt, Collector, PersonName, Phone }

    static Name Field(ref Utf8JsonReader reader)
    {
        Span<byte> unescaped = stackalloc byte[32];
        scoped ReadOnlySpan<byte> name;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence) name = reader.ValueSpan;
        else
        {
            var text = reader.GetString()!;
            if (text.Length > 16 || !Ascii.IsValid(text)) return Name.Other;
            name = unescaped[..Encoding.ASCII.GetBytes(text, unescaped)];
        }
        return name.Length switch
        {
            4 when Ascii.EqualsIgnoreCase(name, "name"u8) => Name.PersonName,
            5 when Ascii.EqualsIgnoreCase(name, "phone"u8) => Name.Phone,
            7 when Ascii.EqualsIgnoreCase(name, "eventId"u8) => Name.EventId,
            7 when Ascii.EqualsIgnoreCase(name, "roundId"u8) => Name.RoundId,
            8 when Ascii.EqualsIgnoreCase(name, "siteCode"u8) => Name.SiteCode,
            8 when Ascii.EqualsIgnoreCase(name, "tubeCode"u8) => Name.TubeCode,
            8 when Ascii.EqualsIgnoreCase(name, "poolSize"u8) => Name.PoolSize,
            8 when Ascii.EqualsIgnoreCase(name, "idNumber"u8) => Name.IdNumber,
            8 when Ascii.EqualsIgnoreCase(name, "personId"u8) => Name.PersonId,
            9 when Ascii.EqualsIgnoreCase(name, "collector"u8) => Name.Collector,
            11 when Ascii.EqualsIgnoreCase(name, "collectedAt"u8) => Name.CollectedAt,
            _ => Name.Other,
        };
    }

    static string? Text(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException("Expected a string"),
    };

    static int? Number(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.Number when reader.TryGetInt32(out var n): return n;
            case JsonTokenType.String:
                ReadOnlySpan<byte> text = reader.ValueIsEscaped || reader.HasValueSequence ? Encoding.UTF8.GetBytes(reader.GetString()!) : reader.ValueSpan;
                if (Utf8Parser.TryParse(text, out int value, out var used) && used == text.Length) return value;
                break;
        }
        throw new JsonException("Expected a whole number");
    }

    static DateTimeOffset? Time(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String when reader.TryGetDateTimeOffset(out var at) => at,
        _ => throw new JsonException("Expected a time"),
    };
}
