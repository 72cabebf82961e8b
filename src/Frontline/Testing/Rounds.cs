using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Testing;

/// <summary>A new round; <c>Labs</c> names lab accounts that may report results for any of its tubes (optional).</summary>
public sealed record RoundInput(
    [Required] string? Name, [Required, Description("Codes of the jurisdictions the round covers.")] string[]? Scope,
    [Required] DateTimeOffset? StartsAt, [Required, Description("After startsAt.")] DateTimeOffset? EndsAt,
    [OneOf(1, 5, 10, 20), Description("People a tube, default 10.")] int? PoolSize,
    [Description("Lab accounts that may report results for any tube of the round, wherever it was sampled.")] string[]? Labs = null);
public sealed record RoundView(string Id, string Name, string[] Scope, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int PoolSize,
    [OneOf(typeof(RoundState))] string State, string[] Labs);
public sealed record ExemptionInput(
    [Required] string? PersonId, [Required, OneOf("away", "bedridden", "other")] string? Reason,
    [Description("Default today.")] DateOnly? From, [Description("Open-ended when absent; not before from.")] DateOnly? Until);

/// <summary>
/// Rounds and sites, read on every scan: held in memory and reloaded when one is added or changed here,
/// or after 30 s (another node may have added one).
/// </summary>
public sealed class TestingDirectory
{
    sealed record Snapshot(Dictionary<long, TestingRound> Rounds, Dictionary<string, SamplingSite> Sites);

    readonly IDbContextFactory<FrontlineDb> dbs;
    readonly CachedSnapshot<Snapshot> snapshot;

    public TestingDirectory(IDbContextFactory<FrontlineDb> dbs, TimeProvider clock)
    {
        this.dbs = dbs;
        snapshot = new CachedSnapshot<Snapshot>(LoadAsync, clock, TimeSpan.FromSeconds(30));
    }

    public Task<TestingRound?> RoundAsync(long id, CancellationToken ct) => snapshot.FindAsync(s => s.Rounds.GetValueOrDefault(id), ct);

    public Task<SamplingSite?> SiteAsync(string code, CancellationToken ct) => snapshot.FindAsync(s => s.Sites.GetValueOrDefault(code), ct);

    public async Task<IReadOnlyCollection<TestingRound>> RoundsAsync(CancellationToken ct) => (await snapshot.GetAsync(ct)).Rounds.Values;
    public async Task<IReadOnlyCollection<SamplingSite>> SitesAsync(CancellationToken ct) => (await snapshot.GetAsync(ct)).Sites.Values;

    public void Invalidate() => snapshot.Invalidate();

    async Task<Snapshot> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return new Snapshot(
            await db.Set<TestingRound>().AsNoTracking().ToDictionaryAsync(r => r.Id, ct),
            await db.Set<SamplingSite>().AsNoTracking().ToDictionaryAsync(x => x.Code, ct));
    }
}

public sealed class Rounds(IDbContextFactory<FrontlineDb> dbs, TestingDirectory directory, JurisdictionDirectory jurisdictions,
    AuditLog audit, TimeProvider clock)
{
    public const int MaxLabs = 20;

    public RoundView View(TestingRound r) => new(r.Id.ToString(), r.Name, r.Scope, r.StartsAt.ToChina(), r.EndsAt.ToChina(), r.PoolSize,
        TestingRules.EffectiveState(r, clock.GetUtcNow().UtcDateTime).ToString().ToLowerInvariant(), r.Labs);

    public async Task<long> CreateRoundAsync(Caller caller, RoundInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var name = FieldError.Required(errors, "name", input.Name, 128);
        var scope = (input.Scope ?? []).Select(c => c?.Trim() ?? "").Where(c => c.Length > 0).Distinct().ToArray();
        if (scope.Length == 0) errors.Add(new("scope", "missing-field", "scope"));
        foreach (var code in scope)
        {
            if (await jurisdictions.GetAsync(code, ct) is null) errors.Add(new("scope", "unknown-community", code));
            else if (!caller.Scope.Contains(code)) errors.Add(new("scope", "out-of-scope"));
        }
        if (input.StartsAt is null) errors.Add(new("startsAt", "missing-field", "startsAt"));
        if (input.EndsAt is null) errors.Add(new("endsAt", "missing-field", "endsAt"));
        if (input.StartsAt is { } s && input.EndsAt is { } e && e <= s) errors.Add(new("endsAt", "invalid-field", "endsAt"));
        var pool = input.PoolSize ?? 10;
        if (!TestingRules.PoolSizes.Contains(pool)) errors.Add(new("poolSize", "invalid-pool-size"));
        await using var db = await dbs.CreateDbContextAsync(ct);
        var labs = await LabsAsync(db, errors, input.Labs, ct);
        if (errors.Count > 0) throw new ValidationFailed(errors);

        var round = new TestingRound
        {
            Name = name!, ScopeCodes = string.Join(",", scope), StartsAt = input.StartsAt!.Value.UtcDateTime, EndsAt = input.EndsAt!.Value.UtcDateTime,
            PoolSize = pool, State = RoundState.Planned, CreatedBy = caller.UserName, CreatedAt = clock.GetUtcNow().UtcDateTime,
            LabAccounts = string.Join(",", labs),
        };
        db.Add(round);
        await db.SaveChangesAsync(ct);
        db.Audit.Add(audit.Entry(caller, TestingAuditActions.RoundCreate, $"round:{round.Id}", caller.Scope.Code, detail: new { name, scope, pool, labs }));
        await db.SaveChangesAsync(ct);
        directory.Invalidate();
        return round.Id;
    }

    public async Task CloseRoundAsync(Caller caller, long id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var round = await db.Set<TestingRound>().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (round is null || !Visible(caller, round)) throw new NotFoundException("round");
        // A street may see a district-wide round, but only whoever commands all of it closes it.
        if (!round.Scope.All(caller.Scope.Contains)) throw new DomainException("forbidden", StatusCodes.Status403Forbidden);
        round.State = RoundState.Closed;
        round.ClosedAt ??= clock.GetUtcNow().UtcDateTime;
        db.Audit.Add(audit.Entry(caller, TestingAuditActions.RoundClose, $"round:{id}", caller.Scope.Code));
        await db.SaveChangesAsync(ct);
        directory.Invalidate();
    }

    /// <summary>The lab accounts named for a round, each a user of the lab role; one field error names every other.</summary>
    static async Task<List<string>> LabsAsync(FrontlineDb db, List<FieldError> errors, string?[]? names, CancellationToken ct)
    {
        if (names is null) return [];
        if (names.Any(n => n is null))
        {
            errors.Add(new("labs", "invalid-item"));
            return [];
        }
        var labs = names.Select(n => n!.Trim()).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (labs.Count > MaxLabs)
        {
            errors.Add(new("labs", "invalid-field", "labs"));
            return [];
        }
        if (labs.Count == 0) return labs;
        var found = await db.Users.Where(u => labs.Contains(u.UserName!)
                && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Lab)))
            .Select(u => u.UserName!).ToListAsync(ct);
        var refused = labs.Where(n => !found.Contains(n, StringComparer.Ordinal)).ToList();
        if (refused.Count > 0) errors.Add(new("labs", "unknown-lab", string.Join("、", refused)));
        return labs;
    }

    /// <summary>A round is visible to whoever's jurisdiction it touches.</summary>
    public static bool Visible(Caller caller, TestingRound round) =>
        round.Scope.Any(code => caller.Scope.Contains(code) || new JurisdictionScope(code).Contains(caller.Scope.Code));

    public async Task<TestingRound> GetAsync(Caller caller, long id, CancellationToken ct = default)
    {
        var round = await directory.RoundAsync(id, ct);
        if (round is null || !Visible(caller, round)) throw new NotFoundException("round");
        return round;
    }

    public async Task<IReadOnlyList<RoundView>> ListAsync(Caller caller, CancellationToken ct = default) =>
        (await directory.RoundsAsync(ct)).Where(r => Visible(caller, r)).OrderByDescending(r => r.StartsAt).Select(View).ToList();

    public static readonly string[] ExemptionReasons = ["away", "bedridden", "other"];

    public async Task<long> ExemptAsync(Caller caller, ExemptionInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        if (!ExemptionReasons.Contains(input.Reason)) errors.Add(new("reason", "invalid-field", "reason"));
        if (!long.TryParse(input.PersonId, out var personId)) errors.Add(new("personId", "missing-field", "personId"));
        if (input.From is { } f && input.Until is { } u && u < f) errors.Add(new("until", "invalid-field", "until"));
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var person = await db.Persons.AsNoTracking().FirstOrDefaultAsync(p => p.Id == personId, ct);
        if (person is null || !caller.Scope.Contains(person.CommunityCode)) throw new NotFoundException("person");
        var exemption = new TestingExemption
        {
            PersonId = personId, CommunityCode = person.CommunityCode, Reason = input.Reason!, From = input.From ?? ChinaTime.Today(clock),
            Until = input.Until, CreatedBy = caller.UserName, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.Add(exemption);
        db.Audit.Add(audit.Entry(caller, TestingAuditActions.Exempt, $"person:{personId}", person.CommunityCode, input.Reason));
        await db.SaveChangesAsync(ct);
        return exemption.Id;
    }
}
