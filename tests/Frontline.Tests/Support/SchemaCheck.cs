using System.Globalization;
using System.Text.Json;

namespace Frontline.Tests.Support;

/// <summary>
/// Checks a JSON value against a schema of an OpenAPI 3.1 document: the keywords the document uses ($ref to its
/// components, type with null, enum, required, properties, additionalProperties, items, anyOf/oneOf/allOf,
/// minimum/maximum, maxItems, and the date, date-time and integer formats). Answers every difference with its path.
/// </summary>
public sealed class SchemaCheck(JsonElement document)
{
    public List<string> Check(JsonElement value, JsonElement schema, string path = "$")
    {
        var errors = new List<string>();
        Walk(value, schema, path, errors);
        return errors;
    }

    JsonElement Resolve(JsonElement schema)
    {
        while (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!;
            const string prefix = "#/components/schemas/";
            Assert.StartsWith(prefix, name);
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(name[prefix.Length..]);
        }
        return schema;
    }

    void Walk(JsonElement value, JsonElement schema, string path, List<string> errors)
    {
        schema = Resolve(schema);
        if (schema.ValueKind == JsonValueKind.True) return;
        if (schema.TryGetProperty("type", out var type) && !TypeMatches(value, type))
        {
            errors.Add($"{path}: {value.ValueKind} {Short(value)} is not of type {type}");
            return;
        }
        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => JsonElement.DeepEquals(v, value)))
            errors.Add($"{path}: {Short(value)} is not one of {values}");
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (schema.TryGetProperty("minimum", out var min) && value.GetDouble() < min.GetDouble()) errors.Add($"{path}: {value} < minimum {min}");
            if (schema.TryGetProperty("maximum", out var max) && value.GetDouble() > max.GetDouble()) errors.Add($"{path}: {value} > maximum {max}");
            if (schema.TryGetProperty("format", out var f) && f.GetString() is "int32" or "int64" && !value.TryGetInt64(out _))
                errors.Add($"{path}: {value} is not an integer");
        }
        if (value.ValueKind == JsonValueKind.String && schema.TryGetProperty("format", out var format))
        {
            var text = value.GetString()!;
            var ok = format.GetString() switch
            {
                "date-time" => DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                "date" => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
                _ => true,
            };
            if (!ok) errors.Add($"{path}: \"{text}\" is not a {format}");
        }
        if (value.ValueKind == JsonValueKind.Object)
        {
            if (schema.TryGetProperty("required", out var required))
                foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                    if (!value.TryGetProperty(name, out _)) errors.Add($"{path}: required property {name} is missing");
            schema.TryGetProperty("properties", out var properties);
            foreach (var property in value.EnumerateObject())
            {
                if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
                    Walk(property.Value, propertySchema, $"{path}.{property.Name}", errors);
                else if (schema.TryGetProperty("additionalProperties", out var additional))
                {
                    if (additional.ValueKind == JsonValueKind.False) errors.Add($"{path}: property {property.Name} is not allowed");
                    else Walk(property.Value, additional, $"{path}.{property.Name}", errors);
                }
            }
        }
        if (value.ValueKind == JsonValueKind.Array)
        {
            if (schema.TryGetProperty("maxItems", out var maxItems) && value.GetArrayLength() > maxItems.GetInt32())
                errors.Add($"{path}: {value.GetArrayLength()} items > maxItems {maxItems}");
            if (schema.TryGetProperty("items", out var items))
            {
                var i = 0;
                foreach (var item in value.EnumerateArray()) Walk(item, items, $"{path}[{i++}]", errors);
            }
        }
        if (schema.TryGetProperty("allOf", out var allOf))
            foreach (var part in allOf.EnumerateArray()) Walk(value, part, path, errors);
        if (schema.TryGetProperty("anyOf", out var anyOf) && !anyOf.EnumerateArray().Any(part => Check(value, part, path).Count == 0))
            errors.Add($"{path}: matches none of anyOf {anyOf}");
        if (schema.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().Count(part => Check(value, part, path).Count == 0) != 1)
            errors.Add($"{path}: does not match exactly one of oneOf {oneOf}");
    }

    static bool TypeMatches(JsonElement value, JsonElement type) =>
        type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => TypeMatches(value, t.GetString()!)) : TypeMatches(value, type.GetString()!);

    static bool TypeMatches(JsonElement value, string type) => type switch
    {
        "null" => value.ValueKind == JsonValueKind.Null,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var d) && d == decimal.Truncate(d),
        _ => throw new InvalidOperationException($"unknown type {type}"),
    };

    static string Short(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 80 ? text[..80] + "…" : text;
    }
}
