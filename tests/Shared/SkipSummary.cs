using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Frontline.TestSupport;

/// <summary>
/// xunit as usual, plus one line per skip reason at the end of the run: how many tests were skipped, which
/// classes they are in, and (in the reason) how to run them. `dotnet test` shows each skipped test as a bare
/// "[SKIP]" line and its reason only at detailed verbosity; this line is a diagnostic message, which the runner
/// shows at normal verbosity when xunit.runner.json has "diagnosticMessages": true.
/// </summary>
public sealed class SkipSummaryFramework(IMessageSink diagnostics) : XunitTestFramework(diagnostics)
{
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    sealed class Executor(AssemblyName name, ISourceInformationProvider source, IMessageSink diagnostics)
        : XunitTestFrameworkExecutor(name, source, diagnostics)
    {
        protected override void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink,
            ITestFrameworkExecutionOptions executionOptions) =>
            base.RunTestCases(testCases, new SkipCounter(executionMessageSink, DiagnosticMessageSink), executionOptions);
    }

    /// <summary>Passes every message on; counts the skipped tests by reason and says so just before the run's end.</summary>
    sealed class SkipCounter(IMessageSink inner, IMessageSink diagnostics) : LongLivedMarshalByRefObject, IMessageSink
    {
        readonly Dictionary<string, List<string>> classesByReason = new(StringComparer.Ordinal);

        public bool OnMessage(IMessageSinkMessage message)
        {
            if (message is ITestSkipped skipped)
                lock (classesByReason)
                {
                    if (!classesByReason.TryGetValue(skipped.Reason, out var classes)) classesByReason[skipped.Reason] = classes = [];
                    classes.Add(skipped.TestClass.Class.Name[(skipped.TestClass.Class.Name.LastIndexOf('.') + 1)..]);
                }
            if (message is ITestAssemblyFinished)
                lock (classesByReason)
                    foreach (var (reason, classes) in classesByReason)
                    {
                        var which = string.Join(", ", classes.GroupBy(c => c).OrderBy(g => g.Key, StringComparer.Ordinal)
                            .Select(g => g.Count() == 1 ? g.Key : $"{g.Key} ×{g.Count()}"));
                        diagnostics.OnMessage(new DiagnosticMessage($"{classes.Count} tests skipped ({which}). {reason}"));
                    }
            return inner.OnMessage(message);
        }
    }
}
