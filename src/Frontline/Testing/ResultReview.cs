using System.ComponentModel.DataAnnotations;
using System.ComponentModel;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;

namespace Frontline.Testing;

/// <summary>A result of a tube under review; <c>SentBy</c> is the account that sent it, <c>Lab</c> the name the result gives itself.</summary>
public sealed record ReviewedResult(string Id, [OneOf(typeof(Outcome))] string Outcome, double? CtOrf1ab, double? CtN, string? Lab, DateTimeOffset? ReportedAt,
    string? SentBy);

/// <summary>A tube whose lab sent a second, different result: the result in force and the ones waiting for a decision.</summary>
public sealed record ResultConflict(string TubeId, string TubeCode, string RoundId, string CommunityCode, int People,
    ReviewedResult InForce, IReadOnlyList<ReviewedResult> Waiting);

public sealed record ReviewDecisionInput([Required, OneOf(ResultReview.Adopt, ResultReview.Keep)] string? Decision, [Required, Description("The reason, at most 500 characters; audited.")] string? Note);

/// <summary>
/// Conflicting lab results, kept and flagged by <see cref="ResultIngest"/>, are decided here by a person: adopt the
/// new result (it comes into force and sets off what a first result of its kind would) or keep the one in force.
/// What the earlier result already set off stays: controls are lifted and re-test orders closed only by the
/// individual re-tests, as for any pool. Every decision is audited with its reason.
/// </summary>
public sealed class ResultReview(IDbContextFactory<FrontlineDb> dbs, SqlDialect sql, PolicySets policies, Outbox outbox, AuditLog audit,
    TimeProvider clock, ILogger<ResultReview> log)
{
    public const string Adopt = "adopt";
    public const string Keep = "keep";
    public const int MaxNote = 500;

    public async Task<Paged<ResultConflict>> ListAsync(Caller caller, long? roundId, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var tubes = db.Set<Tube>().AsNoTracking().Where(t => t.NeedsReview).InScope(caller.Scope);
        if (roundId is { } round) tubes = tubes.Where(t => t.RoundId == round);
        var total = await tubes.LongCountAsync(ct);
        var rows = await tubes.OrderBy(t => t.ResultAt).ThenBy(t => t.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        var ids = rows.Select(t => t.Id).ToList();
        var results = (await db.Set<LabResult>().AsNoTracking().Where(r => ids.Contains(r.TubeId)).OrderBy(r => r.ReceivedAt).ToListAsync(ct))
            .ToLookup(r => r.TubeId);
        var waiting = results.SelectMany(g => g).Where(r => r.Conflicting && r.ReviewedAt == null).ToLookup(r => r.TubeId);
        // The result in force is the latest of the tube's outcome that was applied: its first, or one adopted in a review.
        string? SentBy(Tube t) => results[t.Id].LastOrDefault(r => r.Outcome == t.Outcome && (!r.Conflicting || r.ReviewDecision == Adopt))?.SentBy;
        return new(total, rows.Select(t => new ResultConflict(t.Id.ToString(), t.Code, t.RoundId.ToString(), t.CommunityCode, t.Count,
            new ReviewedResult("", Name(t.Outcome), t.CtOrf1ab, t.CtN, t.Lab, t.ResultAt?.ToChina(), SentBy(t)),
            waiting[t.Id].Select(r => new ReviewedResult(r.Id.ToString(), Name(r.Outcome), r.CtOrf1ab, r.CtN, r.Lab, r.ReportedAt.ToChina(), r.SentBy)).ToList()))
            .ToList());
    }

    static string Name(Outcome outcome) => outcome.ToString().ToLowerInvariant();

    sealed record Waiting(long Id, long TubeId, Outcome Outcome, double? CtOrf1ab, double? CtN, string? Lab, DateTime ReportedAt, bool Reviewed);

    public async Task DecideAsync(Caller caller, long resultId, ReviewDecisionInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        if (input.Decision is not (Adopt or Keep)) errors.Add(new("decision", "invalid-field", "decision"));
        var note = FieldError.Required(errors, "note", input.Note, MaxNote);
        if (errors.Count > 0) throw new ValidationFailed(errors);

        var now = clock.GetUtcNow().UtcDateTime;
        var wroteEvent = false;
        await using var db = await dbs.CreateDbContextAsync(ct);
        using (await sql.EnterWriteGateAsync(ct))
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync(ct);
            await using var tx = await connection.BeginTransactionAsync(ct);
            var result = await WaitingAsync(connection, tx, resultId, ct);
            var tube = result is null ? null : await ResultIngest.TubeAsync(connection, tx, db.IsPostgres, result.TubeId, ct);
            if (result is null || tube is null || !caller.Scope.Contains(tube.Community)) throw new NotFoundException("lab-result");
            if (result.Reviewed) throw new DomainException("already-reviewed", StatusCodes.Status409Conflict);

            if (input.Decision == Adopt && result.Outcome != tube.Outcome)
            {
                var source = new ResultEvent(null, null, tube.Code, null, result.CtOrf1ab, result.CtN, result.Lab, null);
                var buildingCounts = new RoundBuildingTally();
                var applied = new AppliedResults();
                wroteEvent = (await ResultIngest.ApplyAsync(db, connection, tx, policies.Active, tube, result.Outcome, source, result.ReportedAt, now,
                    buildingCounts, applied, ct)).WroteEvent;
                await buildingCounts.WriteAsync(connection, tx, ct);
                wroteEvent |= await applied.WriteAsync(connection, tx, now, ct);
            }
            await MarkReviewedAsync(connection, tx, result.Id, input.Decision!, caller.UserName, note!, now, ct);
            if (db.Database.CurrentTransaction is null) await db.Database.UseTransactionAsync(tx, ct);
            db.Audit.Add(audit.Entry(caller, TestingAuditActions.ResultReview, $"tube:{tube.Code}", tube.Community, note,
                new { result = result.Id, decision = input.Decision, inForce = Name(tube.Outcome), other = Name(result.Outcome) }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            log.LogInformation("Conflicting result {Result} of tube {Tube} ({InForce} in force, {Other} sent): {Decision} by {User}",
                result.Id, tube.Code, tube.Outcome, result.Outcome, input.Decision, caller.UserName);
        }
        if (wroteEvent) outbox.Notify();
    }

    static async Task<Waiting?> WaitingAsync(DbConnection connection, DbTransaction tx, long resultId, CancellationToken ct)
    {
        await using var cmd = Sql.Command(connection, tx, """
            SELECT id, tube_id, outcome, ct_orf1ab, ct_n, lab, reported_at, reviewed_at FROM lab_results WHERE id = @id AND conflicting = @true
            """, "@id", "@true");
        cmd.Set("@id", resultId);
        cmd.Set("@true", true);
        return (await Sql.ReadAsync(cmd, r => new Waiting(r.GetInt64(0), r.GetInt64(1), (Outcome)r.GetInt32(2),
            r.IsDBNull(3) ? null : r.GetDouble(3), r.IsDBNull(4) ? null : r.GetDouble(4), r.IsDBNull(5) ? null : r.GetString(5),
            DateTime.SpecifyKind(r.GetDateTime(6), DateTimeKind.Utc), !r.IsDBNull(7)), ct)).SingleOrDefault();
    }

    /// <summary>Records the decision; the tube leaves the review list when no other result of it waits.</summary>
    static async Task MarkReviewedAsync(DbConnection connection, DbTransaction tx, long resultId, string decision, string user, string note,
        DateTime now, CancellationToken ct)
    {
        await using var mark = Sql.Command(connection, tx, """
            UPDATE lab_results SET reviewed_at = @now, reviewed_by = @user, review_decision = @decision, review_note = @note WHERE id = @id
            """, "@now", "@user", "@decision", "@note", "@id");
        mark.Set("@now", now);
        mark.Set("@user", user);
        mark.Set("@decision", decision);
        mark.Set("@note", note);
        mark.Set("@id", resultId);
        await mark.ExecuteNonQueryAsync(ct);
        await using var clear = Sql.Command(connection, tx, """
            UPDATE tubes SET needs_review = @false WHERE id = (SELECT tube_id FROM lab_results WHERE id = @id)
            AND NOT EXISTS (SELECT 1 FROM lab_results o WHERE o.tube_id = tubes.id AND o.conflicting = @true AND o.reviewed_at IS NULL)
            """, "@false", "@true", "@id");
        clear.Set("@false", false);
        clear.Set("@true", true);
        clear.Set("@id", resultId);
        await clear.ExecuteNonQueryAsync(ct);
    }
}
