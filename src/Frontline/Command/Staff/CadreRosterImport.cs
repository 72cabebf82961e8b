using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Command.Staff;

public sealed record StaffImportResult(int Total, int StaffCreated, int Deployed, int Unchanged, int Rejected,
    IReadOnlyList<ImportError> Errors, bool ErrorsTruncated, bool Written);

/// <summary>
/// A roster of cadres from a spreadsheet (.xlsx, or .csv in UTF-8 or GB18030): one row per deployment, a cadre known by
/// their phone (a second row of the same phone is a second deployment of the same person). All-or-nothing by default:
/// any bad row and nothing is written, the answer naming each row, column and why; valid-rows writes the good ones.
/// Re-importing the same file changes nothing.
/// </summary>
public sealed class CadreRosterImport(IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock, JurisdictionDirectory jurisdictions, Cadres cadres)
{
    /// <summary>A district's cadres fit easily: the model district deployed a few thousand.</summary>
    public const int MaxRows = 20_000;
    const int MaxErrors = 1_000;

    public static readonly SpreadsheetColumns Columns = new(
        new SpreadsheetColumn("name", true, "姓名", "name"),
        new SpreadsheetColumn("organisation", true, "派出单位", "organisation", "单位"),
        new SpreadsheetColumn("phone", true, "手机号", "手机号码", "phone"),
        new SpreadsheetColumn("place", true, "下沉社区/专班", "下沉社区", "专班", "place", "jurisdiction"),
        new SpreadsheetColumn("role", true, "岗位", "role"),
        new SpreadsheetColumn("from", true, "开始日期", "from"),
        new SpreadsheetColumn("to", false, "结束日期", "to"),
        new SpreadsheetColumn("idNumber", false, "身份证号", "身份证号码", "idnumber"),
        new SpreadsheetColumn("userName", false, "账号", "username"));

    sealed record Planned(SpreadsheetRow Row, Cadres.ValidStaff Staff, Cadres.ValidDeployment Deployment);

    public async Task<StaffImportResult> ImportAsync(Caller caller, Stream file, string fileName, bool allOrNothing = true, CancellationToken ct = default)
    {
        var culture = CultureInfo.CurrentUICulture;
        var today = ChinaTime.Today(clock);
        using var reader = SpreadsheetReader.Open(file, fileName);
        var map = Columns.Map(reader.Header);
        var errors = new List<ImportError>();
        var planned = new List<Planned>();
        var rejectedRows = new HashSet<int>();
        var total = 0;
        void Reject(SpreadsheetRow row, string field, string code, params object[] args)
        {
            rejectedRows.Add(row.Number);
            // The words name the column as the file has it, not the API's field.
            if (code is "missing-field" or "field-too-long" or "invalid-characters" or "invalid-date" && args.Length > 0) args = [map.ColumnName(field), .. args[1..]];
            if (errors.Count < MaxErrors) errors.Add(map.Error(row, field, code, culture, args));
        }

        foreach (var row in reader.Rows())
        {
            ct.ThrowIfCancellationRequested();
            if (++total > MaxRows) throw new DomainException("batch-too-large", field: "file", args: MaxRows);
            if (map.Problems(row, culture) is { Count: > 0 } problems)
            {
                rejectedRows.Add(row.Number);
                errors.AddRange(problems.Take(Math.Max(0, MaxErrors - errors.Count)));
                continue;
            }
            var fieldErrors = new List<FieldError>();
            var staff = Cadres.Validate(new StaffInput(map.Cell(row, "name"), map.Cell(row, "organisation"), map.Cell(row, "phone"),
                map.Cell(row, "idNumber"), map.Cell(row, "userName")), fieldErrors, today);
            var from = Date(map.Cell(row, "from"), "from", fieldErrors);
            var to = Date(map.Cell(row, "to"), "to", fieldErrors);
            var place = map.Cell(row, "place")?.Trim();
            string? jurisdiction = null, taskForce = null;
            if (string.IsNullOrEmpty(place)) fieldErrors.Add(new("place", "missing-field", "place"));
            else if (TaskForces.Find(place) is { } force) taskForce = force.Code;
            else
            {
                var (match, community) = await jurisdictions.FindCommunityAsync(place, ct);
                if (match == JurisdictionDirectory.Match.Ambiguous) fieldErrors.Add(new("place", "ambiguous-community", place));
                else if (community is null) fieldErrors.Add(new("place", "unknown-community", place));
                else jurisdiction = community.Code;
            }
            Cadres.ValidDeployment? deployment = null;
            if (fieldErrors.All(e => e.Field != "place"))
            {
                var deploymentErrors = new List<FieldError>();
                deployment = await cadres.ValidateAsync(caller, jurisdiction, taskForce, map.Cell(row, "role"), from, to, deploymentErrors, ct);
                // A date that did not parse is already named; "missing from" would say it twice.
                fieldErrors.AddRange(deploymentErrors.Where(e => !(e.Field == "from" && fieldErrors.Any(f => f.Field == "from"))).Select(e => e.Field == "jurisdiction" ? e with { Field = "place" } : e));
            }
            if (fieldErrors.Count > 0 || staff is null || deployment is null)
            {
                foreach (var e in fieldErrors) Reject(row, e.Field, e.Code, e.Args);
                continue;
            }
            planned.Add(new Planned(row, staff, deployment));
        }

        // Within the file: one phone is one person; their rows are deployments that must not overlap.
        foreach (var group in planned.GroupBy(p => p.Staff.Phone).Where(g => g.Count() > 1))
        {
            var first = group.First();
            foreach (var p in group.Skip(1))
            {
                if (p.Staff.Name != first.Staff.Name) Reject(p.Row, "phone", "duplicate-phone-in-file", first.Row.Number);
                else if (group.TakeWhile(o => o != p).FirstOrDefault(o => new DutyPeriod(o.Deployment.From, o.Deployment.To).Overlaps(new DutyPeriod(p.Deployment.From, p.Deployment.To))) is { } clash
                    && !SameDeployment(clash.Deployment, p.Deployment))
                    Reject(p.Row, "from", "deployment-overlaps", clash.Deployment.From.ToString("yyyy-MM-dd"));
            }
        }

        await using var db = await dbs.CreateDbContextAsync(ct);
        // Against what is stored: a phone of a cadre outside the caller's scope or under another name is refused; a
        // deployment already stored is unchanged (a re-import), one overlapping a stored one is refused.
        var phones = planned.Select(p => p.Staff.Phone).Distinct().ToList();
        var existing = new Dictionary<string, StaffMember>();
        foreach (var chunk in phones.Chunk(500))
            foreach (var s in await db.Staff.Where(s => chunk.Contains(s.Phone)).ToListAsync(ct)) existing[s.Phone] = s;
        var existingIds = existing.Values.Select(s => s.Id).ToList();
        var stored = new List<Deployment>();
        foreach (var chunk in existingIds.Chunk(500))
            stored.AddRange(await db.Deployments.AsNoTracking().Where(d => chunk.Contains(d.StaffId)).ToListAsync(ct));
        var storedBy = stored.ToLookup(d => d.StaffId);
        var unchanged = 0;
        var toWrite = new List<Planned>();
        foreach (var p in planned)
        {
            if (rejectedRows.Contains(p.Row.Number)) continue;
            if (existing.TryGetValue(p.Staff.Phone, out var staff))
            {
                if (staff.Name != p.Staff.Name || !caller.Scope.Contains(staff.JurisdictionCode)) { Reject(p.Row, "phone", "staff-phone-taken"); continue; }
                var mine = storedBy[staff.Id].ToList();
                if (mine.Any(d => SameDeployment(d, p.Deployment))) { unchanged++; continue; }
                if (mine.FirstOrDefault(d => new DutyPeriod(d.From, d.To).Overlaps(new DutyPeriod(p.Deployment.From, p.Deployment.To))) is { } clash)
                {
                    Reject(p.Row, "from", "deployment-overlaps", clash.From.ToString("yyyy-MM-dd"));
                    continue;
                }
            }
            toWrite.Add(p);
        }
        foreach (var user in toWrite.Select(p => p.Staff.UserName).OfType<string>().Distinct().ToList())
            if (!await db.Users.AnyAsync(u => u.UserName == user, ct))
                foreach (var p in toWrite.Where(p => p.Staff.UserName == user)) Reject(p.Row, "userName", "unknown-user", user);
        toWrite.RemoveAll(p => rejectedRows.Contains(p.Row.Number));

        errors.Sort((a, b) => a.Row.CompareTo(b.Row));
        var rejected = rejectedRows.Count;
        if (toWrite.Count == 0 || (allOrNothing && rejected > 0))
            return new StaffImportResult(total, 0, 0, unchanged, rejected, errors, rejected > errors.Count, false);

        var now = clock.GetUtcNow().UtcDateTime;
        var created = 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var touched = new Dictionary<long, StaffMember>();
        foreach (var p in toWrite)
        {
            if (!existing.TryGetValue(p.Staff.Phone, out var staff))
            {
                staff = Cadres.NewStaff(caller, p.Staff, now);
                db.Staff.Add(staff);
                await db.SaveChangesAsync(ct);
                existing[p.Staff.Phone] = staff;
                created++;
            }
            Cadres.Add(db, staff, p.Deployment, caller, now);
            touched[staff.Id] = staff;
        }
        await db.SaveChangesAsync(ct);
        foreach (var staff in touched.Values) await Cadres.RefreshAsync(db, staff, today, ct);
        db.Audit.Add(audit.Entry(caller, StaffAuditActions.Import, "staff", caller.Scope.Code, null,
            new { file = fileName, rows = total, staffCreated = created, deployed = toWrite.Count, unchanged, rejected }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new StaffImportResult(total, created, toWrite.Count, unchanged, rejected, errors, rejected > errors.Count, true);
    }

    static bool SameDeployment(Deployment d, Cadres.ValidDeployment v) =>
        d.From == v.From && d.To == v.To && d.JurisdictionCode == v.Jurisdiction && d.TaskForce == v.TaskForce && d.Role == v.Role;

    static bool SameDeployment(Cadres.ValidDeployment a, Cadres.ValidDeployment b) => a == b;

    static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/M/d", "yyyy-M-d", "yyyy.M.d", "yyyyMMdd", "yyyy年M月d日", "yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss"];

    static DateOnly? Date(string? text, string field, List<FieldError> errors)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        if (DateTime.TryParseExact(t, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return DateOnly.FromDateTime(d);
        // An xlsx date cell that the reader left as its serial number.
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 20000 and < 80000)
            return DateOnly.FromDateTime(DateTime.FromOADate(serial));
        errors.Add(new(field, "invalid-date", field));
        return null;
    }
}
