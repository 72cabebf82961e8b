namespace Frontline.Command.Staff;

/// <summary>A posting's days as the rules see them: from a day to a day, both included; <c>To</c> null while open-ended.</summary>
public readonly record struct DutyPeriod(DateOnly From, DateOnly? To)
{
    public bool Covers(DateOnly day) => From <= day && (To is null || day <= To);

    public bool Overlaps(DutyPeriod other) =>
        From <= (other.To ?? DateOnly.MaxValue) && other.From <= (To ?? DateOnly.MaxValue);
}

/// <summary>A run of consecutive duty days: from its first day to its last as planned (null: open-ended).</summary>
public readonly record struct DutyRun(DateOnly Start, DateOnly? Until)
{
    /// <summary>
    /// 连续在岗天数 on <paramref name="today"/>: the days from the run's start up to today, both ends included (on duty
    /// since yesterday → 2); 0 when the run does not hold today (not begun, ended, or no run).
    /// </summary>
    public static int DutyDays(DutyRun? run, DateOnly today) =>
        run is { } r && r.Start <= today && (r.Until is null || today <= r.Until) ? today.DayNumber - r.Start.DayNumber + 1 : 0;
}

/// <summary>Pure rules of deployments, rest days and duty days (下沉干部的在岗天数与关爱提醒).</summary>
public static class StaffRules
{
    public const int MaxName = 32;
    public const int MaxOrganisation = 64;
    public const int MaxRole = 32;
    /// <summary>The default days on duty in a row after which a cadre is flagged for care; configurable (Frontline:Staff:CareAlertDays).</summary>
    public const int DefaultCareAlertDays = 14;

    /// <summary>
    /// The run of consecutive duty days that holds <paramref name="today"/>, else the next one to start after it, else
    /// none. Adjacent postings (one ends on the 5th, the next starts on the 6th) are one run; a rest day ends a run on its
    /// eve and the next starts the day after it. A run that ended before today is no longer current: none is answered
    /// unless a later one follows.
    /// </summary>
    public static DutyRun? CurrentRun(IEnumerable<DutyPeriod> periods, IEnumerable<DateOnly> restDays, DateOnly today)
    {
        var rest = restDays.ToHashSet();
        var ordered = periods.OrderBy(p => p.From).ToList();
        // Merge adjacent and overlapping postings into spans of duty.
        var spans = new List<DutyPeriod>();
        foreach (var p in ordered)
        {
            if (spans.Count > 0 && spans[^1].To is { } end && p.From.DayNumber <= end.DayNumber + 1)
                spans[^1] = new DutyPeriod(spans[^1].From, p.To is null ? null : (p.To > end ? p.To : end));
            else if (spans.Count > 0 && spans[^1].To is null) continue;
            else spans.Add(p);
        }
        foreach (var span in spans)
        {
            if (span.To is { } to && to < today) continue;
            // Cut the span at its rest days, from the first run that reaches today or lies ahead of it.
            var restInSpan = rest.Where(span.Covers).Order().ToList();
            var start = span.From;
            foreach (var off in restInSpan)
            {
                if (off > start)
                {
                    var until = off.AddDays(-1);
                    if (until >= today) return new DutyRun(start, until);
                }
                start = off.AddDays(1);
            }
            if (span.To is null || start <= span.To) return new DutyRun(start, span.To);
        }
        return null;
    }

    /// <summary>Days on duty in a row today, from the postings and rest days themselves.</summary>
    public static int DutyDays(IEnumerable<DutyPeriod> periods, IEnumerable<DateOnly> restDays, DateOnly today) =>
        DutyRun.DutyDays(CurrentRun(periods, restDays, today), today);

    /// <summary>Flagged for care once the days on duty in a row reach the threshold.</summary>
    public static bool CareAlert(int dutyDays, int threshold) => dutyDays >= threshold;

    /// <summary>The latest run start that reaches the threshold today: a run started on or before it is a care alert (an index range on the stored start).</summary>
    public static DateOnly AlertStartOnOrBefore(DateOnly today, int threshold) => today.AddDays(-(threshold - 1));

    public static CareKind? ParseCareKind(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "visit" or "走访慰问" or "走访" or "慰问" => CareKind.Visit,
        "supplies" or "物资" => CareKind.Supplies,
        "counselling" or "心理疏导" => CareKind.Counselling,
        "rest-arranged" or "安排休息" or "轮休" => CareKind.RestArranged,
        _ => null,
    };

    public static string Code(CareKind kind) => kind switch
    {
        CareKind.Visit => "visit",
        CareKind.Supplies => "supplies",
        CareKind.Counselling => "counselling",
        _ => RestArranged,
    };

    const string RestArranged = "rest-arranged";
}

/// <summary>
/// The task forces (专班) a cadre can be posted to, as data: code, Chinese and English name. A roster names them in
/// Chinese; the API by code.
/// </summary>
public static class TaskForces
{
    public sealed record TaskForce(string Code, string Zh, string En);

    public static readonly IReadOnlyList<TaskForce> All =
    [
        new("investigation", "流调专班", "Investigation"),
        new("quarantine-hotel", "隔离酒店专班", "Quarantine hotel"),
        new("testing-site", "采样点专班", "Testing site"),
        new("transfer", "转运专班", "Transfer"),
        new("hotline", "民生诉求专班", "Residents' hotline"),
        new("supplies", "物资保障专班", "Supplies"),
    ];

    public static TaskForce? Find(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        return All.FirstOrDefault(f => f.Code == t.ToLowerInvariant() || f.Zh == t || f.Zh.TrimEnd('班').TrimEnd('专') == t
            || f.En.Equals(t, StringComparison.OrdinalIgnoreCase));
    }

    public static string Name(string? code) => Find(code) is { } f ? Frontline.Platform.Ui.T(f.Zh, f.En) : code ?? "";
}
