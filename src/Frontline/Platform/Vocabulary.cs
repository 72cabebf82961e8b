using System.Collections.Concurrent;
using System.Globalization;

namespace Frontline.Platform;

/// <summary>
/// One idea in both of Frontline's languages: Chinese first, English when the reader switched to it. As a message's
/// argument it is written in the message's language (a reason given to <c>invalid-file</c>).
/// </summary>
public readonly record struct Words(string Zh, string En) : IFormattable
{
    public string In(CultureInfo? culture = null) =>
        (culture ?? CultureInfo.CurrentUICulture).TwoLetterISOLanguageName == "en" ? En : Zh;

    public override string ToString() => In();

    public string ToString(string? format, IFormatProvider? formatProvider) => In(formatProvider as CultureInfo);
}

/// <summary>A page in the side menu: shown to whoever holds the permission, in the order given.</summary>
/// <param name="FullPageLoad">A page outside the Blazor router (the sampler's offline page): the browser loads it.</param>
/// <param name="Group">The part of the menu it sits in; when absent, its module's <see cref="ModuleVocabulary.MenuGroup"/>.</param>
public sealed record MenuEntry(string Href, Words Label, string? Permission, int Order, bool FullPageLoad = false, MenuGroup? Group = null);

/// <summary>
/// A part of the menu: the field's lines of work, not the code's modules (the supervised tasks sit with the command,
/// though Supervision is a floor below it). Listed here, in Platform, so that every module can name one.
/// </summary>
public sealed record MenuGroup(string Key, Words Label, int Order)
{
    public static readonly MenuGroup Registry = new("registry", new("登记", "Registry"), 1);
    public static readonly MenuGroup Testing = new("testing", new("核酸检测", "Testing"), 2);
    public static readonly MenuGroup Investigation = new("investigation", new("流调", "Investigation"), 3);
    public static readonly MenuGroup Containment = new("containment", new("管控", "Containment"), 4);
    public static readonly MenuGroup Command = new("command", new("指挥", "Command"), 5);
    public static readonly MenuGroup Platform = new("platform", new("平台", "Platform"), 6);
}

/// <summary>
/// What a module says in words: its error codes, the words that go into messages as arguments, its audit
/// actions and its menu items. Each module registers its own from its <c>AddX</c>, so a new module
/// adds its vocabulary in its own folder and no central file grows with it.
/// </summary>
public sealed class ModuleVocabulary
{
    public required string Module { get; init; }
    public IReadOnlyDictionary<string, Words> Errors { get; init; } = new Dictionary<string, Words>();
    /// <summary>Words used as message arguments: the subjects of not-found, the outcomes of lab results.</summary>
    public IReadOnlyDictionary<string, Words> Terms { get; init; } = new Dictionary<string, Words>();
    public IReadOnlyDictionary<string, Words> AuditActions { get; init; } = new Dictionary<string, Words>();
    public IReadOnlyList<MenuEntry> Menu { get; init; } = [];
    /// <summary>Where the module's menu entries sit, unless an entry names its own group; required when there are entries.</summary>
    public MenuGroup? MenuGroup { get; init; }
}

/// <summary>
/// Every module's vocabulary, read by the error catalogue, the audit page and the menu. A process holds one
/// vocabulary (the words do not change with the host), so it is static; registering a module again (a
/// second test host) replaces its entry with the same words. Two modules claiming one code is a programming
/// error and fails at start.
/// </summary>
public static class Vocabulary
{
    static readonly ConcurrentDictionary<string, ModuleVocabulary> Modules = new(StringComparer.Ordinal);
    static readonly Lock Gate = new();
    static volatile Index index = Index.Empty;

    sealed record Index(
        Dictionary<string, Words> Errors, Dictionary<string, Words> Terms, Dictionary<string, Words> AuditActions, List<MenuEntry> Menu)
    {
        public static readonly Index Empty = new([], [], [], []);
    }

    public static void Register(ModuleVocabulary vocabulary)
    {
        lock (Gate)
        {
            // The new index is built aside and taken only when no two modules claim one code.
            var candidate = Modules.Values.Where(m => m.Module != vocabulary.Module).Append(vocabulary)
                .OrderBy(m => m.Module, StringComparer.Ordinal).ToList();
            var errors = new Dictionary<string, Words>(StringComparer.Ordinal);
            var terms = new Dictionary<string, Words>(StringComparer.Ordinal);
            var actions = new Dictionary<string, Words>(StringComparer.Ordinal);
            foreach (var module in candidate)
            {
                AddAll(errors, module.Errors, module.Module, "error code");
                AddAll(terms, module.Terms, module.Module, "term");
                AddAll(actions, module.AuditActions, module.Module, "audit action");
            }
            var menu = candidate.SelectMany(m => m.Menu.Select(e => e with { Group = e.Group ?? m.MenuGroup
                    ?? throw new InvalidOperationException($"The menu entry {e.Href} of module {m.Module} has no menu group: set the vocabulary's MenuGroup") }))
                .OrderBy(m => m.Order).ThenBy(m => m.Href, StringComparer.Ordinal).ToList();
            Modules[vocabulary.Module] = vocabulary;
            index = new Index(errors, terms, actions, menu);
        }
    }

    static void AddAll(Dictionary<string, Words> into, IReadOnlyDictionary<string, Words> words, string module, string what)
    {
        foreach (var (key, value) in words)
            if (!into.TryAdd(key, value))
                throw new InvalidOperationException($"The {what} '{key}' of module {module} is already registered by another module");
    }

    public static IServiceCollection AddVocabulary(this IServiceCollection services, ModuleVocabulary vocabulary)
    {
        Register(vocabulary);
        return services;
    }

    public static bool TryError(string code, out Words words) => index.Errors.TryGetValue(code, out words);
    public static bool TryTerm(string key, out Words words) => index.Terms.TryGetValue(key, out words);
    public static bool TryAuditAction(string action, out Words words) => index.AuditActions.TryGetValue(action, out words);

    public static IReadOnlyCollection<string> ErrorCodes => index.Errors.Keys;
    public static IReadOnlyCollection<string> AuditActionCodes => index.AuditActions.Keys;
    public static IReadOnlyList<MenuEntry> Menu => index.Menu;

    /// <summary>An audit action's words; an action nobody registered as it is (old entries stay readable).</summary>
    public static string AuditAction(string action) => TryAuditAction(action, out var words) ? words.In() : action;
}
