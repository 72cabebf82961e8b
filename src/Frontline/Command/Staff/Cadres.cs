using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Command.Staff;

public sealed record StaffInput(
    [Required, Description("At most 32 characters.")] string? Name,
    [Required, Description("派出单位, the home organisation (e.g. 区总工会). At most 64 characters.")] string? Organisation,
    [Required, Description("Mainland mobile number; masked in every answer without pii.view.")] string? Phone,
    [Description("Optional resident ID, checked by GB 11643 (invalid-id-checksum).")] string? IdNumber = null,
    [Description("The user account the cadre works under (for the workload figures).")] string? UserName = null);

public sealed record DeploymentInput(
    [Required] string? StaffId,
    [Description("The community or command worked in (12-digit code). With a task force: the deploying command (default the caller's jurisdiction).")] string? Jurisdiction,
    [OneOf("investigation", "quarantine-hotel", "testing-site", "transfer", "hotline", "supplies"), Description("The task force (专班), instead of a community.")] string? TaskForce,
    [Required, Description("岗位, e.g. 卡口值守, 流调员. At most 32 characters.")] string? Role,
    [Required, Description("The first day on duty (Beijing date).")] DateOnly? From,
    [Description("The last day on duty, both ends included; absent: open-ended.")] DateOnly? To);

public sealed record EndDeploymentInput([Description("The last day on duty; default today (Beijing date).")] DateOnly? To);

public sealed record RestDayInput([Required, Description("The day off (Beijing date); it breaks the run of duty days.")] DateOnly? Date, [Description("At most 200 characters.")] string? Note);

public sealed record CareInput(
    [Required, OneOf("visit", "supplies", "counselling", "rest-arranged")] string? Kind,
    [Description("When; default now. Not in the future.")] DateTimeOffset? At,
    [Description("At most 500 characters.")] string? Note);

public sealed record IdAnswer(string Id);

public sealed record StaffRow(string Id, string Name, string Organisation,
    [Description("Consecutive days on duty up to today (Beijing date), both ends included; 0 when not on duty today.")] int DutyDays,
    [Description("On duty for the configured number of days in a row or more (Frontline:Staff:CareAlertDays, default 14).")] bool CareAlert,
    [Description("Where the cadre works now (or next, or last): its jurisdiction code.")] string JurisdictionCode, string JurisdictionName,
    [Description("The task force of that deployment, or null.")] string? TaskForce, string? Role,
    [Description("The first day of the current run of duty days.")] DateOnly? OnDutySince,
    DateTimeOffset? LastCareAt, [OneOf("visit", "supplies", "counselling", "rest-arranged")] string? LastCareKind);

public sealed record DeploymentView(string Id, string JurisdictionCode, string JurisdictionName, string? TaskForce, string Role, DateOnly From, DateOnly? To,
    DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset? EndedAt, string? EndedBy);

public sealed record RestDayView(DateOnly Date, string? Note, string CreatedBy);

public sealed record CareView(string Id, [OneOf("visit", "supplies", "counselling", "rest-arranged")] string Kind, DateTimeOffset At, string? Note, string By);

public sealed record StaffDetail(StaffRow Staff,
    [Description("Masked unless unmasked with pii.view and a reason.")] string Phone, string? IdNumber, string? UserName,
    int CareAlertDays, IReadOnlyList<DeploymentView> Deployments, IReadOnlyList<RestDayView> RestDays, IReadOnlyList<CareView> Care, bool Masked);

/// <summary>Work done under the cadre's account in a period, read from the modules that record who acted. A figure is null when it cannot be told.</summary>
public sealed record Workload(string StaffId, string? UserName, DateOnly From, DateOnly To,
    [Description("Household checks recorded (Registry's verification, counted from the audit trail: every check, not only the latest).")] int? RecordsVerified,
    [Description("Samples whose collector is the account (Testing records the device's collector, else the scanning account).")] int? SamplesTaken,
    [Description("Outbound call attempts recorded by the account (Investigation's call attempts).")] int? CallsMade,
    [Description("Why a figure is missing.")] string? Note);

/// <summary>
/// 下沉干部: cadres, their deployments, rest days and care, the list with duty days and care alerts, and the workload
/// read from the other modules. One service for the API and the pages.
/// </summary>
public sealed class Cadres(IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock, JurisdictionDirectory jurisdictions, IConfiguration config)
{
    public const int MaxWorkloadDays = 92;
    static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Days on duty in a row after which a cadre is flagged for care (Frontline:Staff:CareAlertDays).</summary>
    public int CareAlertDays => config.GetValue("Frontline:Staff:CareAlertDays", StaffRules.DefaultCareAlertDays) is var d && d >= 1 ? d : StaffRules.DefaultCareAlertDays;

    DateOnly Today => ChinaTime.Today(clock);

    // ---- Registering ----

    internal sealed record ValidStaff(string Name, string Organisation, string Phone, string? IdNumber, string? UserName);

    internal static ValidStaff? Validate(StaffInput input, List<FieldError> errors, DateOnly today, string prefix = "")
    {
        var before = errors.Count;
        var name = Text(errors, prefix + "name", input.Name, StaffRules.MaxName, required: true);
        var organisation = Text(errors, prefix + "organisation", input.Organisation, StaffRules.MaxOrganisation, required: true);
        string? phone = null;
        if (string.IsNullOrWhiteSpace(input.Phone)) errors.Add(new(prefix + "phone", "missing-field", "phone"));
        else if (IdentityDocuments.ValidatePhone(input.Phone, out var p) is { } phoneError) errors.Add(new(prefix + "phone", phoneError));
        else phone = p;
        string? idNumber = null;
        if (!string.IsNullOrWhiteSpace(input.IdNumber))
        {
            if (IdentityDocuments.Validate(DocType.ResidentId, input.IdNumber, today, out var id) is { } idError) errors.Add(new(prefix + "idNumber", idError));
            else idNumber = id;
        }
        var userName = Text(errors, prefix + "userName", input.UserName, 64, required: false);
        return errors.Count == before ? new ValidStaff(name!, organisation!, phone!, idNumber, userName) : null;
    }

    public async Task<IdAnswer> RegisterAsync(Caller caller, StaffInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var valid = Validate(input, errors, Today);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        await CheckUserAsync(db, valid!.UserName, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Phone == valid.Phone, ct);
        if (existing is not null)
        {
            // A retried registration (same person, same phone, visible to the caller) answers the cadre it made.
            if (existing.Name == valid.Name && existing.Organisation == valid.Organisation && caller.Scope.Contains(existing.JurisdictionCode))
                return new IdAnswer(existing.Id.ToString());
            throw new DomainException("staff-phone-taken", StatusCodes.Status409Conflict, "phone");
        }
        var staff = NewStaff(caller, valid, clock.GetUtcNow().UtcDateTime);
        db.Staff.Add(staff);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // Two registrations of one phone at once: the unique index let one through; the other answers as a retry would.
            if (await PhoneTakenAsync(valid.Phone, ct) is not { } raced) throw;
            if (raced.Name == valid.Name && raced.Organisation == valid.Organisation && caller.Scope.Contains(raced.JurisdictionCode))
                return new IdAnswer(raced.Id.ToString());
            throw new DomainException("staff-phone-taken", StatusCodes.Status409Conflict, "phone");
        }
        db.Audit.Add(audit.Entry(caller, StaffAuditActions.Register, $"staff:{staff.Id}", staff.JurisdictionCode, null,
            new { name = staff.Name, organisation = staff.Organisation, phone = staff.Phone, userName = staff.UserName }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new IdAnswer(staff.Id.ToString());
    }

    async Task<StaffMember?> PhoneTakenAsync(string phone, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Staff.AsNoTracking().FirstOrDefaultAsync(s => s.Phone == phone, ct);
    }

    internal static StaffMember NewStaff(Caller caller, ValidStaff valid, DateTime now) => new()
    {
        Name = valid.Name, Organisation = valid.Organisation, Phone = valid.Phone, IdNumber = valid.IdNumber, UserName = valid.UserName,
        HomeJurisdictionCode = caller.Scope.Code, JurisdictionCode = caller.Scope.Code, CreatedAt = now, CreatedBy = caller.UserName, UpdatedAt = now,
    };

    static async Task CheckUserAsync(FrontlineDb db, string? userName, CancellationToken ct)
    {
        if (userName is not null && !await db.Users.AnyAsync(u => u.UserName == userName, ct))
            throw new DomainException("unknown-user", field: "userName", args: userName);
    }

    // ---- Deployments ----

    internal sealed record ValidDeployment(string Jurisdiction, string? TaskForce, string Role, DateOnly From, DateOnly? To);

    /// <summary>The deployment's fields, its place resolved: a jurisdiction that exists within the caller's scope, or a task force owned by the deploying command.</summary>
    internal async Task<ValidDeployment?> ValidateAsync(Caller caller, string? jurisdiction, string? taskForce, string? role, DateOnly? from, DateOnly? to,
        List<FieldError> errors, CancellationToken ct, string prefix = "")
    {
        var before = errors.Count;
        var roleText = Text(errors, prefix + "role", role, StaffRules.MaxRole, required: true);
        if (from is null) errors.Add(new(prefix + "from", "missing-field", "from"));
        if (from is { } f && to is { } t && t < f) errors.Add(new(prefix + "to", "deployment-ends-before-start"));
        string? force = null;
        if (!string.IsNullOrWhiteSpace(taskForce))
        {
            if (TaskForces.Find(taskForce) is { } found) force = found.Code;
            else errors.Add(new(prefix + "taskForce", "unknown-task-force", taskForce.Trim()));
        }
        var code = string.IsNullOrWhiteSpace(jurisdiction) ? null : jurisdiction.Trim();
        if (code is null && force is null && string.IsNullOrWhiteSpace(taskForce)) errors.Add(new(prefix + "jurisdiction", "deployment-place-required"));
        // A task force belongs to the command that deploys to it: the caller's own jurisdiction unless one is named.
        if (code is null && force is not null) code = caller.Scope.Code;
        if (code is not null)
        {
            if (code.Length != 12 || !code.All(char.IsAsciiDigit) || await jurisdictions.GetAsync(code, ct) is null)
                errors.Add(new(prefix + "jurisdiction", "unknown-jurisdiction", code));
            else if (!caller.Scope.Contains(code)) errors.Add(new(prefix + "jurisdiction", "out-of-scope"));
        }
        return errors.Count == before ? new ValidDeployment(code!, force, roleText!, from!.Value, to) : null;
    }

    public async Task<IdAnswer> DeployAsync(Caller caller, DeploymentInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        if (!long.TryParse(input.StaffId, out var staffId)) errors.Add(new("staffId", "missing-field", "staffId"));
        var valid = await ValidateAsync(caller, input.Jurisdiction, input.TaskForce, input.Role, input.From, input.To, errors, ct);
        if (errors.Count > 0) throw new ValidationFailed(errors);

        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(db, staffId, ct);
        var staff = await db.Staff.InScope(caller.Scope, nameof(StaffMember.JurisdictionCode)).FirstOrDefaultAsync(s => s.Id == staffId, ct)
            ?? throw new NotFoundException("staff");
        var others = await db.Deployments.AsNoTracking().Where(d => d.StaffId == staffId).ToListAsync(ct);
        var period = new DutyPeriod(valid!.From, valid.To);
        var same = others.FirstOrDefault(d => d.From == valid.From && d.To == valid.To && d.JurisdictionCode == valid.Jurisdiction
            && d.TaskForce == valid.TaskForce && d.Role == valid.Role);
        // A retried deployment answers the one it made.
        if (same is not null) return new IdAnswer(same.Id.ToString());
        if (others.FirstOrDefault(d => new DutyPeriod(d.From, d.To).Overlaps(period)) is { } clash)
            throw new DomainException("deployment-overlaps", StatusCodes.Status409Conflict, "from", clash.From.ToString("yyyy-MM-dd"));
        var now = clock.GetUtcNow().UtcDateTime;
        var deployment = Add(db, staff, valid, caller, now);
        await db.SaveChangesAsync(ct);
        await RefreshAsync(db, staff, Today, ct);
        db.Audit.Add(audit.Entry(caller, StaffAuditActions.Deploy, $"staff:{staff.Id}", valid.Jurisdiction, null,
            new { deployment = deployment.Id, jurisdiction = valid.Jurisdiction, taskForce = valid.TaskForce, role = valid.Role, from = valid.From, to = valid.To }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new IdAnswer(deployment.Id.ToString());
    }

    internal static Deployment Add(FrontlineDb db, StaffMember staff, ValidDeployment valid, Caller caller, DateTime now)
    {
        var deployment = new Deployment
        {
            StaffId = staff.Id, JurisdictionCode = valid.Jurisdiction, TaskForce = valid.TaskForce, Role = valid.Role, From = valid.From, To = valid.To,
            CreatedAt = now, CreatedBy = caller.UserName,
        };
        db.Deployments.Add(deployment);
        return deployment;
    }

    /// <summary>Ends a deployment on a day (default today): its last day on duty. Ending one already ended is refused (409).</summary>
    public async Task<DeploymentView> EndAsync(Caller caller, long id, EndDeploymentInput input, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var found = await db.Deployments.AsNoTracking().InScope(caller.Scope, nameof(Deployment.JurisdictionCode)).FirstOrDefaultAsync(d => d.Id == id, ct)
            ?? throw new NotFoundException("deployment");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(db, found.StaffId, ct);
        var deployment = await db.Deployments.FirstAsync(d => d.Id == id, ct);
        if (deployment.EndedAt is not null)
            throw new DomainException("deployment-already-ended", StatusCodes.Status409Conflict, "to", deployment.To?.ToString("yyyy-MM-dd") ?? "");
        var to = input.To ?? Today;
        if (to < deployment.From) throw new DomainException("deployment-ends-before-start", field: "to");
        if (deployment.To is { } planned && to > planned)
        {
            var others = await db.Deployments.AsNoTracking().Where(d => d.StaffId == deployment.StaffId && d.Id != id).ToListAsync(ct);
            if (others.FirstOrDefault(d => new DutyPeriod(d.From, d.To).Overlaps(new DutyPeriod(deployment.From, to))) is { } clash)
                throw new DomainException("deployment-overlaps", StatusCodes.Status409Conflict, "to", clash.From.ToString("yyyy-MM-dd"));
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var before = deployment.To;
        deployment.To = to;
        deployment.EndedAt = now;
        deployment.EndedBy = caller.UserName;
        await db.SaveChangesAsync(ct);
        var staff = await db.Staff.FirstAsync(s => s.Id == deployment.StaffId, ct);
        await RefreshAsync(db, staff, Today, ct);
        db.Audit.Add(audit.Entry(caller, StaffAuditActions.EndDeployment, $"staff:{staff.Id}", deployment.JurisdictionCode, null,
            new { deployment = id, to, plannedTo = before }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var names = await NamesAsync([deployment.JurisdictionCode], ct);
        return View(deployment, names);
    }

    public async Task RestDayAsync(Caller caller, long staffId, RestDayInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        if (input.Date is null) errors.Add(new("date", "missing-field", "date"));
        var note = TextRules.Optional(errors, "note", input.Note, 200);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        var date = input.Date!.Value;
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(db, staffId, ct);
        var staff = await db.Staff.InScope(caller.Scope, nameof(StaffMember.JurisdictionCode)).FirstOrDefaultAsync(s => s.Id == staffId, ct)
            ?? throw new NotFoundException("staff");
        if (await db.RestDays.AnyAsync(r => r.StaffId == staffId && r.Date == date, ct))
            throw new DomainException("rest-day-taken", StatusCodes.Status409Conflict, "date", date.ToString("yyyy-MM-dd"));
        if (!await db.Deployments.AnyAsync(d => d.StaffId == staffId && d.From <= date && (d.To == null || d.To >= date), ct))
            throw new DomainException("not-on-duty-that-day", field: "date", args: date.ToString("yyyy-MM-dd"));
        db.RestDays.Add(new RestDay { StaffId = staffId, Date = date, Note = note, CreatedAt = clock.GetUtcNow().UtcDateTime, CreatedBy = caller.UserName });
        await db.SaveChangesAsync(ct);
        await RefreshAsync(db, staff, Today, ct);
        db.Audit.Add(audit.Entry(caller, StaffAuditActions.RestDay, $"staff:{staffId}", staff.JurisdictionCode, null, new { date, note }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task<IdAnswer> CareAsync(Caller caller, long staffId, CareInput input, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new List<FieldError>();
        var kind = StaffRules.ParseCareKind(input.Kind);
        if (string.IsNullOrWhiteSpace(input.Kind)) errors.Add(new("kind", "missing-field", "kind"));
        else if (kind is null) errors.Add(new("kind", "invalid-care-kind"));
        var at = input.At?.UtcDateTime ?? now;
        if (at > now + ClockSkew) errors.Add(new("at", "care-in-future"));
        var note = TextRules.Optional(errors, "note", input.Note, 500, multiLine: true);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var staff = await db.Staff.InScope(caller.Scope, nameof(StaffMember.JurisdictionCode)).FirstOrDefaultAsync(s => s.Id == staffId, ct)
            ?? throw new NotFoundException("staff");
        var record = new CareRecord { StaffId = staffId, Kind = kind!.Value, At = at, Note = note, By = caller.UserName, CreatedAt = now };
        db.CareRecords.Add(record);
        if (staff.LastCareAt is null || at >= staff.LastCareAt)
        {
            staff.LastCareAt = at;
            staff.LastCareKind = StaffRules.Code(kind.Value);
        }
        staff.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        db.Audit.Add(audit.Entry(caller, StaffAuditActions.Care, $"staff:{staffId}", staff.JurisdictionCode, null,
            new { care = record.Id, kind = StaffRules.Code(kind.Value), at = at.ToChina(), note }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new IdAnswer(record.Id.ToString());
    }

    /// <summary>Two commanders deploying one cadre at once: the cadre's row is the queue on PostgreSQL (SQLite takes one writer at a time).</summary>
    static async Task LockAsync(FrontlineDb db, long staffId, CancellationToken ct)
    {
        if (db.IsPostgres) await db.Database.SqlQuery<long>($"SELECT id AS \"Value\" FROM staff WHERE id = {staffId} FOR UPDATE").ToListAsync(ct);
    }

    /// <summary>
    /// Recomputes the cadre's stored run of duty days and current posting from their deployments and rest days, inside the
    /// caller's unit of work. Every write that changes them calls it, and so does the daily rollover for runs that ended.
    /// </summary>
    internal static async Task RefreshAsync(FrontlineDb db, StaffMember staff, DateOnly today, CancellationToken ct)
    {
        var deployments = await db.Deployments.AsNoTracking().Where(d => d.StaffId == staff.Id).ToListAsync(ct);
        var restDays = await db.RestDays.AsNoTracking().Where(r => r.StaffId == staff.Id && r.Date >= today.AddDays(-400)).Select(r => r.Date).ToListAsync(ct);
        Apply(staff, deployments, restDays, today);
    }

    internal static void Apply(StaffMember staff, IReadOnlyList<Deployment> deployments, IEnumerable<DateOnly> restDays, DateOnly today)
    {
        var run = StaffRules.CurrentRun(deployments.Select(d => new DutyPeriod(d.From, d.To)), restDays, today);
        staff.StreakStart = run?.Start;
        staff.StreakUntil = run?.Until;
        var current = deployments.Where(d => new DutyPeriod(d.From, d.To).Covers(today)).OrderByDescending(d => d.From).FirstOrDefault()
            ?? deployments.Where(d => d.From > today).OrderBy(d => d.From).FirstOrDefault()
            ?? deployments.OrderByDescending(d => d.To ?? DateOnly.MaxValue).ThenByDescending(d => d.Id).FirstOrDefault();
        staff.JurisdictionCode = current?.JurisdictionCode ?? staff.HomeJurisdictionCode;
        staff.TaskForce = current?.TaskForce;
        staff.Role = current?.Role;
    }

    // ---- Reading ----

    /// <summary>
    /// The list, in the caller's scope: by default the longest run of duty days first, so the care alerts lead. For scale
    /// (thousands of cadres) nothing is computed per person here: each row stores its current run (start, planned end),
    /// kept by every write (<see cref="RefreshAsync"/>) and by the daily rollover for runs that ended; the care-alert
    /// filter is then a range on the stored start (on or before today − (threshold − 1), the run not yet over), served by
    /// the index on (start, until), and duty days are today − start + 1.
    /// </summary>
    public async Task<Paged<StaffRow>> ListAsync(Caller caller, StaffQuery query, PageRequest page, CancellationToken ct = default)
    {
        if (caller.Scope.Narrow(query.Jurisdiction) is not { } scope) return new(0, []);
        var today = Today;
        var alertFrom = StaffRules.AlertStartOnOrBefore(today, CareAlertDays);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Staff.AsNoTracking().InScope(scope, nameof(StaffMember.JurisdictionCode));
        if (!string.IsNullOrWhiteSpace(query.Organisation)) q = q.Where(s => s.Organisation == query.Organisation.Trim());
        if (!string.IsNullOrWhiteSpace(query.TaskForce))
        {
            var force = TaskForces.Find(query.TaskForce)?.Code ?? throw new DomainException("unknown-task-force", field: "taskForce", args: query.TaskForce);
            q = q.Where(s => s.TaskForce == force);
        }
        if (!string.IsNullOrWhiteSpace(query.Q))
        {
            var text = query.Q.Trim();
            q = q.Where(s => s.Name.StartsWith(text) || s.Phone == text);
        }
        if (query.CareAlert is { } alert)
            q = alert
                ? q.Where(s => s.StreakStart != null && s.StreakStart <= alertFrom && (s.StreakUntil == null || s.StreakUntil >= today))
                : q.Where(s => !(s.StreakStart != null && s.StreakStart <= alertFrom && (s.StreakUntil == null || s.StreakUntil >= today)));
        if (query.OnDuty == true) q = q.Where(s => s.StreakStart != null && s.StreakStart <= today && (s.StreakUntil == null || s.StreakUntil >= today));
        var total = await q.LongCountAsync(ct);
        var ordered = query.Sort switch
        {
            null or "" or "duty-days" => q.OrderBy(s => s.StreakStart != null && s.StreakStart <= today && (s.StreakUntil == null || s.StreakUntil >= today) ? 0 : 1)
                .ThenBy(s => s.StreakStart).ThenBy(s => s.Id),
            "-duty-days" => q.OrderBy(s => s.StreakStart != null && s.StreakStart <= today && (s.StreakUntil == null || s.StreakUntil >= today) ? 1 : 0)
                .ThenByDescending(s => s.StreakStart).ThenBy(s => s.Id),
            "name" => q.OrderBy(s => s.Name).ThenBy(s => s.Id),
            "last-care" => q.OrderBy(s => s.LastCareAt == null ? 0 : 1).ThenBy(s => s.LastCareAt).ThenBy(s => s.Id),
            _ => throw new DomainException("invalid-field", field: "sort", args: "sort"),
        };
        var rows = await ordered.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        var names = await NamesAsync(rows.Select(r => r.JurisdictionCode), ct);
        return new(total, rows.Select(r => Row(r, today, names)).ToList());
    }

    StaffRow Row(StaffMember s, DateOnly today, IReadOnlyDictionary<string, string> names)
    {
        var run = s.StreakStart is { } start ? new DutyRun(start, s.StreakUntil) : (DutyRun?)null;
        var days = DutyRun.DutyDays(run, today);
        return new StaffRow(s.Id.ToString(), s.Name, s.Organisation, days, StaffRules.CareAlert(days, CareAlertDays), s.JurisdictionCode,
            names.GetValueOrDefault(s.JurisdictionCode, s.JurisdictionCode), s.TaskForce, s.Role, days > 0 ? s.StreakStart : null,
            s.LastCareAt?.ToChina(), s.LastCareKind);
    }

    async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string> codes, CancellationToken ct)
    {
        var names = new Dictionary<string, string>();
        await jurisdictions.AddNamesAsync(names, codes.Distinct(), ct);
        return names;
    }

    public async Task<StaffDetail> GetAsync(Caller caller, long id, bool unmask = false, string? reason = null, CancellationToken ct = default)
    {
        RequireUnmask(caller, unmask, reason);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var staff = await db.Staff.AsNoTracking().InScope(caller.Scope, nameof(StaffMember.JurisdictionCode)).FirstOrDefaultAsync(s => s.Id == id, ct)
            ?? throw new NotFoundException("staff");
        var today = Today;
        var deployments = await db.Deployments.AsNoTracking().Where(d => d.StaffId == id).OrderByDescending(d => d.From).Take(200).ToListAsync(ct);
        var rest = await db.RestDays.AsNoTracking().Where(r => r.StaffId == id).OrderByDescending(r => r.Date).Take(60).ToListAsync(ct);
        var care = await db.CareRecords.AsNoTracking().Where(c => c.StaffId == id).OrderByDescending(c => c.At).Take(100).ToListAsync(ct);
        var names = await NamesAsync(deployments.Select(d => d.JurisdictionCode).Append(staff.JurisdictionCode), ct);
        if (unmask) await audit.RecordAsync(caller, AuditActions.PiiView, $"staff:{id}", staff.JurisdictionCode, reason, new { fields = "phone,idNumber" }, ct);
        return new StaffDetail(Row(staff, today, names), unmask ? staff.Phone : Masking.Phone(staff.Phone)!, unmask ? staff.IdNumber : Masking.IdNumber(staff.IdNumber),
            staff.UserName, CareAlertDays, deployments.Select(d => View(d, names)).ToList(),
            rest.Select(r => new RestDayView(r.Date, r.Note, r.CreatedBy)).ToList(),
            care.Select(c => new CareView(c.Id.ToString(), StaffRules.Code(c.Kind), c.At.ToChina(), c.Note, c.By)).ToList(), !unmask);
    }

    static DeploymentView View(Deployment d, IReadOnlyDictionary<string, string> names) =>
        new(d.Id.ToString(), d.JurisdictionCode, names.GetValueOrDefault(d.JurisdictionCode, d.JurisdictionCode), d.TaskForce, d.Role, d.From, d.To,
            d.CreatedAt.ToChina(), d.CreatedBy, d.EndedAt?.ToChina(), d.EndedBy);

    /// <summary>The organisations of the cadres in scope, for the list's filter.</summary>
    public async Task<IReadOnlyList<string>> OrganisationsAsync(Caller caller, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Staff.AsNoTracking().InScope(caller.Scope, nameof(StaffMember.JurisdictionCode)).Select(s => s.Organisation).Distinct()
            .OrderBy(o => o).Take(300).ToListAsync(ct);
    }

    /// <summary>
    /// What the cadre's account did in the period, read without writing from the tables of the modules that record the
    /// acting user: household checks and outbound calls from the audit trail (indexed by user and time; each check and
    /// each call attempt is one entry), samples from Testing's samples by collector. A cadre with no linked account has no figures.
    /// </summary>
    public async Task<Workload> WorkloadAsync(Caller caller, long id, DateOnly? from, DateOnly? to, CancellationToken ct = default)
    {
        var today = Today;
        var last = to ?? today;
        var first = from ?? last.AddDays(-29);
        if (first > last || last.DayNumber - first.DayNumber + 1 > MaxWorkloadDays)
            throw new DomainException("invalid-period", field: "from", args: MaxWorkloadDays);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var staff = await db.Staff.AsNoTracking().InScope(caller.Scope, nameof(StaffMember.JurisdictionCode)).FirstOrDefaultAsync(s => s.Id == id, ct)
            ?? throw new NotFoundException("staff");
        if (staff.UserName is not { } user)
            return new Workload(id.ToString(), null, first, last, null, null, null, Ui.T("未关联账号，无法统计工作量", "No user account linked: no figures"));
        var start = ChinaTime.FromChina(first.ToDateTime(TimeOnly.MinValue)).UtcDateTime;
        var end = ChinaTime.FromChina(last.AddDays(1).ToDateTime(TimeOnly.MinValue)).UtcDateTime;
        var verified = await db.Audit.AsNoTracking()
            .CountAsync(a => a.UserName == user && a.At >= start && a.At < end && a.Action == RegistryAuditActions.PersonVerify, ct);
        var calls = await db.Audit.AsNoTracking()
            .CountAsync(a => a.UserName == user && a.At >= start && a.At < end && a.Action == Investigation.CallAuditActions.Attempt, ct);
        var samples = await db.Set<Testing.Sample>().AsNoTracking().CountAsync(s => s.Collector == user && s.CollectedAt >= start && s.CollectedAt < end, ct);
        return new Workload(id.ToString(), user, first, last, verified, samples, calls, null);
    }

    static void RequireUnmask(Caller caller, bool unmask, string? reason)
    {
        if (!unmask) return;
        if (!caller.Can(Permissions.PiiView)) throw new DomainException("forbidden", StatusCodes.Status403Forbidden);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason-required", field: "reason");
        if (reason.Length > 500) throw new DomainException("field-too-long", field: "reason", args: ["reason", 500]);
    }

    internal static string? Text(List<FieldError> errors, string field, string? value, int max, bool required)
    {
        var label = field.Contains('.') ? field[(field.LastIndexOf('.') + 1)..] : field;
        if (required && string.IsNullOrWhiteSpace(value)) { errors.Add(new(field, "missing-field", label)); return null; }
        return TextRules.Optional(errors, field, value, max, label);
    }
}

/// <summary>The list's filters: <c>careAlert</c>, organisation, jurisdiction, task force, name prefix or phone; sort by duty days (default), name or last care.</summary>
public sealed record StaffQuery(bool? CareAlert = null, string? Organisation = null, string? Jurisdiction = null, string? TaskForce = null, string? Q = null,
    string? Sort = null, bool? OnDuty = null);
