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
    public static async ValueTask<List<T?>?> ReadAsync<T>(HttpContext http, string property) where T : class
    {
        if (!http.Request.HasJsonContentType())
            throw new BadHttpRequestException("Expected a JSON body", StatusCodes.Status415UnsupportedMediaType);
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = options.MaxDepth }, http.RequestAborted);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("The body is not JSON", StatusCodes.Status400BadRequest, e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new BadHttpRequestException("The body is not a JSON object", StatusCodes.Status400BadRequest, new JsonException("Not an object", "$", null, null));
            var list = root.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, property, StringComparison.OrdinalIgnoreCase)).Value;
            if (list.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) return null;
            if (list.ValueKind != JsonValueKind.Array)
                throw new BadHttpRequestException($"{property} is not a list", StatusCodes.Status400BadRequest, new JsonException("Not a list", "$." + property, null, null));
            var items = new List<T?>(list.GetArrayLength());
            foreach (var element in list.EnumerateArray()) items.Add(Item<T>(element, options));
            return items;
        }
    }

    static T? Item<T>(JsonElement element, JsonSerializerOptions options) where T : class
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        try
        {
            return element.Deserialize<T>(options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The JSON body a batch type takes, for the OpenAPI document (a type binding itself has no inferred body).</summary>
    public static void DeclareBody<TBatch>(EndpointBuilder builder) =>
        builder.Metadata.Add(new AcceptsMetadata(["application/json"], typeof(TBatch)));
}
