using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Frontline.Platform;

/// <summary>
/// The OpenAPI document at /openapi/v1.json and the reference page at /api-reference. The document is generated from
/// the endpoints and made to tell what the app enforces, from metadata rather than by hand per endpoint:
/// <list type="bullet">
/// <item>the bearer scheme on every operation that requires authorization, with 401 (and 403 where a permission is
/// required), 503 <c>database-busy</c> with Retry-After, 400 where there is a body or a query, 404 where there is a
/// path parameter, 415 for a body, 413 for a size limit, 429 with Retry-After for a rate limit, and the problems an
/// endpoint adds with <see cref="ApiMetadata.Answers"/>, each an RFC 9457 problem with its stable <c>code</c>;</item>
/// <item>request records: <c>required</c> only for what validation requires (<see cref="RequiredAttribute"/>, not
/// nullable then), <see cref="RequiresOneOfAttribute"/> as <c>anyOf</c>; answers: every property, as the serializer
/// writes every property;</item>
/// <item><see cref="OneOfAttribute"/> as <c>enum</c>, paging limits, integers as integers;</item>
/// <item>an example request of each operation (<see cref="ApiMetadata.Example{TBuilder}(TBuilder, ApiExample)"/>).</item>
/// </list>
/// </summary>
public static class ApiDocument
{
    public const string ReferencePath = "/api-reference";
    public const string SchemeName = "bearer";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    const string ProblemSchema = "Problem";

    public static IServiceCollection AddApiDocument(this IServiceCollection services) => services.AddOpenApi(o =>
    {
        o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Frontline API";
            document.Info.Description = "The HTTP API of Frontline (前线疫情防控指挥平台). Get a token with `POST /api/auth/token`, then send " +
                "`Authorization: Bearer <token>`. Errors are RFC 9457 problem details with a stable `code`. The contract with " +
                "a worked example is docs/api.md in the repository.";
            return Task.CompletedTask;
        });
        o.AddSchemaTransformer(new SchemaRules());
        o.AddOperationTransformer(new OperationRules());
        o.AddDocumentTransformer(new DocumentRules());
    });

    /// <summary>
    /// The document, open to anyone (it holds no data); the reference page, open in Development and behind sign-in
    /// (cookie or bearer) elsewhere, where a signed-in page is no burden and nothing is shown to strangers.
    /// </summary>
    public static void MapApiDocument(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        var page = app.MapScalarApiReference(ReferencePath, o =>
        {
            o.Title = "Frontline API";
            o.OpenApiRoutePattern = "/openapi/{documentName}.json";
            // Personal data passes through "Test Request": nothing goes to a third party (fonts, telemetry, AI chat, proxy).
            o.DefaultFonts = false;
            o.Telemetry = false;
            o.DisableAgent();
            o.DisableMcp();
            o.AddDocument("v1");
            o.AddPreferredSecuritySchemes(SchemeName);
        }).ExcludeFromDescription();
        if (!app.Environment.IsDevelopment()) page.RequireAuthorization();
    }

    static bool Secured(IList<object> metadata) =>
        metadata.Any(m => m is IAuthorizeData or AuthorizationPolicy) && !metadata.OfType<IAllowAnonymous>().Any();

    /// <summary>As the app writes JSON, leaving out what an example does not set.</summary>
    static JsonNode? ToNode(object? value, IServiceProvider services) =>
        JsonSerializer.SerializeToNode(value, new JsonSerializerOptions(
            services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions)
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        });

    /// <summary>Integers and numbers are declared as such: the web defaults also read them from strings, but nothing writes them so.</summary>
    static void NumbersAsNumbers(OpenApiSchema schema)
    {
        if (schema.Type is not { } type || (!type.HasFlag(JsonSchemaType.Integer) && !type.HasFlag(JsonSchemaType.Number))) return;
        schema.Type = type & ~JsonSchemaType.String;
        schema.Pattern = null;
    }

    static List<JsonNode> Values(OneOfAttribute oneOf) =>
        oneOf.Values.Select(v => v is int n ? JsonValue.Create(n) : (JsonNode)JsonValue.Create((string)v)).ToList();

    static IEnumerable<object> AttributesOf(JsonPropertyInfo property) =>
        (property.AttributeProvider?.GetCustomAttributes(true) ?? [])
        .Concat(property.AssociatedParameter?.AttributeProvider?.GetCustomAttributes(true) ?? []);

    sealed class SchemaRules : IOpenApiSchemaTransformer
    {
        HashSet<Type>? requestTypes;

        public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken ct)
        {
            NumbersAsNumbers(schema);
            var info = context.JsonTypeInfo;
            if (context.JsonPropertyInfo is not null || info.Kind != JsonTypeInfoKind.Object || schema.Properties is null) return Task.CompletedTask;
            requestTypes ??= RequestTypes(context.ApplicationServices);
            var isRequest = requestTypes.Contains(info.Type);
            var required = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in info.Properties)
            {
                if (!schema.Properties.TryGetValue(property.Name, out var found) || found is not OpenApiSchema target) continue;
                var attributes = AttributesOf(property).ToList();
                if (attributes.OfType<OneOfAttribute>().FirstOrDefault() is { } oneOf)
                {
                    target.Enum = Values(oneOf);
                    if (isRequest) target.Type &= ~JsonSchemaType.Null;
                }
                if (attributes.OfType<DescriptionAttribute>().FirstOrDefault() is { } description) target.Description = description.Description;
                if (attributes.OfType<RangeAttribute>().FirstOrDefault() is { } range)
                {
                    target.Minimum = Convert.ToString(range.Minimum, System.Globalization.CultureInfo.InvariantCulture);
                    target.Maximum = Convert.ToString(range.Maximum, System.Globalization.CultureInfo.InvariantCulture);
                }
                if (attributes.OfType<MaxLengthAttribute>().FirstOrDefault() is { } max && target.Type?.HasFlag(JsonSchemaType.Array) == true)
                    target.MaxItems = max.Length;
                if (!isRequest) required.Add(property.Name);
                else if (attributes.OfType<RequiredAttribute>().Any())
                {
                    required.Add(property.Name);
                    target.Type &= ~JsonSchemaType.Null;
                }
            }
            schema.Required = required;
            if (isRequest && info.Type.GetCustomAttribute<RequiresOneOfAttribute>() is { } anyOf)
                schema.AnyOf = anyOf.Fields.Select(f => (IOpenApiSchema)new OpenApiSchema { Required = new HashSet<string> { f } }).ToList();
            return Task.CompletedTask;
        }

        /// <summary>The types that arrive as request bodies, and the types inside them (a batch's items).</summary>
        static HashSet<Type> RequestTypes(IServiceProvider services)
        {
            var types = new HashSet<Type>();
            var bodies = services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
                .SelectMany(g => g.Items).SelectMany(d => d.ParameterDescriptions)
                .Where(p => p.Source == BindingSource.Body).Select(p => p.Type);
            foreach (var body in bodies) Add(body);
            return types;

            void Add(Type type)
            {
                var element = type.IsArray ? type.GetElementType()! : type.IsGenericType ? type.GetGenericArguments()[0] : type;
                if (element.Assembly != typeof(ApiDocument).Assembly || !types.Add(element)) return;
                foreach (var property in element.GetProperties()) Add(property.PropertyType);
            }
        }
    }

    sealed class OperationRules : IOpenApiOperationTransformer
    {
        public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken ct)
        {
            var description = context.Description;
            var metadata = description.ActionDescriptor.EndpointMetadata;
            var services = context.ApplicationServices;
            var handler = metadata.OfType<MethodInfo>().FirstOrDefault();
            // Handlers are named after what they do (ListPersons): that is the operation's id, unless WithName gave one.
            if (operation.OperationId is null && handler is { Name: var name } && !name.Contains('<'))
                operation.OperationId = char.ToLowerInvariant(name[0]) + name[1..];
            if (!metadata.OfType<ITagsMetadata>().Any() && handler?.DeclaringType?.Namespace is { } ns)
                operation.Tags = new HashSet<OpenApiTagReference> { new(ns[(ns.LastIndexOf('.') + 1)..], context.Document) };

            var now = services.GetRequiredService<TimeProvider>().GetUtcNow().ToOffset(ChinaTime.Offset);
            var example = metadata.OfType<ApiExampleSource>().LastOrDefault()?.Build(now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond)));
            DescribeParameters(operation, description, example, services);
            DescribeBody(operation, description, example, services);

            var secured = Secured(metadata);
            if (secured)
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [] }];
            var problems = new SortedDictionary<int, List<string>>();
            void Add(int status, params string[] codes)
            {
                if (!problems.TryGetValue(status, out var list)) problems[status] = list = [];
                list.AddRange(codes.Where(c => !list.Contains(c)));
            }
            var parameters = operation.Parameters ?? [];
            if (operation.RequestBody is not null) Add(400, "invalid-json");
            if (parameters.Any(p => p.In == ParameterLocation.Query)) Add(400, "invalid-request");
            if (secured) Add(401, "unauthenticated");
            if (secured && metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null || a.Roles is not null)) Add(403, "forbidden");
            if (parameters.Any(p => p.In == ParameterLocation.Path)) Add(404, "not-found");
            if (metadata.OfType<IRequestSizeLimitMetadata>().Any()) Add(413, "invalid-request");
            // Routing refuses another media type before the endpoint runs: a status-only problem.
            if (operation.RequestBody is not null) Add(415, "http-415");
            if (metadata.OfType<EnableRateLimitingAttribute>().Any()) Add(429, "too-many-requests");
            if (secured) Add(503, "database-busy");
            foreach (var answer in metadata.OfType<ProblemAnswer>()) Add(answer.Status, answer.Codes);

            operation.Responses ??= [];
            foreach (var (status, codes) in problems)
                operation.Responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Problem(status, codes, context.Document);
            var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
            operation.Responses.Clear();
            foreach (var (status, response) in ordered) operation.Responses[status] = response;
            return Task.CompletedTask;
        }

        static OpenApiResponse Problem(int status, List<string> codes, OpenApiDocument? document)
        {
            var response = new OpenApiResponse
            {
                Description = $"{Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)}: a problem with `code` {string.Join(", ", codes.Select(c => $"`{c}`"))}" +
                    (status == 400 ? "; `errors` names each field or parameter at fault" : ""),
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
                },
            };
            if (status is 429 or 503)
                response.Headers = new Dictionary<string, IOpenApiHeader>
                {
                    ["Retry-After"] = new OpenApiHeader
                    {
                        Description = "Seconds to wait before sending the same request again (nothing of it was stored).",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                    },
                };
            return response;
        }

        static void DescribeParameters(OpenApiOperation operation, ApiDescription description, ApiExample? example, IServiceProvider services)
        {
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            {
                var info = (description.ParameterDescriptions.FirstOrDefault(d => d.Name == parameter.Name)?.ParameterDescriptor
                    as IParameterInfoParameterDescriptor)?.ParameterInfo;
                var schema = parameter.Schema as OpenApiSchema;
                if (schema is not null) NumbersAsNumbers(schema);
                if (info?.GetCustomAttribute<OneOfAttribute>() is { } oneOf && schema is not null)
                    schema.Enum = Values(oneOf);
                if (info?.GetCustomAttribute<DescriptionAttribute>() is { } text) parameter.Description = text.Description;
                if (parameter.In == ParameterLocation.Query && schema?.Type?.HasFlag(JsonSchemaType.Integer) == true)
                {
                    if (parameter.Name == "page")
                    {
                        schema.Minimum = "1";
                        schema.Default = JsonValue.Create(1);
                        parameter.Description ??= "Page number, from 1.";
                    }
                    else if (parameter.Name == "pageSize")
                    {
                        schema.Minimum = "1";
                        schema.Maximum = PageRequest.MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        schema.Default = JsonValue.Create(50);
                        parameter.Description ??= $"Items a page, 1 to {PageRequest.MaxPageSize}.";
                    }
                }
                var values = parameter.In == ParameterLocation.Path ? example?.Path : example?.Query;
                if (values is not null && values.TryGetValue(parameter.Name!, out var value)) parameter.Example = ToNode(value, services);
            }
        }

        static void DescribeBody(OpenApiOperation operation, ApiDescription description, ApiExample? example, IServiceProvider services)
        {
            if (operation.RequestBody?.Content is not { } content) return;
            foreach (var (type, media) in content)
            {
                if (type == "multipart/form-data")
                {
                    // The handlers take IFormFile? to answer a missing file as a problem naming it; the file is required all the same.
                    var files = description.ParameterDescriptions.Where(p => p.Type == typeof(IFormFile)).Select(p => p.Name).ToHashSet();
                    if (media.Schema is OpenApiSchema form && form.Properties is { } properties)
                        form.Required = properties.Keys.Where(files.Contains).ToHashSet();
                    if (example?.File is { } file) media.Example = new JsonObject { ["file"] = file };
                }
                else if (example?.Body is { } body) media.Example = ToNode(body, services);
            }
        }
    }

    sealed class DocumentRules : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "A token from `POST /api/auth/token` (`{\"username\", \"password\"}`), valid 12 hours.",
            };
            document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
            document.Components.Schemas[ProblemSchema] = ProblemDetailsSchema();
            // Tags come from the operations (a module each); drop the ones the generator made from class names.
            var used = (document.Paths?.Values.AsEnumerable() ?? []).SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
                .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).OfType<string>().ToHashSet();
            document.Tags = used.Order(StringComparer.Ordinal).Select(n => new OpenApiTag { Name = n }).ToHashSet();
            return Task.CompletedTask;
        }

        static OpenApiSchema ProblemDetailsSchema()
        {
            static OpenApiSchema Text(string description, bool nullable = false) =>
                new() { Type = nullable ? JsonSchemaType.String | JsonSchemaType.Null : JsonSchemaType.String, Description = description };
            return new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "RFC 9457 problem details with Frontline's stable `code`.",
                Required = new HashSet<string> { "status", "code" },
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["type"] = Text("A URI naming the problem.", nullable: true),
                    ["title"] = Text("The code, or the HTTP reason.", nullable: true),
                    ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                    ["detail"] = Text("What went wrong, in the request's language (Accept-Language: zh-CN, en).", nullable: true),
                    ["instance"] = Text("The request path.", nullable: true),
                    ["code"] = Text("The stable error code (e.g. `invalid-id-checksum`)."),
                    ["errors"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        Description = "Per field or parameter: its error codes.",
                        AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
                    },
                    ["messages"] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Array,
                        Description = "Each field error with its words, when there are several.",
                        Items = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = new Dictionary<string, IOpenApiSchema>
                            {
                                ["field"] = Text("The field."), ["code"] = Text("Its code."), ["message"] = Text("Its words."),
                            },
                        },
                    },
                    ["traceId"] = Text("Identifies the request in the server's log.", nullable: true),
                },
            };
        }
    }
}
