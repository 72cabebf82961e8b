using System.Globalization;
using Frontline.Platform;
using Microsoft.EntityFrameworkCore;

namespace Frontline.Investigation;

/// <summary>A deadline of the case file: when it falls due, when it was met, and how it stands now.</summary>
/// <param name="Status">on-time, late (met after its due time), due (open, not yet due), overdue (open, past due).</param>
public sealed record CaseDeadline(CaseMilestone Milestone, DateTime DueAt, DateTime? DoneAt, string Status, int? MinutesLeft);

/// <summary>The case file's rules as pure functions of the policy set and the case's facts.</summary>
public static class CaseRules
{
    /// <summary>
    /// Whether a case may move from one classification to another: pending → either; asymptomatic → confirmed (symptoms
    /// or CT findings appeared); never confirmed → asymptomatic, never back to pending. Null: allowed (or no change).
    /// </summary>
    public static string? Reclassify(CaseClassification from, CaseClassification to) => (from, to) switch
    {
        _ when from == to => null,
        (_, CaseClassification.Pending) => "case-classification-pending",
        (CaseClassification.Confirmed, CaseClassification.Asymptomatic) => "case-classification-downgrade",
        _ => null,
    };

    /// <summary>
    /// The three deadlines (shared/domain-rules.md, "Investigation deadlines"): reported (网络直报) within CaseReportHours of
    /// the positive result; core facts within InvestigationCoreFactsHours and the full report within InvestigationReportHours
    /// of the case report (the case's entry into the system).
    /// </summary>
    public static IReadOnlyList<CaseDeadline> Deadlines(PolicySet policy, DateTime positiveAt, DateTime reportedAt,
        DateTime? notifiedAt, DateTime? coreFactsAt, DateTime? reportSubmittedAt, DateTime now) =>
    [
        Deadline(CaseMilestone.Notified, positiveAt.AddHours(policy.CaseReportHours), notifiedAt, now),
        Deadline(CaseMilestone.CoreFacts, reportedAt.AddHours(policy.InvestigationCoreFactsHours), coreFactsAt, now),
        Deadline(CaseMilestone.ReportSubmitted, reportedAt.AddHours(policy.InvestigationReportHours), reportSubmittedAt, now),
    ];

    public static IReadOnlyList<CaseDeadline> Deadlines(PolicySet policy, Case c, DateTime now) =>
        Deadlines(policy, c.PositiveAt ?? c.ReportedAt, c.ReportedAt, c.NotifiedAt, c.CoreFactsAt, c.ReportSubmittedAt, now);

    /// <summary>How a deadline stands: words for the page in <see cref="CaseLabels.DeadlineStatus"/>.</summary>
    public const string OnTime = "on-time", Late = "late", Due = "due", Overdue = "overdue";

    static CaseDeadline Deadline(CaseMilestone milestone, DateTime due, DateTime? done, DateTime now) => done is { } d
        ? new(milestone, due, d, d <= due ? OnTime : Late, null)
        : new(milestone, due, null, now <= due ? Due : Overdue, (int)Math.Floor((due - now).TotalMinutes));

    /// <summary>
    /// Whether making <paramref name="infector"/> the source of <paramref name="caseId"/> would close a loop: the
    /// infector's own chain of infectors (given as a lookup) must not reach the case. A chain is a tree (one infector
    /// each), so the walk is linear; it stops at a loop already in the data.
    /// </summary>
    public static bool MakesCycle(long caseId, long infector, Func<long, long?> infectorOf)
    {
        var seen = new HashSet<long>();
        for (long? at = infector; at is { } current; at = infectorOf(current))
        {
            if (current == caseId) return true;
            if (!seen.Add(current)) return false;
        }
        return false;
    }

    /// <summary>Sex from a resident ID (GB 11643: the 17th character, odd for men); null for other documents.</summary>
    public static string? SexFromResidentId(string? idNumber) =>
        idNumber is { Length: 18 } id && char.IsAsciiDigit(id[16]) ? ((id[16] - '0') % 2 == 1 ? "male" : "female") : null;

    /// <summary>Full years on a day.</summary>
    public static int? Age(DateOnly? born, DateOnly on)
    {
        if (born is not { } b) return null;
        var age = on.Year - b.Year;
        if (on < b.AddYears(age)) age--;
        return age;
    }
}

/// <summary>The district's running case numbers (病例1, 病例2 …).</summary>
public static class CaseNumbers
{
    public static string Label(int number) => number > 0 ? $"病例{number}" : "病例";

    public static string DistrictOf(string communityCode) => communityCode.Length >= 6 ? communityCode[..6] + "000000" : communityCode;

    /// <summary>
    /// Adds the case with the district's next number and its first timeline entry. On PostgreSQL the district's numbers are
    /// handed out one at a time under a transaction lock: a positive pool's re-tests and a hand-made case arrive together,
    /// and optimistic retries alone ran out under that load (a 500 in CI). SQLite has one writer, so two cases reported at
    /// once rarely take the same number; when they do, the unique index refuses the second, which takes the next one.
    /// </summary>
    public static async Task AddNumberedAsync(FrontlineDb db, Case c, string userName, CancellationToken ct)
    {
        c.DistrictCode = DistrictOf(c.CommunityCode);
        await using var transaction = db.IsPostgres && db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        if (db.IsPostgres)
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({NumberingLock}, {DistrictLockKey(c.DistrictCode)})", ct);
        for (var attempt = 0; ; attempt++)
        {
            c.Number = (await db.Set<Case>().Where(x => x.DistrictCode == c.DistrictCode).MaxAsync(x => (int?)x.Number, ct) ?? 0) + 1;
            db.Set<Case>().Add(c);
            try
            {
                await db.SaveChangesAsync(ct);
                break;
            }
            catch (DbUpdateException) when (attempt < 20 && !db.IsPostgres)
            {
                db.Entry(c).State = EntityState.Detached;
                c.Id = 0;
                // Another kind of conflict (the same positive sample delivered twice) is not ours to retry.
                if (!await db.Set<Case>().AnyAsync(x => x.DistrictCode == c.DistrictCode && x.Number == c.Number, ct)) throw;
            }
        }
        db.Set<CaseEvent>().Add(new CaseEvent
        {
            CaseId = c.Id, At = c.ReportedAt, UserName = userName, Kind = CaseEventKinds.Created, ToValue = Cases.Code(c.Classification), Note = c.DetectedBy,
        });
        await db.SaveChangesAsync(ct);
        if (transaction is not null) await transaction.CommitAsync(ct);
    }

    /// <summary>The first key of the case-numbering lock (ASCII "CASE"), so that it shares no key with any other lock.</summary>
    const int NumberingLock = 0x43415345;

    static int DistrictLockKey(string districtCode) =>
        int.TryParse(districtCode.AsSpan(0, Math.Min(6, districtCode.Length)), NumberStyles.None, CultureInfo.InvariantCulture, out var key) ? key : 0;
}
