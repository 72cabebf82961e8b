namespace Frontline.Platform;

/// <summary>
/// A module's share of the living demo district: a small, deterministic amount of its work made through the module's
/// own services, once, right after the registry seeded a fresh database (Frontline:Demo, Frontline:DemoActivity).
/// Modules add theirs in order (<see cref="Order"/>); a later module's activity may build on an earlier one's.
/// </summary>
public interface IDemoActivity
{
    int Order { get; }
    Task SeedAsync(CancellationToken ct);
}
