using System.ComponentModel;
using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Frontline.Browser;

/// <summary>
/// A browser test: reported as skipped, never silently passed, on a machine without Debian's Chromium
/// (Playwright's own browser download is not used here). When one fails, the open pages' screenshots and text
/// are kept and the failure message says where, whichever flow it was (<see cref="BrowserTestRunner"/>).
/// </summary>
[XunitTestCaseDiscoverer("Frontline.Browser.BrowserTestDiscoverer", "Frontline.Browser")]
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public BrowserFactAttribute()
    {
        if (!File.Exists(ChromiumPath))
            Skip = $"They need Debian's Chromium at {ChromiumPath} (Playwright's own browser download is not used): apt-get install chromium, or run bash .ci/run, which installs it.";
    }
}

public sealed class BrowserTestDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo attribute) =>
        [new BrowserTestCase(diagnostics, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method)];
}

public sealed class BrowserTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("For xunit's deserializer only")]
    public BrowserTestCase() { }

    public BrowserTestCase(IMessageSink diagnostics, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod method)
        : base(diagnostics, display, displayOptions, method) { }

    public override Task<RunSummary> RunAsync(IMessageSink diagnostics, IMessageBus bus, object[] constructorArguments,
        ExceptionAggregator aggregator, CancellationTokenSource cancellation) =>
        new CaseRunner(this, DisplayName, SkipReason, constructorArguments, TestMethodArguments, bus, aggregator, cancellation).RunAsync();

    sealed class CaseRunner(IXunitTestCase testCase, string displayName, string skipReason, object[] constructorArguments,
        object[] testMethodArguments, IMessageBus bus, ExceptionAggregator aggregator, CancellationTokenSource cancellation)
        : XunitTestCaseRunner(testCase, displayName, skipReason, constructorArguments, testMethodArguments, bus, aggregator, cancellation)
    {
        protected override XunitTestRunner CreateTestRunner(ITest test, IMessageBus messageBus, Type testClass, object[] constructorArguments,
            MethodInfo testMethod, object[] testMethodArguments, string skipReason, IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes,
            ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
            new BrowserTestRunner(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason,
                beforeAfterAttributes, aggregator, cancellationTokenSource);
    }
}

/// <summary>Runs a flow; when it failed, keeps what the browser showed and puts the files' paths into the failure.</summary>
public sealed class BrowserTestRunner(ITest test, IMessageBus bus, Type testClass, object[] constructorArguments, MethodInfo testMethod,
    object[] testMethodArguments, string skipReason, IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes,
    ExceptionAggregator aggregator, CancellationTokenSource cancellation)
    : XunitTestRunner(test, bus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellation)
{
    protected override async Task<decimal> InvokeTestMethodAsync(ExceptionAggregator aggregator)
    {
        var started = DateTimeOffset.Now;
        var time = await base.InvokeTestMethodAsync(aggregator);
        if (ConstructorArguments.OfType<AppFixture>().FirstOrDefault() is not { } app || app.Browser is null) return time;
        if (aggregator.HasExceptions)
        {
            var failure = aggregator.ToException();
            IReadOnlyList<string> kept;
            try { kept = await app.KeepFailureAsync(Test.DisplayName, started); }
            catch (Exception e) { kept = [$"(nothing kept: {e.Message})"]; }
            aggregator.Clear();
            aggregator.Add(new BrowserFlowFailed(failure, kept));
        }
        await app.CloseContextsAsync();
        return time;
    }
}

/// <summary>A flow's failure as it happened (the inner exception, in full), with the files that show what the browser and the server were doing.</summary>
public sealed class BrowserFlowFailed(Exception failure, IReadOnlyList<string> kept)
    : Exception($"{failure.Message.Split('\n')[0].Trim()}\nKept for this failure:\n  {string.Join("\n  ", kept)}", failure);
