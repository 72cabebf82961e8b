using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

[RequiresOneOf("venueCode", "caseId")]
public sealed record CallListInput([Required] string? Name,
    [Description("A registered place's venue code: everyone who checked in there between from and to.")] string? VenueCode,
    DateTimeOffset? From, DateTimeOffset? To,
    [Description("A case: its close and secondary contacts and its space-time companions.")] string? CaseId);

public sealed record CallListCreated(string Id, int Total);

public sealed record CallListImportResult(
    [Description("The list made; null when no row could be called (nothing was made).")] string? Id,
    int Total, int Rows, [Description("Rows naming a person already on the list (one call per person).")] int Duplicates,
    int Rejected, IReadOnlyList<ImportError> Errors);

public sealed record CallListView(string Id, string Name, string JurisdictionCode, [OneOf(typeof(CallListSource))] string Source,
    int Total, int Done, int Open, string CreatedBy, DateTimeOffset CreatedAt);

public sealed record CallerProgress(string Caller, int Assigned, int Done, int Reached, int Open, int DueRetries);

public sealed record CallListProgress(string Id, string Name, string JurisdictionCode, [OneOf(typeof(CallListSource))] string Source,
    DateTimeOffset? From, DateTimeOffset? To, int Total, int Reached, int NoAnswer, int WrongNumber, int Refused, int LeftArea,
    [Description("Closed after the last unanswered try.")] int Unreachable,
    int Open, int Unassigned, [Description("Open calls whose retry time has come.")] int DueRetries, IReadOnlyList<CallerProgress> Callers);

public sealed record CallView(string Id, string ListId, string? PersonId,
    [Description("Masked (张*) unless unmasked.")] string Name,
    [Description("Masked (138****5678) unless unmasked.")] string? Phone,
    [Description("Masked unless unmasked.")] string? IdNumber,
    string? AssignedTo, [OneOf("open", "done")] string Status,
    [OneOf("reached", "no-answer", "wrong-number", "refused", "left-area", "unreachable")] string? Outcome,
    int Attempts, [Description("When an unanswered call comes back.")] DateTimeOffset? DueAt, bool RetryDue,
    DateTimeOffset? LastAttemptAt, string? WhereTo, string? Note, bool Masked);

public sealed record CallAttemptInput(
    [Required, OneOf("reached", "no-answer", "wrong-number", "refused", "left-area")] string? Outcome,
    string? Note,
    [Description("Where the person went: required with left-area.")] string? WhereTo,
    [Description("The device's own id of this attempt: the same key sent again records nothing more.")] string? ClientKey);

public sealed record CallSplitInput([Required, Description("User names of callers holding calls.work in the list's jurisdiction.")] string[]? Callers);

public sealed record CallSplitResult(IReadOnlyDictionary<string, int> Assigned);

public sealed record CallTakeInput([Description("How many open unassigned calls to take, 1 to 200; default 10.")] int? Count);

public sealed record CallReassignInput([Required] string? From, [Required] string? To);

public sealed record CallCount(int Count);

public sealed record CallStartInput([Required, Description("Why the caller needs the full names and numbers; audited once per list.")] string? Reason);

/// <summary>A caller's lists: where they have open calls, or where open calls wait to be taken.</summary>
public sealed record MyCallList(long Id, string Name, int Mine, int DueRetries, int Unassigned, bool Started);

/// <summary>
/// Outbound-call lists (外呼): made from a place's check-ins over a span, a case's contacts, named persons (the seam for the
/// companion search) or a spreadsheet; split among callers; worked call by call with their attempts. A list is its
/// jurisdiction's: outside the caller's it does not exist for them (404).
/// </summary>
public sealed class CallLists(IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock, CallSettings settings,
    UserManager<AppUser> users, RoleTable roles, SqlDialect sql, Companions companions)
{
    /// <summary>A case's list takes at most this many of its space-time companions (the longest overlaps first).</summary>
    public const int MaxCompanions = 5000;

    public const int MaxName = 100, MaxNote = 500, MaxWhereTo = 200, MaxSpanDays = 31, MaxTake = 200, MaxErrorsReturned = 1000;

    static readonly SpreadsheetColumns FileColumns = new(
        new("name", true, "姓名", "name"),
        new("idNumber", false, "证件号码", "身份证号码", "身份证号", "idnumber", "id_number"),
        new("phone", false, "手机号码", "手机号", "联系电话", "phone"));

    public static IReadOnlyList<string> TemplateHeaders => FileColumns.TemplateHeaders;

    DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<CallListCreated> CreateAsync(Caller caller, CallListInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var name = TextRules.Optional(errors, "name", input.Name, MaxName);
        if (name is null && errors.Count == 0) errors.Add(new("name", "missing-field", "name"));
        var byVenue = !string.IsNullOrWhiteSpace(input.VenueCode);
        var byCase = !string.IsNullOrWhiteSpace(input.CaseId);
        if (byVenue == byCase) errors.Add(new(byVenue ? "caseId" : "venueCode", "call-source-required"));
        if (byVenue)
        {
            if (input.From is null) errors.Add(new("from", "missing-field", "from"));
            if (input.To is null) errors.Add(new("to", "missing-field", "to"));
            if (input.From is { } f && input.To is { } t)
            {
                if (t <= f) errors.Add(new("to", "call-invalid-span"));
                else if (t - f > TimeSpan.FromDays(MaxSpanDays)) errors.Add(new("to", "call-span-too-long", MaxSpanDays));
            }
        }
        if (errors.Count > 0) throw new ValidationFailed(errors);

        await using var db = await dbs.CreateDbContextAsync(ct);
        CallList list;
        if (byVenue)
        {
            var code = input.VenueCode!.Trim();
            // A place outside the caller's jurisdiction is answered as one that does not exist.
            var place = await db.Places.AsNoTracking().FirstOrDefaultAsync(p => p.Code == code, ct);
            if (place is null || !caller.Scope.Contains(place.CommunityCode)) throw new NotFoundException("call-venue");
            list = NewList(caller, name!, place.CommunityCode, CallListSource.Place);
            list.PlaceId = place.Id;
            list.From = input.From!.Value.UtcDateTime;
            list.To = input.To!.Value.UtcDateTime;
        }
        else
        {
            if (!long.TryParse(input.CaseId, NumberStyles.None, CultureInfo.InvariantCulture, out var caseId)) throw new NotFoundException("call-case");
            var found = await db.Cases.AsNoTracking().InScope(caller.Scope).FirstOrDefaultAsync(c => c.Id == caseId, ct);
            if (found is null) throw new NotFoundException("call-case");
            list = NewList(caller, name!, found.CommunityCode, CallListSource.Case);
            list.CaseId = found.Id;
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.CallLists.Add(list);
        await db.SaveChangesAsync(ct);
        // One INSERT … SELECT: a busy market's day is tens of thousands of people, never loaded into the process.
        var listId = list.Id;
        if (list.Source == CallListSource.Place)
        {
            var (placeId, from, to) = (list.PlaceId!.Value, list.From!.Value, list.To!.Value);
            await db.Database.ExecuteSqlInterpolatedAsync($@"
                INSERT INTO calls (call_list_id, person_key, person_id, name, phone, id_number, status, attempts)
                SELECT {listId}, 'p' || p.id, p.id, p.name, p.phone, p.doc_number, 'Open', 0 FROM persons p
                WHERE p.id IN (SELECT c.person_id FROM checkins c WHERE c.place_id = {placeId} AND c.at >= {from} AND c.at <= {to})
                ON CONFLICT (call_list_id, person_key) DO NOTHING", ct);
        }
        else
        {
            var caseId = list.CaseId!.Value;
            await db.Database.ExecuteSqlInterpolatedAsync($@"
                INSERT INTO calls (call_list_id, person_key, person_id, name, phone, id_number, status, attempts)
                SELECT {listId}, 'p' || p.id, p.id, p.name, p.phone, p.doc_number, 'Open', 0 FROM persons p
                WHERE p.id IN (SELECT k.person_id FROM contacts k WHERE k.case_id = {caseId})
                ON CONFLICT (call_list_id, person_key) DO NOTHING", ct);
        }
        list.Total = await RecountAsync(db, listId, ct);
        db.Audit.Add(audit.Entry(caller, CallAuditActions.ListCreate, $"call-list:{listId}", list.JurisdictionCode, detail: new
        {
            source = OneOfAttribute.Kebab(list.Source.ToString()), list.PlaceId, list.CaseId, list.Total,
        }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (list.CaseId is { } fromCase)
        {
            // The companions are candidates, not contacts yet, but the call is how a candidate is checked: they join the list.
            var companionIds = await companions.PersonIdsAsync(caller, fromCase, MaxCompanions, ct);
            if (companionIds.Count > 0 && await AddPersonsAsync(caller, listId, companionIds, "companions", ct) > 0)
            {
                await using var recount = await dbs.CreateDbContextAsync(ct);
                return new(listId.ToString(CultureInfo.InvariantCulture), await RecountAsync(recount, listId, ct));
            }
        }
        return new(listId.ToString(CultureInfo.InvariantCulture), list.Total);
    }

    CallList NewList(Caller caller, string name, string jurisdiction, CallListSource source) => new()
    {
        Name = name, JurisdictionCode = jurisdiction, Source = source, CreatedBy = caller.UserName, CreatedAt = Now,
    };

    static async Task<int> RecountAsync(FrontlineDb db, long listId, CancellationToken ct)
    {
        var total = await db.Calls.CountAsync(c => c.CallListId == listId, ct);
        await db.CallLists.Where(l => l.Id == listId).ExecuteUpdateAsync(s => s.SetProperty(l => l.Total, total), ct);
        return total;
    }

    /// <summary>
    /// A list of named registered persons in a jurisdiction of the caller's, for a stated reason (audited): the seam for a
    /// case's space-time companions, whose search belongs to another part of the module.
    /// </summary>
    public async Task<CallListCreated> CreateFromPersonsAsync(Caller caller, string name, string jurisdiction, IReadOnlyCollection<long> personIds,
        string reason, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var listName = FieldError.Required(errors, "name", name, MaxName);
        if (!caller.Scope.Contains(jurisdiction)) errors.Add(new("jurisdiction", "out-of-scope"));
        if (string.IsNullOrWhiteSpace(reason)) errors.Add(new("reason", "reason-required"));
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var list = NewList(caller, listName!, jurisdiction, CallListSource.Persons);
        db.CallLists.Add(list);
        await db.SaveChangesAsync(ct);
        db.Audit.Add(audit.Entry(caller, CallAuditActions.ListCreate, $"call-list:{list.Id}", jurisdiction, reason, new { source = "persons" }));
        await db.SaveChangesAsync(ct);
        var added = await AddPersonsAsync(caller, list.Id, personIds, reason, ct);
        return new(list.Id.ToString(CultureInfo.InvariantCulture), added);
    }

    /// <summary>
    /// Adds registered persons to a list (one call each; those on it already are skipped) for a stated reason, audited:
    /// the seam through which a case's space-time companions join its call list. Answers how many calls were added.
    /// </summary>
    public async Task<int> AddPersonsAsync(Caller caller, long listId, IReadOnlyCollection<long> personIds, string reason, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason-required", field: "reason");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var list = await ListInScopeAsync(db, caller, listId, ct);
        if (personIds.Count == 0) return 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var before = list.Total;
        var connection = db.Database.GetDbConnection();
        foreach (var chunk in personIds.Distinct().Chunk(10_000))
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = tx.GetDbTransaction();
            var inList = sql.InList(cmd, "p.id", "@ids", chunk);
            cmd.CommandText = $@"INSERT INTO calls (call_list_id, person_key, person_id, name, phone, id_number, status, attempts)
                SELECT @list, 'p' || p.id, p.id, p.name, p.phone, p.doc_number, 'Open', 0 FROM persons p WHERE {inList}
                ON CONFLICT (call_list_id, person_key) DO NOTHING";
            var p = cmd.CreateParameter();
            p.ParameterName = "@list";
            p.Value = listId;
            cmd.Parameters.Add(p);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        var total = await RecountAsync(db, listId, ct);
        db.Audit.Add(audit.Entry(caller, CallAuditActions.ListAddPersons, $"call-list:{listId}", list.JurisdictionCode, reason,
            new { asked = personIds.Count, added = total - before }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return total - before;
    }

    sealed record FileRow(int Row, string Key, long? PersonId, string Name, string? Phone, string? IdNumber);

    /// <summary>
    /// A list from a spreadsheet other teams sent (name; ID number and/or phone): bad rows are refused with their row
    /// number and column as in the roster import, the good ones make the list; a person twice in the file is one call.
    /// </summary>
    public async Task<CallListImportResult> ImportAsync(Caller caller, Stream file, string fileName, string? name, string? jurisdiction,
        CancellationToken ct = default)
    {
        var fieldErrors = new List<FieldError>();
        var listName = TextRules.Optional(fieldErrors, "name", name, MaxName) ?? (fieldErrors.Count == 0 ? FileNames.OfUpload(fileName) : null);
        var code = string.IsNullOrWhiteSpace(jurisdiction) ? caller.Scope.Code : jurisdiction.Trim();
        if (code.Length != 12 || !code.All(char.IsAsciiDigit)) fieldErrors.Add(new("jurisdiction", "unknown-jurisdiction", code));
        else if (!caller.Scope.Contains(code)) fieldErrors.Add(new("jurisdiction", "out-of-scope"));
        if (fieldErrors.Count > 0) throw new ValidationFailed(fieldErrors);
        if (listName!.Length > MaxName) listName = listName[..MaxName];

        using var sheet = SpreadsheetReader.Open(file, fileName);
        var map = FileColumns.Map(sheet.Header);
        var culture = CultureInfo.CurrentUICulture;
        var today = ChinaTime.Today(clock);
        var errors = new List<ImportError>();
        var rows = new List<FileRow>();
        var rejected = 0;
        var total = 0;
        foreach (var row in sheet.Rows())
        {
            total++;
            // Words only for the errors answered: a file of a million bad rows is counted, not described row by row.
            if (row.Refused)
            {
                rejected++;
                if (errors.Count < MaxErrorsReturned) errors.AddRange(map.Problems(row, culture));
                continue;
            }
            var rowErrors = new List<(string Field, string Code, object[] Args)>();
            var personName = map.Cell(row, "name")?.Trim();
            if (string.IsNullOrEmpty(personName)) rowErrors.Add(("name", "missing-field", ["name"]));
            else if (TextRules.Check(personName, 64) is { } nameError) rowErrors.Add(("name", nameError, nameError == "field-too-long" ? ["name", 64] : ["name"]));
            string? phone = null, idNumber = null;
            if (map.Cell(row, "phone") is { } rawPhone && !string.IsNullOrWhiteSpace(rawPhone))
            {
                if (IdentityDocuments.ValidatePhone(rawPhone, out var p) is { } phoneError) rowErrors.Add(("phone", phoneError, []));
                else phone = p;
            }
            if (map.Cell(row, "idNumber") is { } rawId && !string.IsNullOrWhiteSpace(rawId))
            {
                if (IdentityDocuments.Validate(DocType.ResidentId, rawId, today, out var id) is { } idError) rowErrors.Add(("idNumber", idError, []));
                else idNumber = id;
            }
            if (rowErrors.Count == 0 && phone is null && idNumber is null) rowErrors.Add(("phone", "call-phone-or-id-required", []));
            if (rowErrors.Count > 0)
            {
                rejected++;
                if (errors.Count < MaxErrorsReturned) foreach (var e in rowErrors) errors.Add(map.Error(row, e.Field, e.Code, culture, e.Args));
                continue;
            }
            rows.Add(new FileRow(row.Number, idNumber is not null ? "d" + idNumber : "m" + phone, null, personName!, phone, idNumber));
        }
        if (total == 0) throw new DomainException("empty-file", field: "file");

        await using var db = await dbs.CreateDbContextAsync(ct);
        // Registered people are one person whichever list or file names them: the key is their person id, and a row
        // without a phone takes the registry's.
        var resolved = new List<FileRow>(rows.Count);
        foreach (var chunk in rows.Chunk(500))
        {
            var ids = chunk.Where(r => r.IdNumber is not null).Select(r => r.IdNumber!).Distinct().ToList();
            var known = ids.Count == 0 ? [] : await db.Persons.AsNoTracking()
                .Where(p => p.DocType == DocType.ResidentId && ids.Contains(p.DocNumber))
                .Select(p => new { p.Id, p.DocNumber, p.Phone }).ToDictionaryAsync(p => p.DocNumber, ct);
            foreach (var r in chunk)
                resolved.Add(r.IdNumber is { } id && known.TryGetValue(id, out var person)
                    ? r with { Key = "p" + person.Id.ToString(CultureInfo.InvariantCulture), PersonId = person.Id, Phone = r.Phone ?? person.Phone }
                    : r);
        }
        var unique = resolved.DistinctBy(r => r.Key).ToList();
        var duplicates = resolved.Count - unique.Count;
        if (unique.Count == 0) return new CallListImportResult(null, 0, total, duplicates, rejected, errors.Take(MaxErrorsReturned).ToList());

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var list = NewList(caller, listName, code, CallListSource.File);
        db.CallLists.Add(list);
        await db.SaveChangesAsync(ct);
        await InsertRowsAsync(db.Database.GetDbConnection(), tx.GetDbTransaction(), list.Id, unique, ct);
        list.Total = await RecountAsync(db, list.Id, ct);
        db.Audit.Add(audit.Entry(caller, CallAuditActions.ListCreate, $"call-list:{list.Id}", code, detail: new
        {
            source = "file", file = FileNames.OfUpload(fileName), rows = total, list.Total, duplicates, rejected,
        }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CallListImportResult(list.Id.ToString(CultureInfo.InvariantCulture), list.Total, total, duplicates, rejected, errors.Take(MaxErrorsReturned).ToList());
    }

    /// <summary>The file's people, 200 rows a statement in the list's transaction (through the change tracker a row cost a round trip).</summary>
    static async Task InsertRowsAsync(DbConnection connection, DbTransaction tx, long listId, List<FileRow> rows, CancellationToken ct)
    {
        foreach (var chunk in rows.Chunk(200))
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            var values = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                values.Add($"(@l, @k{i}, @p{i}, @n{i}, @t{i}, @d{i}, 'Open', 0)");
                Add(cmd, $"@k{i}", chunk[i].Key);
                Add(cmd, $"@p{i}", chunk[i].PersonId);
                Add(cmd, $"@n{i}", chunk[i].Name);
                Add(cmd, $"@t{i}", chunk[i].Phone);
                Add(cmd, $"@d{i}", chunk[i].IdNumber);
            }
            Add(cmd, "@l", listId);
            cmd.CommandText = "INSERT INTO calls (call_list_id, person_key, person_id, name, phone, id_number, status, attempts) VALUES "
                + string.Join(", ", values) + " ON CONFLICT (call_list_id, person_key) DO NOTHING";
            await cmd.ExecuteNonQueryAsync(ct);
        }

        static void Add(DbCommand cmd, string name, object? value)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
    }

    static async Task<CallList> ListInScopeAsync(FrontlineDb db, Caller caller, long id, CancellationToken ct)
    {
        var list = await db.CallLists.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, ct);
        return list is not null && caller.Scope.Contains(list.JurisdictionCode) ? list : throw new NotFoundException("call-list");
    }

    public async Task<Paged<CallListView>> ListAsync(Caller caller, string? jurisdiction, string? sort, PageRequest page, CancellationToken ct = default)
    {
        if (caller.Scope.Narrow(jurisdiction) is not { } scope) return new(0, []);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.CallLists.AsNoTracking().InScope(scope, nameof(CallList.JurisdictionCode));
        var total = await q.LongCountAsync(ct);
        q = sort switch
        {
            "name" => q.OrderBy(l => l.Name).ThenByDescending(l => l.Id),
            "oldest" => q.OrderBy(l => l.Id),
            "total" => q.OrderByDescending(l => l.Total).ThenByDescending(l => l.Id),
            null or "" or "newest" => q.OrderByDescending(l => l.Id),
            _ => throw new DomainException("invalid-field", field: "sort", args: "sort"),
        };
        var lists = await q.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        var ids = lists.Select(l => l.Id).ToList();
        var done = await db.Calls.Where(c => ids.Contains(c.CallListId) && c.Status == CallStatus.Done)
            .GroupBy(c => c.CallListId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        return new(total, lists.Select(l =>
        {
            var d = done.GetValueOrDefault(l.Id);
            return new CallListView(l.Id.ToString(CultureInfo.InvariantCulture), l.Name, l.JurisdictionCode, SourceCode(l.Source), l.Total, d, l.Total - d,
                l.CreatedBy, l.CreatedAt.ToChina());
        }).ToList());
    }

    public static string SourceCode(CallListSource s) => OneOfAttribute.Kebab(s.ToString());

    public async Task<CallListProgress> ProgressAsync(Caller caller, long id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var list = await ListInScopeAsync(db, caller, id, ct);
        var now = Now;
        var groups = await db.Calls.AsNoTracking().Where(c => c.CallListId == id)
            .GroupBy(c => new { c.AssignedTo, c.Status, c.Outcome, Due = c.Status == CallStatus.Open && c.DueAt != null && c.DueAt <= now })
            .Select(g => new { g.Key.AssignedTo, g.Key.Status, g.Key.Outcome, g.Key.Due, Count = g.Count() }).ToListAsync(ct);
        int Sum(Func<(string? AssignedTo, CallStatus Status, CallOutcome? Outcome, bool Due), bool> which) =>
            groups.Where(g => which((g.AssignedTo, g.Status, g.Outcome, g.Due))).Sum(g => g.Count);
        var callers = groups.Where(g => g.AssignedTo is not null).Select(g => g.AssignedTo!).Distinct().Order(StringComparer.Ordinal)
            .Select(name => new CallerProgress(name,
                Sum(g => g.AssignedTo == name),
                Sum(g => g.AssignedTo == name && g.Status == CallStatus.Done),
                Sum(g => g.AssignedTo == name && g.Outcome == CallOutcome.Reached),
                Sum(g => g.AssignedTo == name && g.Status == CallStatus.Open),
                Sum(g => g.AssignedTo == name && g.Due))).ToList();
        return new CallListProgress(list.Id.ToString(CultureInfo.InvariantCulture), list.Name, list.JurisdictionCode, SourceCode(list.Source),
            list.From?.ToChina(), list.To?.ToChina(), list.Total,
            Sum(g => g.Outcome == CallOutcome.Reached), Sum(g => g.Outcome == CallOutcome.NoAnswer), Sum(g => g.Outcome == CallOutcome.WrongNumber),
            Sum(g => g.Outcome == CallOutcome.Refused), Sum(g => g.Outcome == CallOutcome.LeftArea), Sum(g => g.Outcome == CallOutcome.Unreachable),
            Sum(g => g.Status == CallStatus.Open), Sum(g => g.Status == CallStatus.Open && g.AssignedTo == null), Sum(g => g.Due), callers);
    }

    /// <summary>Full personal data for a manager's view needs pii.view and a stated reason, which is audited.</summary>
    static void RequireUnmask(Caller caller, bool unmask, string? reason)
    {
        if (!unmask) return;
        if (!caller.Can(Permissions.PiiView)) throw new DomainException("forbidden", StatusCodes.Status403Forbidden);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason-required", field: "reason");
        if (reason.Length > 500) throw new DomainException("field-too-long", field: "reason", args: ["reason", 500]);
    }

    public static string? ParseStatus(string? status) => status?.Trim().ToLowerInvariant() switch
    {
        null or "" => "",
        "open" => "open",
        "done" => "done",
        "retry" => "retry",
        _ => null,
    };

    /// <summary>A list's calls: open ones (not closed), retry ones (open and tried before), or done ones; masked unless unmasked.</summary>
    public async Task<Paged<CallView>> CallsAsync(Caller caller, long id, string? status, string? assignedTo, PageRequest page,
        bool unmask = false, string? reason = null, CancellationToken ct = default)
    {
        var which = ParseStatus(status) ?? throw new DomainException("invalid-field", field: "status", args: "status");
        RequireUnmask(caller, unmask, reason);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var list = await ListInScopeAsync(db, caller, id, ct);
        var q = db.Calls.AsNoTracking().Where(c => c.CallListId == id);
        q = which switch
        {
            "open" => q.Where(c => c.Status == CallStatus.Open),
            "retry" => q.Where(c => c.Status == CallStatus.Open && c.Attempts > 0),
            "done" => q.Where(c => c.Status == CallStatus.Done),
            _ => q,
        };
        if (!string.IsNullOrWhiteSpace(assignedTo)) q = q.Where(c => c.AssignedTo == assignedTo.Trim());
        var total = await q.LongCountAsync(ct);
        var now = Now;
        var rows = await (which == "retry" ? q.OrderBy(c => c.DueAt).ThenBy(c => c.Id) : q.OrderBy(c => c.Id))
            .Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        if (unmask && rows.Count > 0)
            await audit.RecordAsync(caller, AuditActions.PiiView, $"call-list:{id}", list.JurisdictionCode, reason, new { calls = rows.Count }, ct);
        return new(total, rows.Select(c => View(c, unmask, now)).ToList());
    }

    static CallView View(Call c, bool unmask, DateTime now) => new(
        c.Id.ToString(CultureInfo.InvariantCulture), c.CallListId.ToString(CultureInfo.InvariantCulture), c.PersonId?.ToString(CultureInfo.InvariantCulture),
        unmask ? c.Name : Masking.Name(c.Name)!, unmask ? c.Phone : Masking.Phone(c.Phone), unmask ? c.IdNumber : Masking.IdNumber(c.IdNumber),
        c.AssignedTo, c.Status == CallStatus.Open ? "open" : "done", c.Outcome is { } o ? CallRules.Code(o) : null, c.Attempts,
        c.DueAt?.ToChina(), CallRules.IsDue(c, now), c.LastAttemptAt?.ToChina(), c.WhereTo, Masking.Text(c.Note), !unmask);

    /// <summary>
    /// The calls assigned to the caller that are still open: due retries first, then calls never tried, then retries still
    /// waiting. Names and numbers are shown in full only on the lists where the caller stated their reason (<see cref="StartAsync"/>).
    /// </summary>
    public async Task<Paged<CallView>> MyCallsAsync(Caller caller, long? listId, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var now = Now;
        var mine = db.Calls.AsNoTracking().Where(c => c.AssignedTo == caller.UserName && c.Status == CallStatus.Open);
        if (listId is { } only) mine = mine.Where(c => c.CallListId == only);
        // Calls of lists that left the caller's jurisdiction (a user moved to another street) are not theirs to work.
        var (low, high) = caller.Scope.Range;
        var q = from c in mine
                join l in db.CallLists on c.CallListId equals l.Id
                where caller.Scope.Code.Length > 0 && string.Compare(l.JurisdictionCode, low) >= 0 && string.Compare(l.JurisdictionCode, high) <= 0
                select c;
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderBy(c => c.DueAt != null && c.DueAt <= now ? 0 : c.DueAt == null ? 1 : 2).ThenBy(c => c.DueAt).ThenBy(c => c.Id)
            .Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        var lists = rows.Select(r => r.CallListId).Distinct().ToList();
        var started = await db.CallListUnmasks.Where(u => u.UserName == caller.UserName && lists.Contains(u.CallListId))
            .Select(u => u.CallListId).ToListAsync(ct);
        return new(total, rows.Select(c => View(c, started.Contains(c.CallListId), now)).ToList());
    }

    /// <summary>The lists the caller can work now: their own open calls, and open calls nobody has taken yet.</summary>
    public async Task<IReadOnlyList<MyCallList>> MyListsAsync(Caller caller, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var now = Now;
        var counts = await (from c in db.Calls.AsNoTracking()
                            join l in db.CallLists.InScope(caller.Scope, nameof(CallList.JurisdictionCode)) on c.CallListId equals l.Id
                            where c.Status == CallStatus.Open && (c.AssignedTo == caller.UserName || c.AssignedTo == null)
                            group c by new { c.CallListId, l.Name, Mine = c.AssignedTo != null, Due = c.DueAt != null && c.DueAt <= now } into g
                            select new { g.Key.CallListId, g.Key.Name, g.Key.Mine, g.Key.Due, Count = g.Count() }).ToListAsync(ct);
        var ids = counts.Select(c => c.CallListId).Distinct().ToList();
        var started = await db.CallListUnmasks.Where(u => u.UserName == caller.UserName && ids.Contains(u.CallListId)).Select(u => u.CallListId).ToListAsync(ct);
        return counts.GroupBy(c => (c.CallListId, c.Name)).Select(g => new MyCallList(g.Key.CallListId, g.Key.Name,
                g.Where(x => x.Mine).Sum(x => x.Count), g.Where(x => x.Mine && x.Due).Sum(x => x.Count), g.Where(x => !x.Mine).Sum(x => x.Count),
                started.Contains(g.Key.CallListId)))
            .OrderByDescending(l => l.DueRetries).ThenByDescending(l => l.Mine).ThenByDescending(l => l.Id).ToList();
    }

    /// <summary>
    /// The caller states once per list why they need its people's names and numbers (to call them): audited as an unmasked
    /// view, after which their own calls on that list show in full. A second reason for the same list changes nothing.
    /// </summary>
    public async Task StartAsync(Caller caller, long listId, string? reason, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var text = TextRules.Optional(errors, "reason", reason, 500);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        if (text is null) throw new DomainException("reason-required", field: "reason");
        await using var db = await dbs.CreateDbContextAsync(ct);
        var list = await ListInScopeAsync(db, caller, listId, ct);
        if (await db.CallListUnmasks.AnyAsync(u => u.CallListId == listId && u.UserName == caller.UserName, ct)) return;
        db.CallListUnmasks.Add(new CallListUnmask { CallListId = listId, UserName = caller.UserName, Reason = text, At = Now });
        db.Audit.Add(audit.Entry(caller, AuditActions.PiiView, $"call-list:{listId}", list.JurisdictionCode, text, new { scope = "own-calls" }));
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // The same caller's second device stated a reason at the same moment: one is kept.
            await using var again = await dbs.CreateDbContextAsync(ct);
            if (!await again.CallListUnmasks.AnyAsync(u => u.CallListId == listId && u.UserName == caller.UserName, ct)) throw;
        }
    }

    /// <summary>Callers that exist and hold calls.work over the list's jurisdiction; the first that does not is the caller's error.</summary>
    async Task<List<string>> CheckCallersAsync(IEnumerable<string?> names, string jurisdiction, string field)
    {
        var valid = new List<string>();
        foreach (var raw in names)
        {
            var name = raw?.Trim();
            if (string.IsNullOrEmpty(name)) continue;
            var user = await users.FindByNameAsync(name);
            var may = user is not null && new JurisdictionScope(user.JurisdictionCode).Contains(jurisdiction)
                && roles.ForRoles(await users.GetRolesAsync(user)).Contains(InvestigationPermissions.CallsWork);
            if (!may) throw new DomainException("call-unknown-caller", field: field, args: name);
            if (!valid.Contains(user!.UserName!, StringComparer.Ordinal)) valid.Add(user.UserName!);
        }
        return valid;
    }

    /// <summary>
    /// The list's open calls nobody holds, dealt to the callers in turn (one UPDATE, whatever the list's size): each gets
    /// the same number, give or take one.
    /// </summary>
    public async Task<CallSplitResult> SplitAsync(Caller caller, long listId, IReadOnlyList<string?>? callers, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var list = await ListInScopeAsync(db, caller, listId, ct);
        var names = await CheckCallersAsync(callers ?? [], list.JurisdictionCode, "callers");
        if (names.Count == 0) throw new DomainException("call-no-callers", field: "callers");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var connection = db.Database.GetDbConnection();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = tx.GetDbTransaction();
            var cases = string.Join(" ", names.Select((_, i) => $"WHEN {i} THEN @c{i}"));
            cmd.CommandText = $@"UPDATE calls SET assigned_to = CASE (x.rn % {names.Count}) {cases} END
                FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS rn FROM calls
                      WHERE call_list_id = @list AND status = 'Open' AND assigned_to IS NULL) x
                WHERE calls.id = x.id AND calls.assigned_to IS NULL";
            for (var i = 0; i < names.Count; i++) Parameter(cmd, $"@c{i}", names[i]);
            Parameter(cmd, "@list", listId);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        var assigned = await db.Calls.Where(c => c.CallListId == listId && c.Status == CallStatus.Open && c.AssignedTo != null && names.Contains(c.AssignedTo))
            .GroupBy(c => c.AssignedTo!).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var result = names.ToDictionary(n => n, n => assigned.GetValueOrDefault(n));
        db.Audit.Add(audit.Entry(caller, CallAuditActions.ListSplit, $"call-list:{listId}", list.JurisdictionCode, detail: new { open = result }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new CallSplitResult(result);
    }

    static void Parameter(DbCommand cmd, string name, object value)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        cmd.Parameters.Add(p);
    }

    /// <summary>The caller takes the next open calls nobody holds. Two callers taking at once never get the same call.</summary>
    public async Task<int> TakeAsync(Caller caller, long listId, int? count, CancellationToken ct = default)
    {
        var n = count ?? 10;
        if (n is < 1 or > MaxTake) throw new DomainException("call-invalid-count", field: "count", args: MaxTake);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var list = await ListInScopeAsync(db, caller, listId, ct);
        var me = caller.UserName;
        // The outer "assigned_to IS NULL" is checked again on the row PostgreSQL finds changed by a concurrent taker.
        var taken = await db.Database.ExecuteSqlInterpolatedAsync($@"
            UPDATE calls SET assigned_to = {me}
            WHERE assigned_to IS NULL AND id IN (SELECT id FROM calls WHERE call_list_id = {listId} AND status = 'Open' AND assigned_to IS NULL
                                                ORDER BY id LIMIT {n})", ct);
        if (taken > 0)
            await audit.RecordAsync(caller, CallAuditActions.ListTake, $"call-list:{listId}", list.JurisdictionCode, detail: new { taken }, ct: ct);
        return taken;
    }

    /// <summary>One caller's open calls of the list handed to another (a shift change): the new one must hold calls.work there.</summary>
    public async Task<int> ReassignAsync(Caller caller, long listId, string? from, string? to, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var fromName = FieldError.Required(errors, "from", from, 64);
        FieldError.Required(errors, "to", to, 64);
        if (errors.Count > 0) throw new ValidationFailed(errors);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var list = await ListInScopeAsync(db, caller, listId, ct);
        var toName = (await CheckCallersAsync([to], list.JurisdictionCode, "to"))[0];
        var moved = await db.Calls.Where(c => c.CallListId == listId && c.Status == CallStatus.Open && c.AssignedTo == fromName)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AssignedTo, toName), ct);
        await audit.RecordAsync(caller, CallAuditActions.ListReassign, $"call-list:{listId}", list.JurisdictionCode,
            detail: new { from = fromName, to = toName, moved }, ct: ct);
        return moved;
    }

    /// <summary>
    /// Records one attempt of a call. Its client key makes a repeated request one attempt (the answer is the call as it
    /// stands); without a key, the same caller's same outcome within the repeat window is taken as the same attempt.
    /// An unassigned call is the caller's from its first attempt; one assigned to another caller is not (409).
    /// </summary>
    public async Task<CallView> AttemptAsync(Caller caller, long callId, CallAttemptInput input, CancellationToken ct = default)
    {
        var errors = new List<FieldError>();
        var outcome = CallRules.ParseOutcome(input.Outcome);
        if (string.IsNullOrWhiteSpace(input.Outcome)) errors.Add(new("outcome", "missing-field", "outcome"));
        else if (outcome is null) errors.Add(new("outcome", "call-invalid-outcome"));
        var note = TextRules.Optional(errors, "note", input.Note, MaxNote, multiLine: true);
        var whereTo = TextRules.Optional(errors, "whereTo", input.WhereTo, MaxWhereTo);
        if (outcome == CallOutcome.LeftArea && whereTo is null && !errors.Any(e => e.Field == "whereTo")) errors.Add(new("whereTo", "call-where-to-required"));
        var key = TextRules.Optional(errors, "clientKey", input.ClientKey, 64);
        if (errors.Count > 0) throw new ValidationFailed(errors);

        await using var db = await dbs.CreateDbContextAsync(ct);
        var call = await db.Calls.FirstOrDefaultAsync(c => c.Id == callId, ct);
        var list = call is null ? null : await db.CallLists.AsNoTracking().FirstOrDefaultAsync(l => l.Id == call.CallListId, ct);
        if (call is null || list is null || !caller.Scope.Contains(list.JurisdictionCode)) throw new NotFoundException("call");
        var now = Now;
        var shown = await db.CallListUnmasks.AnyAsync(u => u.CallListId == list.Id && u.UserName == caller.UserName, ct);
        if (key is not null && await db.CallAttempts.AnyAsync(a => a.CallId == callId && a.ClientKey == key, ct)) return View(call, shown, now);
        if (call.AssignedTo is { } holder && holder != caller.UserName) throw new DomainException("call-not-yours", StatusCodes.Status409Conflict);
        if (key is null && call.LastAttemptAt is { } last && (now - last).TotalSeconds <= settings.RepeatWindowSeconds
            && await db.CallAttempts.Where(a => a.CallId == callId).OrderByDescending(a => a.Id).Select(a => new { a.By, a.Outcome }).FirstOrDefaultAsync(ct)
                is { } previous && previous.By == caller.UserName && previous.Outcome == outcome)
            return View(call, shown, now);
        if (call.Status == CallStatus.Done) throw new DomainException("call-closed", StatusCodes.Status409Conflict);

        call.Attempts++;
        var state = CallRules.After(settings, call.Attempts, outcome!.Value, now);
        call.AssignedTo = caller.UserName;
        call.Status = state.Status;
        call.Outcome = state.Outcome;
        call.DueAt = state.DueAt;
        call.LastAttemptAt = now;
        if (note is not null) call.Note = note;
        if (outcome == CallOutcome.LeftArea) call.WhereTo = whereTo;
        db.CallAttempts.Add(new CallAttempt { CallId = callId, At = now, By = caller.UserName, Outcome = outcome.Value, Note = note, WhereTo = whereTo, ClientKey = key });
        db.Audit.Add(audit.Entry(caller, CallAuditActions.Attempt, $"call:{callId}", list.JurisdictionCode, detail: new
        {
            list = list.Id, outcome = CallRules.Code(outcome.Value), attempt = call.Attempts, closed = CallRules.Code(state.Outcome),
        }));
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) when (key is not null)
        {
            // The same key at the same moment from a retrying device: the other request recorded it.
            await using var again = await dbs.CreateDbContextAsync(ct);
            return View(await again.Calls.AsNoTracking().FirstAsync(c => c.Id == callId, ct), shown, now);
        }
        return View(call, shown, now);
    }

    /// <summary>The list's results as .xlsx: masked unless unmasked (pii.view and a reason); audited as an export either way.</summary>
    public async Task<(byte[] Content, string FileName)> ExportAsync(Caller caller, long listId, bool unmask, string? reason, CancellationToken ct = default)
    {
        RequireUnmask(caller, unmask, reason);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var list = await ListInScopeAsync(db, caller, listId, ct);
        var calls = await db.Calls.AsNoTracking().Where(c => c.CallListId == listId).OrderBy(c => c.Id).ToListAsync(ct);
        string[] header = ["姓名", "证件号码", "手机号码", "外呼员", "状态", "结果", "拨打次数", "最后拨打", "下次回拨", "去向", "备注"];
        var rows = calls.Select(c => (IReadOnlyList<object?>)
        [
            unmask ? c.Name : Masking.Name(c.Name), unmask ? c.IdNumber : Masking.IdNumber(c.IdNumber), unmask ? c.Phone : Masking.Phone(c.Phone),
            c.AssignedTo, c.Status == CallStatus.Open ? "待完成" : "已完成", c.Outcome is null ? "未拨打" : OutcomeZh(c.Outcome.Value), c.Attempts,
            c.LastAttemptAt?.Display(), c.Status == CallStatus.Open ? c.DueAt?.Display() : null, c.WhereTo, unmask ? c.Note : Masking.Text(c.Note),
        ]);
        var content = await SpreadsheetExport.XlsxAsync(header, rows, ct);
        await audit.RecordAsync(caller, AuditActions.Export, $"call-list:{listId}", list.JurisdictionCode, unmask ? reason : null,
            new { kind = "call-results", rows = calls.Count, unmasked = unmask }, ct);
        return (content, $"外呼结果-{list.Id}.xlsx");
    }

    static string OutcomeZh(CallOutcome o) => o switch
    {
        CallOutcome.Reached => "已接通",
        CallOutcome.NoAnswer => "未接听",
        CallOutcome.WrongNumber => "空号/错号",
        CallOutcome.Refused => "拒绝配合",
        CallOutcome.LeftArea => "已离开本地",
        _ => "多次未接通",
    };

    /// <summary>Places of the caller's jurisdiction by code or name, for the page's venue picker.</summary>
    public async Task<IReadOnlyList<Place>> FindPlacesAsync(Caller caller, string? text, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.Places.AsNoTracking().InScope(caller.Scope);
        if (!string.IsNullOrWhiteSpace(text)) q = q.Where(p => p.Code.StartsWith(text.Trim()) || p.Name.Contains(text.Trim()));
        return await q.OrderBy(p => p.Code).Take(20).ToListAsync(ct);
    }
}
