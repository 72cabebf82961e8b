using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;

namespace Frontline.Containment;

public sealed record IntakeResolutionInput(
    [Required, OneOf("taken-in", "sent-elsewhere", "not-arrived"), Description("taken-in: the person has an active stay now; sent-elsewhere: to another facility or hospital; not-arrived: never got off the vehicle.")] string? Outcome,
    [Description("Where they were sent or what happened; required unless taken in. At most 500 characters.")] string? Note);

/// <summary>
/// An arrival that could not be taken in (no free room, already staying elsewhere) is settled by the facility's staff:
/// taken in after all, sent elsewhere, or not arrived — who, when, how and a note, audited. Taking the person in
/// through the intake settles it by itself (<see cref="TakenInAsync"/>).
/// </summary>
public sealed class IntakeFailures(IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock)
{
    public const int MaxNote = 500;

    public async Task ResolveAsync(Caller caller, long id, IntakeResolutionInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var outcome = StayRules.ParseResolution(input.Outcome);
        if (string.IsNullOrWhiteSpace(input.Outcome)) errors.Add(new("outcome", "missing-field", "outcome"));
        else if (outcome is null) errors.Add(new("outcome", "intake-invalid-outcome"));
        var note = input.Note?.Trim();
        if (note is { Length: > MaxNote }) errors.Add(new("note", "field-too-long", "note", MaxNote));
        else if ((outcome is IntakeResolution.SentElsewhere or IntakeResolution.NotArrived) && string.IsNullOrEmpty(note))
            errors.Add(new("note", "intake-note-required"));

        await using var db = await dbs.CreateDbContextAsync(ct);
        var failure = await db.IntakeFailures.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct) ?? throw new NotFoundException("intake-failure");
        // Another jurisdiction's facility is answered as a failure that does not exist.
        var facility = await db.Facilities.AsNoTracking().InScope(caller.Scope).FirstOrDefaultAsync(f => f.Id == failure.FacilityId, ct)
            ?? throw new NotFoundException("intake-failure");
        if (errors.Count > 0) throw new ValidationFailed(errors);
        if (failure.ResolvedAt is { } resolvedAt)
            throw new DomainException("intake-failure-resolved", StatusCodes.Status409Conflict, null, failure.ResolvedBy ?? "", resolvedAt.Display());
        // "Taken in" is a fact the stays can show, never a word alone: a person without an active stay is still unplaced.
        if (outcome == IntakeResolution.TakenIn && !await db.Stays.AnyAsync(s => s.PersonId == failure.PersonId && s.Status == StayStatus.Active, ct))
            throw new DomainException("intake-not-staying", StatusCodes.Status409Conflict, "outcome");

        var now = clock.GetUtcNow().UtcDateTime;
        var text = string.IsNullOrEmpty(note) ? null : note;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Conditional on still being open: two staff settling the same arrival at once, one wins.
        var changed = await db.IntakeFailures.Where(f => f.Id == id && f.ResolvedAt == null).ExecuteUpdateAsync(u => u
            .SetProperty(f => f.ResolvedAt, now).SetProperty(f => f.ResolvedBy, caller.UserName)
            .SetProperty(f => f.Resolution, outcome).SetProperty(f => f.ResolutionNote, text), ct);
        if (changed == 0)
        {
            await tx.RollbackAsync(ct);
            var winner = await db.IntakeFailures.AsNoTracking().FirstAsync(f => f.Id == id, ct);
            throw new DomainException("intake-failure-resolved", StatusCodes.Status409Conflict, null, winner.ResolvedBy ?? "", (winner.ResolvedAt ?? now).Display());
        }
        db.Audit.Add(audit.Entry(caller, StayAuditActions.IntakeResolve, $"facility:{facility.Id}", facility.CommunityCode, detail: new
        {
            failureId = id, failure.TransferId, failure.PersonId, code = failure.Code, outcome = StayRules.Code(outcome!.Value), note = text,
        }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// A person taken in at a facility settles their open intake failures there, in the intake's transaction: the staff
    /// who took them in did what the failure asked for.
    /// </summary>
    internal static async Task TakenInAsync(FrontlineDb db, AuditLog audit, Caller caller, Facility facility, long personId, long stayId, DateTime now, CancellationToken ct)
    {
        var open = await db.IntakeFailures.AsNoTracking().Where(f => f.FacilityId == facility.Id && f.PersonId == personId && f.ResolvedAt == null)
            .Select(f => f.Id).ToListAsync(ct);
        if (open.Count == 0) return;
        var note = $"入住登记（隔离记录 {stayId}）";
        await db.IntakeFailures.Where(f => open.Contains(f.Id) && f.ResolvedAt == null).ExecuteUpdateAsync(u => u
            .SetProperty(f => f.ResolvedAt, now).SetProperty(f => f.ResolvedBy, caller.UserName)
            .SetProperty(f => f.Resolution, (IntakeResolution?)IntakeResolution.TakenIn).SetProperty(f => f.ResolutionNote, note), ct);
        db.Audit.Add(audit.Entry(caller, StayAuditActions.IntakeResolve, $"facility:{facility.Id}", facility.CommunityCode, detail: new
        {
            failureIds = open, personId, stayId, outcome = StayRules.Code(IntakeResolution.TakenIn),
        }));
    }
}
