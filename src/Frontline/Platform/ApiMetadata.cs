namespace Frontline.Platform;

/// <summary>
/// The values a text field or query parameter takes, for the OpenAPI document: an enum's members in
/// kebab-case (<c>MovedOut</c> → <c>moved-out</c>, the form every module writes its codes in), or the strings given.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class OneOfAttribute : Attribute
{
    public OneOfAttribute(Type enumType) => Values = Enum.GetNames(enumType).Select(Kebab).ToArray<object>();

    public OneOfAttribute(params string[] values) => Values = values;

    public OneOfAttribute(params int[] values) => Values = values.Cast<object>().ToArray();

    public object[] Values { get; }

    public static string Kebab(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "-" : "") + char.ToLowerInvariant(c) : c.ToString()));
}

/// <summary>A request that needs at least one of these fields (a person by id or by document number): <c>anyOf</c> in the document.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class RequiresOneOfAttribute(params string[] fields) : Attribute
{
    public string[] Fields { get; } = fields;
}

/// <summary>A problem an endpoint answers beyond those its metadata already tells (auth, parameters, limits), with its stable codes.</summary>
public sealed record ProblemAnswer(int Status, string[] Codes);

/// <summary>
/// A valid request of an operation, shown in the document (and pre-filled in the reference page) and sent by the
/// test that checks every operation against it. Values refer to the demo district.
/// </summary>
public sealed class ApiExample
{
    public Dictionary<string, object> Path { get; init; } = [];
    public Dictionary<string, object> Query { get; init; } = [];
    public object? Body { get; init; }
    /// <summary>For a multipart upload: the file's content, as CSV text.</summary>
    public string? File { get; init; }
}

/// <summary>An example built when the document is, so that its times (a round's window, a scan's time) are valid now.</summary>
public sealed record ApiExampleSource(Func<DateTimeOffset, ApiExample> Build);

public static class ApiMetadata
{
    /// <summary>The endpoint answers <paramref name="status"/> as a problem with one of these codes.</summary>
    public static TBuilder Answers<TBuilder>(this TBuilder builder, int status, params string[] codes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ProblemAnswer(status, codes));

    public static TBuilder Example<TBuilder>(this TBuilder builder, ApiExample example) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiExampleSource(_ => example));

    /// <summary>An example whose times depend on the moment (given in China time).</summary>
    public static TBuilder Example<TBuilder>(this TBuilder builder, Func<DateTimeOffset, ApiExample> example) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiExampleSource(example));
}
