using System.Globalization;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Frontline.Platform;

namespace Frontline.Command.Inspections;

/// <summary>The kinds of key place an inspection visits; each has its checklist template.</summary>
public static class InspectionPlaceKinds
{
    /// <summary>农贸市场: a registered place (场所码) of kind market.</summary>
    public const string Market = "market";
    /// <summary>城中村卡口: a registered place of kind checkpoint.</summary>
    public const string Checkpoint = "checkpoint";
    /// <summary>隔离酒店: Containment's quarantine facility.</summary>
    public const string QuarantineHotel = "quarantine-hotel";
    /// <summary>采样点: Testing's sampling site.</summary>
    public const string SamplingSite = "sampling-site";
    /// <summary>Any other registered place (shop, workplace, school …).</summary>
    public const string Venue = "venue";

    public static readonly string[] All = [Market, Checkpoint, QuarantineHotel, SamplingSite, Venue];
}

/// <summary>How a checklist item is answered.</summary>
public static class AnswerTypes
{
    public const string YesNo = "yes-no";
    public const string Number = "number";
    public const string Text = "text";
}

public sealed record LocalText(string Zh, string En)
{
    public string In(CultureInfo? culture = null) => new Words(Zh, En).In(culture);
}

/// <summary>One question of a checklist.</summary>
public sealed record TemplateItem(string Id, string Type, bool Required, LocalText Text, bool? Expected = null, double? Min = null, double? Max = null);

/// <summary>One version of a template: an inspection keeps the version it answered, so old inspections read as they were filled in.</summary>
public sealed record TemplateVersion(string Key, int Version, string PlaceKind, LocalText Name, IReadOnlyList<TemplateItem> Items)
{
    public TemplateItem? Item(string id) => Items.FirstOrDefault(i => i.Id == id);
}

/// <summary>
/// The checklist templates (督导检查表), one per kind of place, as data: JSON files under <c>Templates/</c> carry every
/// version of each; the newest is the one a new inspection answers.
/// </summary>
public sealed class InspectionTemplates
{
    readonly Dictionary<string, List<TemplateVersion>> byKey;

    public InspectionTemplates(IEnumerable<TemplateVersion> versions) =>
        byKey = versions.GroupBy(v => v.Key).ToDictionary(g => g.Key, g => g.OrderBy(v => v.Version).ToList());

    /// <summary>The templates shipped with the application.</summary>
    public static InspectionTemplates Shipped => shipped.Value;
    static readonly Lazy<InspectionTemplates> shipped = new(Load);

    public IEnumerable<TemplateVersion> Current => byKey.Values.Select(v => v[^1]).OrderBy(v => Array.IndexOf(InspectionPlaceKinds.All, v.PlaceKind));

    public TemplateVersion? Latest(string key) => byKey.TryGetValue(key, out var v) ? v[^1] : null;

    public TemplateVersion? Get(string key, int version) => byKey.TryGetValue(key, out var v) ? v.FirstOrDefault(x => x.Version == version) : null;

    /// <summary>The current template for a kind of place.</summary>
    public TemplateVersion? ForKind(string placeKind) => Current.FirstOrDefault(v => v.PlaceKind == placeKind);

    sealed record FileShape(string Key, string PlaceKind, LocalText Name, List<VersionShape> Versions);
    sealed record VersionShape(int Version, List<TemplateItem> Items);

    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <summary>Reads one template file; a malformed one fails at start-up, not at an inspector's submit.</summary>
    public static IEnumerable<TemplateVersion> Parse(string json)
    {
        var file = JsonSerializer.Deserialize<FileShape>(json, Json) ?? throw new InvalidDataException("empty template");
        if (!InspectionPlaceKinds.All.Contains(file.PlaceKind)) throw new InvalidDataException($"template {file.Key}: unknown place kind {file.PlaceKind}");
        foreach (var v in file.Versions)
        {
            if (v.Items.Select(i => i.Id).Distinct().Count() != v.Items.Count) throw new InvalidDataException($"template {file.Key} v{v.Version}: duplicate item");
            foreach (var i in v.Items)
                if (i.Type is not (AnswerTypes.YesNo or AnswerTypes.Number or AnswerTypes.Text))
                    throw new InvalidDataException($"template {file.Key} v{v.Version}: item {i.Id} has type {i.Type}");
            yield return new TemplateVersion(file.Key, v.Version, file.PlaceKind, file.Name, v.Items);
        }
    }

    static InspectionTemplates Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var versions = new List<TemplateVersion>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(".Inspections.Templates.") && n.EndsWith(".json", StringComparison.Ordinal)).Order())
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            versions.AddRange(Parse(reader.ReadToEnd()));
        }
        return new InspectionTemplates(versions);
    }
}

/// <summary>Pure rules of an inspection's answers against its template.</summary>
public static class InspectionRules
{
    public const int MaxText = 500;
    public const int MaxFindings = 20;

    /// <summary>
    /// Checks the answers item by item: an item the template does not have, a required item unanswered, an answer of the
    /// wrong type or out of range. Errors name the field <c>answers.{item}</c>. Answers the normalised answers (JSON
    /// booleans, numbers and trimmed texts) when there is no error.
    /// </summary>
    public static Dictionary<string, object?> CheckAnswers(TemplateVersion template, IReadOnlyDictionary<string, JsonElement>? answers, List<FieldError> errors)
    {
        var result = new Dictionary<string, object?>();
        answers ??= new Dictionary<string, JsonElement>();
        foreach (var (id, value) in answers)
        {
            var field = "answers." + id;
            var item = template.Item(id);
            if (item is null)
            {
                errors.Add(new(field, "inspection-unknown-item", id));
                continue;
            }
            if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) continue;
            switch (item.Type)
            {
                case AnswerTypes.YesNo when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    result[id] = value.GetBoolean();
                    break;
                case AnswerTypes.Number when value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var n) && double.IsFinite(n):
                    if ((item.Min is { } min && n < min) || (item.Max is { } max && n > max))
                        errors.Add(new(field, "inspection-answer-out-of-range", id, item.Min ?? double.MinValue, item.Max ?? double.MaxValue));
                    else result[id] = n;
                    break;
                case AnswerTypes.Text when value.ValueKind == JsonValueKind.String:
                    var text = value.GetString()!.Trim();
                    var limit = (int)(item.Max ?? MaxText);
                    if (text.Length > limit) errors.Add(new(field, "field-too-long", field, limit));
                    else if (text.Length > 0) result[id] = text;
                    break;
                default:
                    errors.Add(new(field, "inspection-wrong-answer-type", id, item.Type));
                    break;
            }
        }
        foreach (var item in template.Items)
            if (item.Required && !result.ContainsKey(item.Id) && !errors.Any(e => e.Field == "answers." + item.Id))
                errors.Add(new("answers." + item.Id, "inspection-missing-answer", item.Id));
        return result;
    }

    /// <summary>Items whose answer differs from the expected one (a "no" where "yes" is expected): what the inspector likely writes a finding for.</summary>
    public static IEnumerable<TemplateItem> Deviations(TemplateVersion template, IReadOnlyDictionary<string, object?> answers) =>
        template.Items.Where(i => i.Expected is { } e && answers.TryGetValue(i.Id, out var a) && a is bool b && b != e);
}
