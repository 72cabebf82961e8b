using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Frontline.Platform;

/// <summary>
/// Reads a batch body (<c>{ "events": [ … ] }</c>) item by item, so that one null or malformed item is refused on its own
/// (<c>invalid-item</c>) instead of failing the whole batch: the list holds null where an item could not be read. A body
/// that is not JSON at all, or not an object, is still the caller's 400 (<c>invalid-json</c>), as the framework's binding
/// would answer. A batch type binds through this from its <c>BindAsync</c> and declares its own JSON body for the
/// OpenAPI document with <see cref="DeclareBody"/>, so the document shows the items' schema.
/// </summary>
public static class BatchItems
{
    /// <summary>Reads one item, the reader on its first token and left on its last; throws <see cref="JsonException"/> for an item it cannot read.</summary>
    public delegate T ItemReader<T>(ref Utf8JsonReader reader);

    /// <param name="read">A hot path's own reader of an item; the serializer's otherwise.</param>
    public static async ValueTask<List<T?>?> ReadAsync<T>(HttpContext http, string property, ItemReader<T>? read = null) where T : class
    {
        if (!http.Request.HasJsonContentType())
            throw new BadHttpRequestException("Expected a JSON body", StatusCodes.Status415UnsupportedMediaType);
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        // The whole body is buffered (Kestrel's body size limit bounds it) and read once, item by item, with a reader:
        // a document first and then each element again cost a batch's JSON twice.
        var body = http.Request.BodyReader;
        ReadResult buffered;
        while (!(buffered = await body.ReadAsync(http.RequestAborted)).IsCompleted) body.AdvanceTo(buffered.Buffer.Start, buffered.Buffer.End);
        try
        {
            return Parse(buffered.Buffer, property, options, read);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The body is not JSON", StatusCodes.Status400BadRequest, e);
        }
        finally
        {
            body.AdvanceTo(buffered.Buffer.End);
        }
    }

    static List<T?>? Parse<T>(ReadOnlySequence<byte> json, string property, JsonSerializerOptions options, ItemReader<T>? read) where T : class
    {
        if (json.FirstSpan.StartsWith(Utf8Bom)) json = json.Slice(Utf8Bom.Length);
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = options.MaxDepth });
        if (!reader.Read()) throw new JsonException("Empty body");
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            throw new BadHttpRequestException("The body is not a JSON object", StatusCodes.Status400BadRequest, new JsonException("Not an object", "$", null, null));
        }
        List<T?>? items = null;
        var found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var wanted = !found && string.Equals(reader.GetString(), property, StringComparison.OrdinalIgnoreCase);
            reader.Read();
            if (!wanted) { reader.Skip(); continue; }
            found = true;
            if (reader.TokenType == JsonTokenType.Null) continue;
            if (reader.TokenType != JsonTokenType.StartArray)
                throw new BadHttpRequestException($"{property} is not a list", StatusCodes.Status400BadRequest, new JsonException("Not a list", "$." + property, null, null));
            items = [];
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) items.Add(Item(ref reader, options, read));
        }
        // Nothing may follow the object, as for any JSON body (the reader throws on what does).
        if (reader.Read()) throw new JsonException("More than one JSON value");
        return items;
    }

    /// <summary>One element, the reader on its first token; it is left on the element's last token whether or not it could be read.</summary>
    static T? Item<T>(ref Utf8JsonReader reader, JsonSerializerOptions options, ItemReader<T>? read) where T : class
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        var start = reader;
        try
        {
            return read is null ? JsonSerializer.Deserialize<T>(ref reader, options) : read(ref reader);
        }
        catch (JsonException)
        {
            // Back to the element's start and over it: a field of the wrong type refuses this item, not the batch (and a
            // body that is not JSON throws from Skip, the caller's 400).
            reader = start;
            reader.Skip();
            return null;
        }
    }

    static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>The JSON body a batch type takes, for the OpenAPI document (a type binding itself has no inferred body).</summary>
    public static void DeclareBody<TBatch>(EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(TBatch)));
}
