using System.Reflection;
using Frontline.Platform;

namespace Frontline.Tests.Support;

/// <summary>
/// Tests of words that build no host register every module's vocabulary as the modules' AddX do. A host's
/// registration of the same vocabulary replaces it with the same words.
/// </summary>
public static class TestVocabulary
{
    static readonly Lazy<bool> Registered = new(() =>
    {
        foreach (var field in typeof(FrontlineDb).Assembly.GetTypes()
                     .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static))
                     .Where(f => f.FieldType == typeof(ModuleVocabulary)))
            Vocabulary.Register((ModuleVocabulary)field.GetValue(null)!);
        return true;
    });

    public static void EnsureRegistered() => _ = Registered.Value;
}
