using System.Reflection;
using Frontline.Platform;
using MiniExcelLibs;

namespace Frontline.Tests.Platform;

public sealed partial class ModuleSeamsTests
{
    /// <summary>
    /// Issue 7, finding 14: every spreadsheet handed out neutralises the cells a spreadsheet program would run as a
    /// formula, because every one is written by <see cref="SpreadsheetExport"/>. A method anywhere else that writes
    /// through MiniExcel (SaveAs…, Insert…) would write what it is given as it is.
    /// </summary>
    [Fact]
    public void Only_SpreadsheetExport_writes_spreadsheets()
    {
        static bool Writes(MemberInfo m) => m is MethodBase { DeclaringType: { } t } method && t.Assembly == typeof(MiniExcel).Assembly
            && (method.Name.StartsWith("SaveAs", StringComparison.Ordinal) || method.Name.StartsWith("Insert", StringComparison.Ordinal));
        static bool IsExport(Type? t)
        {
            for (; t is not null; t = t.DeclaringType)
                if (t == typeof(SpreadsheetExport)) return true;
            return false;
        }
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var writers = App.GetTypes()
            .SelectMany(t => t.GetMethods(all).Cast<MethodBase>().Concat(t.GetConstructors(all)))
            .Where(m => ReferencedBy(m).Any(Writes))
            .Select(m => (Type: m.DeclaringType!, m.Name)).ToList();
        Assert.Contains(writers, w => IsExport(w.Type));
        var elsewhere = writers.Where(w => !IsExport(w.Type)).Select(w => $"{w.Type}.{w.Name}").ToList();
        Assert.True(elsewhere.Count == 0, "spreadsheets written outside SpreadsheetExport:\n" + string.Join("\n", elsewhere));
    }
}
