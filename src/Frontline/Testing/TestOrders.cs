using System.ComponentModel;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Testing;

/// <summary>A test a requester wants sampled on a China day, with its own number for it (a stay's day N).</summary>
public sealed record TestDay(DateOnly Day, int DayNumber);

/// <summary>One requested test as its requester reads it back: the order, its status, and the swab and result that took it.</summary>
public sealed record RequestedTest(long Id, string Requester, long PersonId, string Reason, DateOnly? Day, int? DayNumber, DateTime DueBy, string Status,
    long? SampleId, string? TubeCode, DateTime? SampledAt, Outcome Outcome);

public sealed record TestOrderView(string Id, string PersonId, [Description("Masked (张*).")] string Name,
    [OneOf(TestOrderReasons.StayTest, TestOrderReasons.InvalidTube), Description("invalid-tube: the re-sampling of a requested test whose tube was invalid.")] string Reason,
    [Description("The China day it is to be sampled on; absent for a re-sampling (due until dueBy).")] DateOnly? Day,
    [Description("The requester's number of the test (a stay's day N).")] int? DayNumber,
    [Description("Who asked for it, e.g. stay:42.")] string? Requester, string CommunityCode, DateTimeOffset DueBy,
    [OneOf("overdue", "due", "planned", "sampled", "invalid", "positive", "negative", "cancelled")] string Status,
    string? SampleId, string? TubeCode, DateTimeOffset? SampledAt);

/// <summary>
/// 核酸检测任务: individual single-tube tests another module asks for on given China days (a stay's test days), kept with the
/// re-tests in <see cref="RetestOrder"/> so that the scan ingest links a scan of the person that day to the order in its one
/// look-up of open orders per batch, and the tube's result comes back on the order. The requester orders and withdraws them in
/// its own transaction (<see cref="ScheduleAsync"/>, <see cref="CancelAsync"/>) and reads them back
/// (<see cref="OfRequestersAsync"/>); Testing never knows what a requester is beyond its name.
/// </summary>
public sealed class TestOrders(IDbContextFactory<FrontlineDb> dbs, TimeProvider clock)
{
    /// <summary>The width of <see cref="RetestOrder.Requester"/>.</summary>
    public const int MaxRequester = 32;

    /// <summary>A requester's name: its kind and its record's id ("stay:42").</summary>
    public static string RequesterOf(string kind, long id) => $"{kind}:{id}";

    /// <summary>
    /// Orders the scheduled tests of a requester in the caller's transaction (saved with the caller's changes). Idempotent: a day
    /// number the requester already has an order for (even one withdrawn or done) is left as it is. Returns how many were added.
    /// </summary>
    public static async Task<int> ScheduleAsync(FrontlineDb db, string requester, long personId, string jurisdiction, IReadOnlyList<TestDay> days,
        DateTime now, CancellationToken ct)
    {
        if (requester.Length is 0 or > MaxRequester) throw new ArgumentException($"A requester is 1 to {MaxRequester} characters", nameof(requester));
        if (days.Count == 0) return 0;
        var ordered = (await db.Set<RetestOrder>().AsNoTracking().Where(o => o.Requester == requester && o.Reason == TestOrderReasons.StayTest)
            .Select(o => o.DayNumber).ToListAsync(ct)).ToHashSet();
        var added = 0;
        foreach (var day in days.DistinctBy(d => d.DayNumber).Where(d => !ordered.Contains(d.DayNumber)))
        {
            db.Set<RetestOrder>().Add(new RetestOrder
            {
                PersonId = personId, Reason = TestOrderReasons.StayTest, CommunityCode = jurisdiction, CreatedAt = now,
                DueBy = TestingRules.EndOfChinaDay(day.Day), ForDay = day.Day, DayNumber = day.DayNumber, Requester = requester,
            });
            added++;
        }
        return added;
    }

    /// <summary>Withdraws the requester's orders not sampled yet (a stay ended early): no scan takes them and they leave the lists.</summary>
    public static Task<int> CancelAsync(FrontlineDb db, string requester, DateTime now, CancellationToken ct) =>
        db.Set<RetestOrder>().Where(o => o.Requester == requester && o.SampleId == null && o.CancelledAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.CancelledAt, (DateTime?)now), ct);

    /// <summary>Every order of these requesters (a handful each) with the tube that took it, by the requester index.</summary>
    public static async Task<List<RequestedTest>> OfRequestersAsync(FrontlineDb db, IReadOnlyCollection<string> requesters, DateTime now, DateOnly today,
        CancellationToken ct)
    {
        if (requesters.Count == 0) return [];
        var names = requesters.Distinct().ToList();
        var rows = await db.Set<RetestOrder>().AsNoTracking().Where(o => o.Requester != null && names.Contains(o.Requester))
            .Select(o => new { o, Tube = db.Set<Sample>().Where(s => s.Id == o.SampleId).Join(db.Set<Tube>(), s => s.TubeId, t => t.Id, (s, t) => t.Code).FirstOrDefault() })
            .ToListAsync(ct);
        return rows.OrderBy(x => x.o.Id).Select(x => Read(x.o, x.Tube, now, today)).ToList();
    }

    static RequestedTest Read(RetestOrder o, string? tube, DateTime now, DateOnly today) =>
        new(o.Id, o.Requester!, o.PersonId, o.Reason, o.ForDay, o.DayNumber, o.DueBy,
            TestingRules.OrderStatus(o.ForDay, o.DueBy, o.CancelledAt, o.SampleId is not null, o.Outcome, now, today), o.SampleId, tube, o.SampledAt, o.Outcome);

    /// <summary>
    /// The requested tests in the caller's jurisdiction (or a part of it), paged, soonest deadline first: of a China day (the
    /// day's scheduled tests and the re-samplings ordered that day), of a status, of one requester. Names masked.
    /// </summary>
    public async Task<Paged<TestOrderView>> ListAsync(Caller caller, string? jurisdiction, DateOnly? date, string? status, string? requester, PageRequest page,
        CancellationToken ct = default)
    {
        if (!string.IsNullOrEmpty(status) && !TestingRules.OrderStatuses.Contains(status)) throw new DomainException("invalid-field", field: "status", args: "status");
        if (requester?.Trim() is { Length: > MaxRequester }) throw new DomainException("field-too-long", field: "requester", args: ["requester", MaxRequester]);
        if (caller.Scope.Narrow(jurisdiction) is not { } scope) return new(0, []);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Set<RetestOrder>().AsNoTracking().InScope(scope).Where(o => o.Requester != null);
        if (!string.IsNullOrWhiteSpace(requester))
        {
            var name = requester.Trim();
            q = q.Where(o => o.Requester == name);
        }
        if (date is { } day)
        {
            var (start, end) = (TestingRules.EndOfChinaDay(day.AddDays(-1)), TestingRules.EndOfChinaDay(day));
            q = q.Where(o => o.ForDay == day || (o.ForDay == null && o.CreatedAt >= start && o.CreatedAt < end));
        }
        if (!string.IsNullOrEmpty(status)) q = q.Where(WithStatus(status, now, today));
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderBy(o => o.DueBy).ThenBy(o => o.Id).Skip(page.Skip).Take(page.PageSize)
            .Join(db.Persons, o => o.PersonId, p => p.Id, (o, p) => new
            {
                o, p.Name, Tube = db.Set<Sample>().Where(s => s.Id == o.SampleId).Join(db.Set<Tube>(), s => s.TubeId, t => t.Id, (s, t) => t.Code).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new(total, rows.OrderBy(x => x.o.DueBy).ThenBy(x => x.o.Id).Select(x =>
        {
            var r = Read(x.o, x.Tube, now, today);
            return new TestOrderView(r.Id.ToString(), r.PersonId.ToString(), Masking.Name(x.Name)!, r.Reason, r.Day, r.DayNumber, r.Requester,
                x.o.CommunityCode, r.DueBy.ToChina(), r.Status, r.SampleId?.ToString(), r.TubeCode, r.SampledAt?.ToChina());
        }).ToList());
    }

    /// <summary><see cref="TestingRules.OrderStatus"/> as a filter the database runs.</summary>
    static Expression<Func<RetestOrder, bool>> WithStatus(string status, DateTime now, DateOnly today) => status switch
    {
        "cancelled" => o => o.SampleId == null && o.CancelledAt != null,
        "overdue" => o => o.SampleId == null && o.CancelledAt == null && o.DueBy <= now,
        "planned" => o => o.SampleId == null && o.CancelledAt == null && o.DueBy > now && o.ForDay > today,
        "due" => o => o.SampleId == null && o.CancelledAt == null && o.DueBy > now && (o.ForDay == null || o.ForDay <= today),
        "sampled" => o => o.SampleId != null && o.Outcome == Outcome.Pending,
        "negative" => o => o.SampleId != null && o.Outcome == Outcome.Negative,
        "positive" => o => o.SampleId != null && o.Outcome == Outcome.Positive,
        "invalid" => o => o.SampleId != null && o.Outcome == Outcome.Invalid,
        _ => throw new DomainException("invalid-field", field: "status", args: "status"),
    };
}
