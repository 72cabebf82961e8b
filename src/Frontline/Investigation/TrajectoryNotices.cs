using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

public sealed record NoticeView(string Id, string CaseId, string CaseLabel, string CommunityCode, string Text, [OneOf("draft", "approved")] string Status,
    string DraftedBy, DateTimeOffset DraftedAt, string UpdatedBy, DateTimeOffset UpdatedAt, string? ApprovedBy, DateTimeOffset? ApprovedAt);

public sealed record NoticeInput([Description("The notice as it will be published; at most 4000 characters.")] string? Text);

/// <summary>
/// 流调轨迹公告: drafted from the case's trajectory over the lookback, anonymised — the case's number, sex and age, the
/// community and compound where they live, the places and times; never the name, ID number, phone or room — edited by
/// the investigator, approved by a commander, then frozen.
/// </summary>
public sealed partial class TrajectoryNotices(IDbContextFactory<FrontlineDb> dbs, JurisdictionDirectory directory, AuditLog audit, PolicySets policies,
    TimeProvider clock)
{
    public const int MaxText = 4000;

    static NoticeView View(TrajectoryNotice n, int caseNumber) => new(n.Id.ToString(), n.CaseId.ToString(), CaseNumbers.Label(caseNumber), n.CommunityCode,
        n.Text, n.ApprovedAt is null ? "draft" : "approved", n.DraftedBy, n.DraftedAt.ToChina(), n.UpdatedBy, n.UpdatedAt.ToChina(), n.ApprovedBy, n.ApprovedAt?.ToChina());

    /// <summary>The trajectory of a case inside its lookback, in time order, with its places' names: what the report and the notice read.</summary>
    internal static async Task<List<(DateTime From, DateTime To, string Where, Place? Place, TrajectoryEntry Entry)>> TrajectoryAsync(
        FrontlineDb db, Case c, LookbackWindow window, CancellationToken ct)
    {
        var entries = await db.TrajectoryEntries.AsNoTracking().Where(t => t.CaseId == c.Id && t.To >= window.From && t.From <= window.To)
            .OrderBy(t => t.From).ThenBy(t => t.Id).Take(5000).ToListAsync(ct);
        var placeIds = entries.Where(e => e.PlaceId is not null).Select(e => e.PlaceId!.Value).Distinct().ToList();
        var places = await db.Places.AsNoTracking().Where(p => placeIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        var result = new List<(DateTime, DateTime, string, Place?, TrajectoryEntry)>();
        foreach (var e in entries)
        {
            if (window.Clip(e.From, e.To) is not { } span) continue;
            var place = e.PlaceId is { } pid ? places.GetValueOrDefault(pid) : null;
            result.Add((span.From, span.To, place?.Name ?? e.Address ?? "", place, e));
        }
        return result;
    }

    /// <summary>The compound of a building's name: 红星花园3栋 → 红星花园; a name without a building number stays as it is.</summary>
    public static string Compound(string building)
    {
        var m = BuildingNumber().Match(building);
        return m.Success ? building[..m.Index].Trim() : building.Trim();
    }

    /// <summary>A free address without its door: the room number and anything after the building number go.</summary>
    public static string WithoutRoom(string address)
    {
        var m = BuildingNumber().Match(address);
        var text = m.Success ? address[..(m.Index + m.Length)] : address;
        return RoomLike().Replace(text, "").Trim();
    }

    [GeneratedRegex(@"(\d+|[一二三四五六七八九十百]+)\s*(栋|号楼|幢|座)")]
    private static partial Regex BuildingNumber();

    [GeneratedRegex(@"[\-－]?\d+\s*(室|房|号房)|\d{3,5}\s*$")]
    private static partial Regex RoomLike();

    /// <summary>The draft text: pure, so a test can read what a case's facts become.</summary>
    public static string Draft(string label, string? sex, int? age, string? streetName, string? communityName, string compound, CaseClassification classification,
        DateTime? positiveAt, LookbackWindow window, IEnumerable<(DateTime From, DateTime To, string Where)> trajectory, string? personName)
    {
        var sb = new StringBuilder();
        sb.Append(label);
        if (CaseLabels.SexZh(sex) is { Length: > 0 } s) sb.Append('，').Append(s);
        if (age is { } a) sb.Append('，').Append(a).Append('岁');
        var home = $"{streetName}{communityName}{(compound.Length > 0 && compound != communityName ? compound : "")}";
        if (home.Length > 0) sb.Append("，现住").Append(home);
        sb.Append('。');
        if (positiveAt is { } p) sb.Append(p.ToChina().ToString("M月d日", CultureInfo.InvariantCulture)).Append("核酸检测结果呈阳性，");
        sb.Append(classification == CaseClassification.Pending ? "正在进一步诊断" : "诊断为" + CaseLabels.ClassificationZh(classification)).Append("。\n");
        var days = trajectory.GroupBy(t => DateOnly.FromDateTime(t.From.ToChina().DateTime)).OrderBy(g => g.Key).ToList();
        if (days.Count == 0) sb.Append("该病例活动轨迹正在调查中，调查结果将及时公布。\n");
        else
        {
            sb.Append(window.From.ToChina().ToString("M月d日", CultureInfo.InvariantCulture)).Append('至')
              .Append(window.To.ToChina().ToString("M月d日", CultureInfo.InvariantCulture)).Append("期间，该病例主要活动轨迹如下：\n");
            foreach (var day in days)
            {
                sb.Append(day.Key.ToString("M月d日", CultureInfo.InvariantCulture)).Append('：');
                sb.Append(string.Join("；", day.Select(t =>
                {
                    var where = t.Where;
                    if (!string.IsNullOrEmpty(personName)) where = where.Replace(personName, "");
                    return $"{t.From.ToChina():HH:mm}—{t.To.ToChina():HH:mm} {where}";
                })));
                sb.Append("。\n");
            }
        }
        sb.Append("请上述时间段在以上场所活动的人员，立即向所在社区（村）、单位或酒店报告，配合落实核酸检测等防控措施。");
        // The ID and phone patterns go whatever typed text put them in the trajectory.
        return Masking.Text(sb.ToString())!;
    }

    public async Task<NoticeView> DraftAsync(Caller caller, long caseId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.Id == caseId, ct);
        if (c is null || !caller.Scope.Contains(c.CommunityCode)) throw new NotFoundException("case");
        var person = await db.Persons.AsNoTracking().FirstAsync(p => p.Id == c.PersonId, ct);
        var building = await db.Buildings.AsNoTracking().Where(b => b.Id == person.BuildingId).Select(b => b.Name).FirstOrDefaultAsync(ct) ?? "";
        var community = await directory.GetAsync(person.CommunityCode, ct);
        var street = community?.ParentCode is { } parent ? await directory.GetAsync(parent, ct) : null;
        var window = InvestigationRules.Lookback(policies.Active, c, null);
        var trajectory = await TrajectoryAsync(db, c, window, ct);
        var text = Draft(c.Label, person.DocType == DocType.ResidentId ? CaseRules.SexFromResidentId(person.DocNumber) : null,
            CaseRules.Age(person.BirthDate, DateOnly.FromDateTime(c.ReportedAt.ToChina().DateTime)), street?.Name, community?.Name, Compound(building),
            c.Classification, c.PositiveAt, window,
            trajectory.Select(t => (t.From, t.To, t.Place is null ? WithoutRoom(t.Where) : t.Where)), person.Name);
        if (text.Length > MaxText) text = text[..MaxText];
        var now = clock.GetUtcNow().UtcDateTime;
        var notice = new TrajectoryNotice
        {
            CaseId = c.Id, CommunityCode = c.CommunityCode, Text = text, DraftedBy = caller.UserName, DraftedAt = now, UpdatedBy = caller.UserName, UpdatedAt = now,
        };
        db.TrajectoryNotices.Add(notice);
        await db.SaveChangesAsync(ct);
        db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, At = now, UserName = caller.UserName, Kind = CaseEventKinds.NoticeDrafted, ToValue = notice.Id.ToString() });
        db.Audit.Add(audit.Entry(caller, CaseAuditActions.NoticeDraft, $"notice:{notice.Id}", c.CommunityCode, detail: new { caseId = c.Id }));
        await db.SaveChangesAsync(ct);
        return View(notice, c.Number);
    }

    async Task<(TrajectoryNotice Notice, Case Case)> FindAsync(FrontlineDb db, Caller caller, long id, CancellationToken ct)
    {
        var notice = await db.TrajectoryNotices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct);
        if (notice is null || !caller.Scope.Contains(notice.CommunityCode)) throw new NotFoundException("trajectory-notice");
        return (notice, await db.Cases.AsNoTracking().FirstAsync(c => c.Id == notice.CaseId, ct));
    }

    public async Task<NoticeView> GetAsync(Caller caller, long id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (notice, c) = await FindAsync(db, caller, id, ct);
        return View(notice, c.Number);
    }

    public async Task<Paged<NoticeView>> ListAsync(Caller caller, long? caseId, string? status, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.TrajectoryNotices.AsNoTracking().InScope(caller.Scope);
        if (caseId is { } cid) q = q.Where(n => n.CaseId == cid);
        q = status switch
        {
            null or "" => q,
            "draft" => q.Where(n => n.ApprovedAt == null),
            "approved" => q.Where(n => n.ApprovedAt != null),
            _ => throw new DomainException("invalid-field", field: "status", args: "status"),
        };
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderByDescending(n => n.Id).Skip(page.Skip).Take(page.PageSize)
            .Join(db.Cases, n => n.CaseId, c => c.Id, (n, c) => new { N = n, c.Number }).ToListAsync(ct);
        return new(total, rows.OrderByDescending(r => r.N.Id).Select(r => View(r.N, r.Number)).ToList());
    }

    /// <summary>Replaces a draft's text; an approved notice is frozen. The case's name, ID, phone and door never go in.</summary>
    public async Task<NoticeView> EditAsync(Caller caller, long id, NoticeInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var text = input.Text?.Trim();
        if (string.IsNullOrEmpty(text)) errors.Add(new("text", "missing-field", "text"));
        else if (TextRules.Check(text, MaxText, multiLine: true) is { } problem) errors.Add(new("text", problem, "text", MaxText));
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (notice, c) = await FindAsync(db, caller, id, ct);
        if (notice.ApprovedAt is not null) throw new DomainException("notice-approved", StatusCodes.Status409Conflict);
        var person = await db.Persons.AsNoTracking().FirstAsync(p => p.Id == c.PersonId, ct);
        if (LeaksPerson(text!, person)) throw new ValidationFailed([new("text", "notice-personal-data")]);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var written = await db.TrajectoryNotices.Where(n => n.Id == id && n.ApprovedAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.Text, text).SetProperty(n => n.UpdatedBy, caller.UserName).SetProperty(n => n.UpdatedAt, now), ct);
        if (written == 0) throw new DomainException("notice-approved", StatusCodes.Status409Conflict);
        db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, At = now, UserName = caller.UserName, Kind = CaseEventKinds.NoticeEdited, ToValue = id.ToString() });
        db.Audit.Add(audit.Entry(caller, CaseAuditActions.NoticeEdit, $"notice:{id}", c.CommunityCode));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return View(WithText(notice, text!, caller.UserName, now), c.Number);
    }

    static TrajectoryNotice WithText(TrajectoryNotice n, string text, string by, DateTime at)
    {
        n.Text = text;
        n.UpdatedBy = by;
        n.UpdatedAt = at;
        return n;
    }

    /// <summary>Whether a text names the case's person: the full name, the ID number, the phone, or the room.</summary>
    public static bool LeaksPerson(string text, Person person)
    {
        var compact = new string(text.Where(ch => !char.IsWhiteSpace(ch)).ToArray());
        if (person.Name.Length >= 2 && compact.Contains(person.Name, StringComparison.Ordinal)) return true;
        if (compact.Contains(person.DocNumber, StringComparison.OrdinalIgnoreCase)) return true;
        if (person.Phone is { Length: >= 7 } phone && compact.Contains(phone, StringComparison.Ordinal)) return true;
        if (person.Room is { Length: > 0 } room && (compact.Contains(room + "室", StringComparison.Ordinal) || compact.Contains(room + "房", StringComparison.Ordinal)
            || compact.Contains("栋" + room, StringComparison.Ordinal) || compact.Contains("-" + room, StringComparison.Ordinal))) return true;
        return false;
    }

    /// <summary>A commander approves a draft: who and when are kept, and the text is frozen from then on.</summary>
    public async Task<NoticeView> ApproveAsync(Caller caller, long id, CancellationToken ct = default)
    {
        if (!caller.Can(InvestigationPermissions.Approve)) throw new DomainException("forbidden", StatusCodes.Status403Forbidden);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (notice, c) = await FindAsync(db, caller, id, ct);
        if (notice.ApprovedAt is not null) throw new DomainException("notice-approved", StatusCodes.Status409Conflict);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var written = await db.TrajectoryNotices.Where(n => n.Id == id && n.ApprovedAt == null).ExecuteUpdateAsync(s => s
            .SetProperty(n => n.ApprovedAt, now).SetProperty(n => n.ApprovedBy, caller.UserName), ct);
        if (written == 0) throw new DomainException("notice-approved", StatusCodes.Status409Conflict);
        db.CaseEvents.Add(new CaseEvent { CaseId = c.Id, At = now, UserName = caller.UserName, Kind = CaseEventKinds.NoticeApproved, ToValue = id.ToString() });
        db.Audit.Add(audit.Entry(caller, CaseAuditActions.NoticeApprove, $"notice:{id}", c.CommunityCode));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        notice.ApprovedAt = now;
        notice.ApprovedBy = caller.UserName;
        return View(notice, c.Number);
    }
}
