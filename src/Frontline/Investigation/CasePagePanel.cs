namespace Frontline.Investigation;

/// <summary>
/// A section of the case page contributed by a part of the module (trajectory, companions, contacts, chain, report):
/// the page shows every registered panel in <see cref="Order"/>, each a component taking a <c>long CaseId</c>
/// parameter, so each part of the investigation adds its section without editing the page.
/// </summary>
public sealed record CasePagePanel(string Key, string TitleZh, string TitleEn, Type Component, int Order);

/// <summary>What one panel of the case page changed, for the others to read again.</summary>
public enum CaseChange { Trajectory, Contacts }

/// <summary>
/// The case page's panels are independent components; this lets one tell the others that it changed the case (a
/// companion confirmed as a close contact shows at once among the contacts and in the chain's figures). The page
/// cascades one per case; a panel shown elsewhere gets none and announces to nobody.
/// </summary>
public sealed class CasePageSignals
{
    readonly List<Func<CaseChange, Task>> listeners = [];
    readonly Lock gate = new();

    public IDisposable Listen(Func<CaseChange, Task> listener)
    {
        lock (gate) listeners.Add(listener);
        return new Subscription(this, listener);
    }

    public async Task AnnounceAsync(CaseChange change)
    {
        Func<CaseChange, Task>[] current;
        lock (gate) current = [.. listeners];
        foreach (var listener in current) await listener(change);
    }

    sealed class Subscription(CasePageSignals signals, Func<CaseChange, Task> listener) : IDisposable
    {
        public void Dispose()
        {
            lock (signals.gate) signals.listeners.Remove(listener);
        }
    }
}
