using Frontline.Containment;
using Frontline.Platform;
using Microsoft.EntityFrameworkCore;

namespace Frontline.Components;

/// <summary>
/// A role's first page: where it lands after signing in and at <c>/</c>.
/// </summary>
/// <param name="Page">The page it lands on, or falls back to when <paramref name="Sharper"/> finds nothing more specific.</param>
/// <param name="Sharper">A more specific page found from the data: the one facility.</param>
public sealed record LandingRule(string Role, string Page, Func<Landing, Caller, CancellationToken, Task<string?>>? Sharper = null);

/// <summary>
/// Each role starts on its main task rather than on the jurisdiction tree (which stays in the menu). The table is read
/// top to bottom and the first role the person holds decides, so a person with two roles starts on the broader one.
/// It sits above every module (beside the layout) because it names pages of several of them.
/// </summary>
public sealed class Landing(IDbContextFactory<FrontlineDb> dbs)
{
    public static readonly IReadOnlyList<LandingRule> Table =
    [
        new(Roles.Administrator, "/jurisdictions"),
        // A commander starts on the day at a glance (the dashboard of their jurisdiction); the open round is one click from it.
        new(Roles.DistrictCommander, "/dashboard"),
        new(Roles.StreetCommander, "/dashboard"),
        new(Roles.CommunityWorker, "/registry/verification"),
        new(Roles.Sampler, "/sampler/"),
        new(Roles.Lab, "/testing/results"),
        new(Roles.Investigator, "/investigation/cases"),
        new(Roles.Dispatcher, "/transfers"),
        new(Roles.FacilityStaff, "/containment/facilities", (l, c, ct) => l.OnlyFacilityAsync(c, ct)),
        new(Roles.Inspector, "/command/inspections"),
        new(Roles.HotlineOperator, "/requests"),
        new(Roles.Auditor, "/audit"),
    ];

    /// <summary>Where this person starts: their role's page, else the first page of their menu, else the policy set everyone may read.</summary>
    public async Task<string> PageAsync(Caller caller, CancellationToken ct = default)
    {
        if (Table.FirstOrDefault(r => caller.Principal.IsInRole(r.Role)) is { } rule)
            return (rule.Sharper is null ? null : await rule.Sharper(this, caller, ct)) ?? rule.Page;
        return Vocabulary.Menu.FirstOrDefault(i => i.Permission is null || caller.Principal.Has(i.Permission))?.Href ?? "/policy";
    }

    /// <summary>A page the browser loads itself (the sampler's offline page), not one of the Blazor router's.</summary>
    public static bool FullPageLoad(string page) => Vocabulary.Menu.Any(i => i.FullPageLoad && i.Href == page);

    /// <summary>A facility's staff see their own facility's room grid when their jurisdiction holds just one.</summary>
    async Task<string?> OnlyFacilityAsync(Caller caller, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var ids = await db.Facilities.AsNoTracking().InScope(caller.Scope).OrderBy(f => f.Id).Select(f => f.Id).Take(2).ToListAsync(ct);
        return ids.Count == 1 ? $"/containment/facilities/{ids[0]}" : null;
    }
}
