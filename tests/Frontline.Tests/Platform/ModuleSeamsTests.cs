using System.Reflection;
using System.Reflection.Emit;
using System.Text.RegularExpressions;
using Frontline.Platform;
using Frontline.Tests.Support;

namespace Frontline.Tests.Platform;

/// <summary>
/// The seams of design.md: Platform uses no module (dependencies run one way), and every code, audit action and
/// menu entry a module uses has its words in both languages.
/// </summary>
public sealed partial class ModuleSeamsTests
{
    static readonly Assembly App = typeof(FrontlineDb).Assembly;
    static readonly string[] ModuleNamespaces =
        ["Frontline.Registry", "Frontline.Supervision", "Frontline.Testing", "Frontline.Investigation", "Frontline.Containment",
         "Frontline.Command", "Frontline.Components"];

    static bool IsPlatform(Type t) => t.Namespace is { } ns && (ns == "Frontline.Platform" || ns.StartsWith("Frontline.Platform.", StringComparison.Ordinal));

    static bool IsModule(Type? t)
    {
        for (; t is not null; t = t.DeclaringType)
        {
            if (t.IsGenericType && !t.IsGenericTypeDefinition && t.GetGenericArguments().Any(IsModule)) return true;
            if (t.IsArray) return IsModule(t.GetElementType());
            if (t.Namespace is { } ns && ModuleNamespaces.Any(m => ns == m || ns.StartsWith(m + ".", StringComparison.Ordinal))) return true;
            // The composition root (RolePermissions, Program) sits above every module too.
            if (t.Namespace == "Frontline" && t.Assembly == App && !t.Name.StartsWith('<')) return true;
        }
        return false;
    }

    static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>Every type, method, field or string a method body names, read from its IL.</summary>
    static IEnumerable<MemberInfo> ReferencedBy(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var i = 0; i < il.Length;)
        {
            short value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            var op = OpCodesByValue[value];
            i += op.Size;
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, i);
                    MemberInfo? member = null;
                    try { member = method.Module.ResolveMember(token, typeArgs, methodArgs); }
                    catch (ArgumentException) { }
                    if (member is not null) yield return member;
                    i += 4;
                    break;
                case OperandType.InlineNone: break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar: i += 1; break;
                case OperandType.InlineVar: i += 2; break;
                case OperandType.InlineI8 or OperandType.InlineR: i += 8; break;
                case OperandType.InlineSwitch: i += 4 + 4 * BitConverter.ToInt32(il, i); break;
                default: i += 4; break;
            }
        }
    }

    static IEnumerable<string> ModuleUsesOf(Type type)
    {
        if (IsModule(type.BaseType)) yield return $"{type} derives from {type.BaseType}";
        foreach (var i in type.GetInterfaces().Where(IsModule)) yield return $"{type} implements {i}";
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var f in type.GetFields(all).Where(f => IsModule(f.FieldType))) yield return $"{type}.{f.Name} is a {f.FieldType}";
        foreach (var p in type.GetProperties(all).Where(p => IsModule(p.PropertyType))) yield return $"{type}.{p.Name} is a {p.PropertyType}";
        foreach (var m in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (m is MethodInfo mi && IsModule(mi.ReturnType)) yield return $"{type}.{m.Name} returns {mi.ReturnType}";
            foreach (var p in m.GetParameters().Where(p => IsModule(p.ParameterType))) yield return $"{type}.{m.Name} takes {p.ParameterType}";
            foreach (var used in ReferencedBy(m))
            {
                var owner = used as Type ?? used.DeclaringType;
                if (IsModule(owner)) yield return $"{type}.{m.Name} uses {owner}.{used.Name}";
            }
        }
    }

    [Fact]
    public void Platform_uses_no_module()
    {
        var platform = App.GetTypes().Where(IsPlatform).ToList();
        Assert.True(platform.Count > 20, "the scan found Platform's types");
        var uses = platform.SelectMany(ModuleUsesOf).Distinct().ToList();
        Assert.True(uses.Count == 0, "Platform must not use a module:\n" + string.Join("\n", uses));
    }

    /// <summary>design.md's floors: a module may use the floors below it, never one beside or above it.</summary>
    static readonly Dictionary<string, int> Floors = new()
    {
        ["Frontline.Platform"] = 1, ["Frontline.Registry"] = 2, ["Frontline.Supervision"] = 2, ["Frontline.Testing"] = 3,
        ["Frontline.Investigation"] = 4, ["Frontline.Containment"] = 5, ["Frontline.Command"] = 6,
    };

    static string? ModuleOf(Type? t)
    {
        while (t?.DeclaringType is not null) t = t.DeclaringType;
        return t?.Namespace is { } ns ? Floors.Keys.FirstOrDefault(m => ns == m || ns.StartsWith(m + ".", StringComparison.Ordinal)) : null;
    }

    [Fact]
    public void Each_module_uses_only_the_floors_below_it()
    {
        var wrong = new List<string>();
        foreach (var type in App.GetTypes())
        {
            if (ModuleOf(type) is not { } module) continue;
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var used = type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)).SelectMany(ReferencedBy)
                .Select(m => m as Type ?? m.DeclaringType)
                .Concat(type.GetFields(all).Select(f => f.FieldType)).Concat(type.GetConstructors(all).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType));
            foreach (var other in used.Select(ModuleOf).Where(m => m is not null && m != module).Distinct())
                if (Floors[other!] >= Floors[module]) wrong.Add($"{type} ({module}, floor {Floors[module]}) uses {other} (floor {Floors[other!]})");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong.Distinct()));
    }

    [Fact]
    public void The_scan_sees_a_module_used_from_a_method_body()
    {
        // The check above must be able to fail: a Registry page's code uses Registry's labels in its body.
        var page = App.GetTypes().First(t => t.Namespace == "Frontline.Registry.Pages");
        Assert.Contains(App.GetTypes().Where(t => t.Namespace?.StartsWith("Frontline.Registry", StringComparison.Ordinal) == true)
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .SelectMany(ReferencedBy), m => (m as Type ?? m.DeclaringType)?.Name == "RegistryLabels");
        Assert.NotNull(page);
    }

    static string SourceRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Frontline.slnx"))) dir = dir.Parent;
            return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), "src", "Frontline");
        }
    }

    static IEnumerable<(string File, string Text)> Sources() =>
        Directory.EnumerateFiles(SourceRoot, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(f => (Path.GetRelativePath(SourceRoot, f), File.ReadAllText(f)));

    // The places a code is thrown or answered: exceptions, field and row errors, item refusals and problems.
    [GeneratedRegex(@"(?:DomainException|FieldError|RowError|Reject|Refuse|Problems\.Of|Problem)\((?:[^()""]|\([^()]*\))*?""(?<code>[a-z][a-z0-9]*(?:-[a-z0-9]+)+)""")]
    private static partial Regex ThrownCode();

    [GeneratedRegex(@"ErrorCatalog\.Message\(""(?<code>[a-z][a-z0-9-]+)""")]
    private static partial Regex MessageCode();

    [GeneratedRegex(@"(?:errors\.Add|Error)\(new\((?:[^()""]|\([^()]*\))*?""(?<code>[a-z][a-z0-9]*(?:-[a-z0-9]+)+)""")]
    private static partial Regex AddedCode();

    // Rules hand their refusals back as codes: `return "tube-full"`, `? "round-closed" : null` (in C#; pages use the same form for CSS classes).
    [GeneratedRegex(@"(?:return|\?|:|=>) ""(?<code>[a-z][a-z0-9]*(?:-[a-z0-9]+)+)""")]
    private static partial Regex ReturnedCode();

    /// <summary>Codes of the domain that rules also return, which are values, not errors.</summary>
    static readonly HashSet<string> CodesThatAreNotErrors =
        ["positive-pool", "invalid-tube", "all-or-nothing", "valid-rows", "resident-id", "hk-macau-permit", "taiwan-permit", "moved-out",
         // a stay's test day without an order (StayRules.TestDayState)
         "before-intake", "not-ordered"];

    [Fact]
    public void Every_code_thrown_or_answered_has_words_in_chinese_and_english()
    {
        TestVocabulary.EnsureRegistered();
        var codes = Sources().SelectMany(s => ThrownCode().Matches(s.Text).Concat(MessageCode().Matches(s.Text)).Concat(AddedCode().Matches(s.Text))
                .Concat(s.File.EndsWith(".cs", StringComparison.Ordinal) ? ReturnedCode().Matches(s.Text) : [])
            .Select(m => (s.File, Code: m.Groups["code"].Value))).Where(c => !CodesThatAreNotErrors.Contains(c.Code)).ToList();
        Assert.True(codes.Select(c => c.Code).Distinct().Count() > 30, "the scan found the codes: " + string.Join(", ", codes.Select(c => c.Code).Distinct()));
        var missing = codes.Where(c => !Vocabulary.TryError(c.Code, out _)).Select(c => $"{c.Code} ({c.File})").Distinct().ToList();
        Assert.True(missing.Count == 0, "codes without words:\n" + string.Join("\n", missing));
        foreach (var code in Vocabulary.ErrorCodes)
        {
            Assert.True(Vocabulary.TryError(code, out var words));
            Assert.False(string.IsNullOrWhiteSpace(words.En), code);
            Assert.Contains(words.Zh, c => c >= '\u4e00' && c <= '\u9fff');
            Assert.NotEqual(words.Zh, words.En);
        }
    }

    [GeneratedRegex(@"(?:\.Entry|RecordAsync)\((?:Caller\.System(?: with \{[^}]*\})?|caller|origin(?: with \{[^}]*\})?|[a-z]+)\s*,\s*(?<action>[^,)]+)")]
    private static partial Regex AuditWrite();

    [Fact]
    public void Every_audit_action_written_is_a_registered_constant_with_words_and_in_the_audit_filter()
    {
        TestVocabulary.EnsureRegistered();
        var constants = App.GetTypes().Where(t => t.Name.EndsWith("AuditActions", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral)
                .Select(f => (Name: $"{t.Name}.{f.Name}", Value: (string)f.GetRawConstantValue()!))).ToList();
        Assert.True(constants.Count >= 15, "the scan found the audit action constants");
        var writes = Sources().SelectMany(s => AuditWrite().Matches(s.Text).Select(m => (s.File, Action: m.Groups["action"].Value.Trim())))
            .Where(w => w.Action != "action").ToList();
        Assert.True(writes.Count >= 15, $"the scan found the audit writes ({writes.Count})");
        var notConstant = writes.Where(w => !constants.Any(c => c.Name == w.Action || c.Name.EndsWith("." + w.Action, StringComparison.Ordinal)))
            .Select(w => $"{w.Action} ({w.File})").ToList();
        Assert.True(notConstant.Count == 0, "audit actions written as something other than a module's constant:\n" + string.Join("\n", notConstant));
        foreach (var (name, value) in constants)
        {
            Assert.True(Vocabulary.TryAuditAction(value, out var words), $"{name} = {value} has no words");
            Assert.Contains(words.Zh, c => c >= '\u4e00' && c <= '\u9fff');
            Assert.Contains(value, Vocabulary.AuditActionCodes);
        }
    }

    [Fact]
    public void An_audit_action_without_words_fails_where_it_is_written()
    {
        TestVocabulary.EnsureRegistered();
        var audit = new AuditLog(null!, TimeProvider.System);
        Assert.Throws<InvalidOperationException>(() => audit.Entry(Caller.System, "something.unregistered"));
        Assert.Equal("case.create", audit.Entry(Caller.System, "case.create").Action);
    }

    [Fact]
    public void Two_modules_cannot_claim_one_code()
    {
        TestVocabulary.EnsureRegistered();
        Assert.Throws<InvalidOperationException>(() => Vocabulary.Register(new ModuleVocabulary
        {
            Module = "Impostor",
            Errors = new Dictionary<string, Words> { ["tube-full"] = new("满", "full") },
        }));
        Assert.Equal("该采样管已满，请换新管", ErrorCatalog.Message("tube-full", new System.Globalization.CultureInfo("zh-CN")));
    }

    [Fact]
    public void Every_menu_entry_has_words_a_permission_and_an_existing_page()
    {
        TestVocabulary.EnsureRegistered();
        var routes = App.GetTypes().SelectMany(t => t.GetCustomAttributes<Microsoft.AspNetCore.Components.RouteAttribute>()).Select(r => r.Template).ToHashSet();
        Assert.NotEmpty(Vocabulary.Menu);
        foreach (var entry in Vocabulary.Menu)
        {
            Assert.Contains(entry.Label.Zh, c => c >= '\u4e00' && c <= '\u9fff');
            Assert.NotNull(entry.Permission);
            Assert.True(entry.FullPageLoad || routes.Contains(entry.Href), $"{entry.Href} is no page");
            Assert.NotNull(entry.Group);
        }
        // The menu's parts follow the field's lines of work: the supervised tasks sit with the command, venue codes with the investigation.
        Assert.Equal(MenuGroup.Command, Vocabulary.Menu.Single(e => e.Href == "/tasks").Group);
        Assert.Equal(MenuGroup.Investigation, Vocabulary.Menu.Single(e => e.Href == "/investigation/venues").Group);
        Assert.Equal(MenuGroup.Platform, Vocabulary.Menu.Single(e => e.Href == "/audit").Group);
    }

    [Fact]
    public void A_module_with_menu_entries_names_their_group()
    {
        TestVocabulary.EnsureRegistered();
        var error = Assert.Throws<InvalidOperationException>(() => Vocabulary.Register(new ModuleVocabulary
        {
            Module = "Ungrouped",
            Menu = [new("/ungrouped", new("无组", "No group"), "x.read", 999)],
        }));
        Assert.Contains("/ungrouped", error.Message);
        Assert.DoesNotContain(Vocabulary.Menu, e => e.Href == "/ungrouped");
    }
}
