using Microsoft.EntityFrameworkCore;
using Frontline.Command.Requests;
using Frontline.Containment;
using Frontline.Containment.Zones;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Platform.Scheduling;
using Frontline.Registry;
using Frontline.Supervision;
using Frontline.Testing;

namespace Frontline.Command.Dashboard;

/// <summary>
/// Keeps <see cref="DailyFigures"/> current: every minute it counts today's figures afresh, and once after a day has
/// ended it counts that day a last time at its end and closes it. Each count is one grouped read per kind of record
/// over the district (cases, contacts, stays, zones, rooms, transfers, requests, tasks), and each open round's coverage as
/// its round page counts it (running counts, infants, exemptions): none of them reads the check-ins, and of the samples
/// only the few exempted people's, so keeping the figures costs the scan ingest nothing.
/// </summary>
public sealed class DailyFiguresRefresh(IDbContextFactory<FrontlineDb> dbs, TimeProvider clock, SupervisedTasks tasks, JurisdictionDirectory jurisdictions,
    PolicySets policies, Coverage coverage, Facilities facilities) : IScheduledWork
{
    public const string Name = "command.daily-figures";

    public async Task RunAsync(CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var yesterday = today.AddDays(-1);
            var closed = await db.FigureDays.AsNoTracking().Where(d => d.Day == yesterday).Select(d => (bool?)d.Closed).FirstOrDefaultAsync(ct);
            // Yesterday, counted today while it ran, is counted a last time at its end and closed.
            if (closed == false) await RefreshAsync(yesterday, ct);
        }
        await RefreshAsync(today, ct);
    }

    /// <summary>Day boundaries in UTC: Asia/Shanghai's midnight to midnight.</summary>
    public static (DateTime Start, DateTime End) Bounds(DateOnly day) =>
        (ChinaTime.FromChina(day.ToDateTime(TimeOnly.MinValue)).UtcDateTime, ChinaTime.FromChina(day.AddDays(1).ToDateTime(TimeOnly.MinValue)).UtcDateTime);

    /// <summary>
    /// Counts the day's figures as at its cut-off (its end, or now for today) and replaces the stored ones. A day in the
    /// future is refused; a closed day is left as it is. A past day is counted from the records' history as at its end
    /// (stays, rooms out of service, tasks' escalation steps, zones' steps …) and closed: whether the job counted it while it
    /// ran or nobody did, it is the same day. What has no history (a case's classification, a contact's kind, a round's
    /// running counts, the population) is as at the count, so a day is closed once, on the first count after its end.
    /// </summary>
    public async Task RefreshAsync(DateOnly day, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (start, end) = Bounds(day);
        if (start > now) return;
        var cutoff = end < now ? end : now;
        var live = end > now;

        await using var db = await dbs.CreateDbContextAsync(ct);
        var marker = await db.FigureDays.FirstOrDefaultAsync(d => d.Day == day, ct);
        if (marker is { Closed: true }) return;

        var rows = new Dictionary<string, DailyFigures>(StringComparer.Ordinal);
        DailyFigures Row(string code)
        {
            if (!rows.TryGetValue(code, out var row)) rows[code] = row = new DailyFigures { Day = day, JurisdictionCode = code };
            return row;
        }

        await CasesAsync(db, start, cutoff, Row, ct);
        await TestingAsync(db, start, cutoff, Row, ct);
        await ContactsAndStaysAsync(db, start, cutoff, Row, ct);
        await ZonesAsync(db, start, cutoff, Row, ct);
        await FacilitiesAsync(cutoff, Row, ct);
        await TransfersAsync(db, start, cutoff, Row, ct);
        await RequestsAsync(db, start, cutoff, Row, ct);
        await TasksAsync(live ? null : cutoff, Row, ct);

        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.DailyFigures.Where(f => f.Day == day).ExecuteDeleteAsync(ct);
            db.DailyFigures.AddRange(rows.Values.Where(r => !r.IsEmpty));
            if (marker is null) db.FigureDays.Add(marker = new FigureDay { Day = day });
            marker.ComputedAt = now;
            marker.Closed = !live;
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another node (or the job) counted the same day at the same moment and its rows won: they are as fresh as these.
            db.ChangeTracker.Clear();
            if (!await db.FigureDays.AsNoTracking().AnyAsync(d => d.Day == day, ct)) throw;
        }
    }

    static async Task CasesAsync(FrontlineDb db, DateTime start, DateTime cutoff, Func<string, DailyFigures> row, CancellationToken ct)
    {
        var cumulative = await db.Cases.AsNoTracking().Where(c => c.ReportedAt < cutoff)
            .GroupBy(c => new { c.CommunityCode, c.Classification }).Select(g => new { g.Key.CommunityCode, g.Key.Classification, Count = g.Count() })
            .ToListAsync(ct);
        foreach (var g in cumulative)
        {
            var r = row(g.CommunityCode);
            r.CumulativeCases += g.Count;
            if (g.Classification == CaseClassification.Confirmed) r.CumulativeConfirmed += g.Count;
            if (g.Classification == CaseClassification.Asymptomatic) r.CumulativeAsymptomatic += g.Count;
        }

        // The day's cases are few: each is checked for whether its person was under control (a contact of an earlier case, or in quarantine) when reported.
        var today = await db.Cases.AsNoTracking().Where(c => c.ReportedAt >= start && c.ReportedAt < cutoff)
            .Select(c => new { c.Id, c.PersonId, c.CommunityCode, c.Classification, c.DetectedBy, c.ReportedAt }).ToListAsync(ct);
        var people = today.Select(c => c.PersonId).Distinct().ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(k => people.Contains(k.PersonId)).Select(k => new { k.PersonId, k.AddedAt }).ToListAsync(ct);
        var stays = await db.Stays.AsNoTracking().Where(s => people.Contains(s.PersonId))
            .Select(s => new { s.PersonId, s.CheckedInAt, s.EndedAt }).ToListAsync(ct);
        foreach (var c in today)
        {
            var r = row(c.CommunityCode);
            switch (c.Classification)
            {
                case CaseClassification.Confirmed: r.NewConfirmed++; break;
                case CaseClassification.Asymptomatic: r.NewAsymptomatic++; break;
                default: r.NewPending++; break;
            }
            var inControl = contacts.Any(k => k.PersonId == c.PersonId && k.AddedAt < c.ReportedAt)
                || stays.Any(s => s.PersonId == c.PersonId && s.CheckedInAt <= c.ReportedAt && (s.EndedAt == null || s.EndedAt > c.ReportedAt));
            if (inControl) r.NewFoundInControl++;
            else if (c.DetectedBy == "mass-testing") r.NewFoundByScreening++;
            else r.NewFoundInCommunity++;
        }
    }

    async Task TestingAsync(FrontlineDb db, DateTime start, DateTime cutoff, Func<string, DailyFigures> row, CancellationToken ct)
    {
        var rounds = await db.Set<TestingRound>().AsNoTracking()
            // By the window (the stored state stays "planned" until someone closes the round; TestingRules.EffectiveState reads the window too).
            .Where(r => r.StartsAt < cutoff && (r.ClosedAt ?? r.EndsAt) > start).ToListAsync(ct);
        // Each community's figures of each round as the round page counts them: eligible is its population less the exempt
        // (infants, recorded exemptions) not sampled. The running counts are as at the count, which closes a past day.
        foreach (var round in rounds)
        foreach (var c in await coverage.ByCommunityAsync(round, ct))
        {
            var r = row(c.Jurisdiction);
            r.Eligible += (int)Math.Max(0, c.Population - c.Exempt);
            r.Sampled += (int)c.Sampled;
            r.Resulted += (int)(c.Negative + c.PositivePeople + c.Invalid);
            r.PositivePools += (int)c.PositiveTubes;
        }

        var retests = await db.Set<RetestOrder>().AsNoTracking().Where(o => o.Reason != TestOrderReasons.StayTest && o.CreatedAt < cutoff
                && (o.SampledAt == null || o.SampledAt > cutoff) && (o.CancelledAt == null || o.CancelledAt > cutoff))
            .GroupBy(o => o.CommunityCode).Select(g => new { g.Key, Pending = g.Count(), Overdue = g.Count(o => o.DueBy <= cutoff) }).ToListAsync(ct);
        foreach (var g in retests)
        {
            row(g.Key).RetestsPending += g.Pending;
            row(g.Key).RetestsOverdue += g.Overdue;
        }
    }

    static async Task ContactsAndStaysAsync(FrontlineDb db, DateTime start, DateTime cutoff, Func<string, DailyFigures> row, CancellationToken ct)
    {
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.AddedAt < cutoff)
            .GroupBy(c => new { c.CommunityCode, c.Kind })
            .Select(g => new { g.Key.CommunityCode, g.Key.Kind, All = g.Count(), New = g.Count(c => c.AddedAt >= start) }).ToListAsync(ct);
        foreach (var g in contacts)
        {
            var r = row(g.CommunityCode);
            if (g.Kind == ContactKind.Close) { r.CloseContacts += g.All; r.NewCloseContacts += g.New; }
            else { r.SecondaryContacts += g.All; r.NewSecondaryContacts += g.New; }
        }

        var stays = await db.Stays.AsNoTracking()
            .Where(s => s.Status != StayStatus.Cancelled && s.CheckedInAt < cutoff && (s.EndedAt == null || s.EndedAt > cutoff))
            .GroupBy(s => new { s.PersonCommunityCode, s.Kind }).Select(g => new { g.Key.PersonCommunityCode, g.Key.Kind, Count = g.Count() }).ToListAsync(ct);
        foreach (var g in stays)
        {
            var r = row(g.PersonCommunityCode);
            switch (g.Kind)
            {
                case StayKind.Centralised: r.InCentralisedQuarantine += g.Count; break;
                case StayKind.HomeQuarantine: r.InHomeQuarantine += g.Count; break;
                default: r.InHomeMonitoring += g.Count; break;
            }
        }
    }

    async Task ZonesAsync(FrontlineDb db, DateTime start, DateTime cutoff, Func<string, DailyFigures> row, CancellationToken ct)
    {
        // Zones are hundreds at most: read those alive at any time of the day with their steps, and replay the levels.
        var zones = await db.Zones.AsNoTracking().Where(z => z.CreatedAt < cutoff && (z.ReleasedAt == null || z.ReleasedAt >= start))
            .Select(z => new { z.Id, z.CommunityCode, z.Level, z.PolicySet, z.CreatedAt, z.ReleasedAt }).ToListAsync(ct);
        var ids = zones.Select(z => z.Id).ToList();
        var steps = await db.ZoneSteps.AsNoTracking().Where(s => ids.Contains(s.ZoneId) && s.At < cutoff)
            .Select(s => new { s.ZoneId, s.At, s.Action, s.ToLevel }).ToListAsync(ct);
        foreach (var z in zones)
        {
            var r = row(z.CommunityCode);
            var mine = steps.Where(s => s.ZoneId == z.Id).OrderBy(s => s.At).ToList();
            var level = mine.LastOrDefault(s => s.ToLevel is not null && s.ToLevel != "released")?.ToLevel ?? z.Level;
            var released = z.ReleasedAt is { } at && at < cutoff;
            if (!released)
            {
                var levels = ZoneRules.Levels(policies.Find(z.PolicySet) ?? policies.Active);
                switch (levels.ToList().IndexOf(level))
                {
                    case 0: r.ZonesLevel0++; break;
                    case 1: r.ZonesLevel1++; break;
                    default: r.ZonesLevel2++; break;
                }
            }
            foreach (var s in mine.Where(s => s.At >= start))
            {
                switch (s.Action)
                {
                    case "designated": r.ZonesDesignated++; break;
                    case "stepped-down": r.ZonesSteppedDown++; break;
                    case "released" or "override": r.ZonesReleased++; break;
                }
            }
        }
    }

    async Task FacilitiesAsync(DateTime cutoff, Func<string, DailyFigures> row, CancellationToken ct)
    {
        // Containment's own reading of its rooms at the cut-off: in service then (its out-of-service spells) and occupied then (its stays).
        foreach (var f in await facilities.RoomsAtAsync(cutoff, ct))
        {
            var r = row(f.CommunityCode);
            r.Rooms += f.InService;
            r.RoomsOccupied += f.Occupied;
        }
    }

    static async Task TransfersAsync(FrontlineDb db, DateTime start, DateTime cutoff, Func<string, DailyFigures> row, CancellationToken ct)
    {
        var done = await db.Transfers.AsNoTracking().Where(t => t.ArrivedAt >= start && t.ArrivedAt < cutoff)
            .GroupBy(t => t.JurisdictionCode).Select(g => new { g.Key, Done = g.Count(), Late = g.Count(t => t.ArrivedAt > t.DueBy) }).ToListAsync(ct);
        foreach (var g in done) { row(g.Key).TransfersDone += g.Done; row(g.Key).TransfersDoneLate += g.Late; }
        var overdue = await db.Transfers.AsNoTracking()
            .Where(t => t.RequestedAt < cutoff && t.DueBy <= cutoff && (t.ArrivedAt == null || t.ArrivedAt > cutoff) && (t.CancelledAt == null || t.CancelledAt > cutoff))
            .GroupBy(t => t.JurisdictionCode).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        foreach (var g in overdue) row(g.Key).TransfersOverdue += g.Count;
    }

    static async Task RequestsAsync(FrontlineDb db, DateTime start, DateTime cutoff, Func<string, DailyFigures> row, CancellationToken ct)
    {
        var requests = await db.ResidentRequests.AsNoTracking().Where(q => q.LoggedAt < cutoff && (q.ClosedAt == null || q.ClosedAt > cutoff || q.LoggedAt >= start))
            .GroupBy(q => q.CommunityCode)
            .Select(g => new
            {
                g.Key,
                New = g.Count(q => q.LoggedAt >= start),
                Open = g.Count(q => q.ClosedAt == null || q.ClosedAt > cutoff),
                Late = g.Count(q => (q.ClosedAt == null || q.ClosedAt > cutoff) && q.DueBy <= cutoff),
            }).ToListAsync(ct);
        foreach (var g in requests) { row(g.Key).RequestsNew += g.New; row(g.Key).RequestsOpen += g.Open; row(g.Key).RequestsLate += g.Late; }
    }

    /// <summary>
    /// Today's as the task inboxes count them now (the recorded levels); a past day's from the tasks' history as at its end
    /// (<see cref="SupervisedTasks.CountsByJurisdictionAtAsync"/>), the same whether or not the day was counted while it ran.
    /// </summary>
    async Task TasksAsync(DateTime? pastCutoff, Func<string, DailyFigures> row, CancellationToken ct)
    {
        // Every district of the directory (the communities' first six digits): tasks are counted per district scope.
        var districts = (await jurisdictions.PopulationsAsync(null, ct)).Keys.Select(code => code[..6] + "000000").Distinct().ToList();
        foreach (var district in districts)
        foreach (var c in pastCutoff is { } at
                     ? await tasks.CountsByJurisdictionAtAsync(new JurisdictionScope(district), at, ct)
                     : await tasks.CountsByJurisdictionAsync(new JurisdictionScope(district), ct))
        {
            var r = row(c.JurisdictionCode);
            r.TasksOpen += (int)c.Open;
            r.TasksOverdue += (int)c.Overdue;
            switch (c.Level)
            {
                case 0: r.TasksOverdueLevel0 += (int)c.Overdue; break;
                case 1: r.TasksOverdueLevel1 += (int)c.Overdue; break;
                case 2: r.TasksOverdueLevel2 += (int)c.Overdue; break;
                default: r.TasksOverdueLevel3 += (int)c.Overdue; break;
            }
        }
    }
}
