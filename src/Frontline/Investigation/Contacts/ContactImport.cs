using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

public sealed record ContactImportResult(int Total, int Imported, int Rejected, IReadOnlyList<ImportError> Errors, bool ErrorsTruncated);

/// <summary>
/// The contact lists other teams send (a company's staff on a shift, a school's class, a venue's check-in export), as
/// .xlsx or .csv: checked row by row with the same rules as one contact, answered with row-numbered errors as in the
/// roster import. All-or-nothing writes nothing when a row is bad; valid-rows writes the good ones. Close contacts are
/// checked before secondary ones, so a secondary row may name, by ID number, a close contact anywhere in the file.
/// </summary>
public sealed class ContactImporter(IDbContextFactory<FrontlineDb> dbs, Contacts contacts, AuditLog audit)
{
    /// <summary>A contact list is a case's people, not a roster: a file longer than this is the wrong file.</summary>
    public const int MaxRows = 20_000;
    public const int MaxErrorsReturned = 1000;

    public static readonly SpreadsheetColumns Columns = new(
        new("name", false, "姓名", "name"),
        new("idNumber", true, "证件号码", "身份证号码", "身份证号", "idnumber", "id_number"),
        new("phone", false, "手机号码", "手机号", "联系电话", "phone"),
        new("type", true, "密接类型", "人员类型", "type"),
        new("via", false, "经由密接证件号", "经由密接证件号码", "via", "viaidnumber"),
        new("setting", true, "接触场景", "接触方式", "setting"),
        new("lastExposureAt", true, "最后接触时间", "末次接触时间", "lastexposureat"),
        new("livesOutside", false, "是否外区", "外区", "livesoutside"),
        new("residence", false, "现住址", "居住地", "residence"))
    {
        MissingName = c => $"{c.Headers[0]}/{c.Field}",
    };

    static readonly string[] TimeFormats = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd H:mm", "yyyy/M/d H:mm", "yyyy/M/d HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy/M/d H:mm:ss",
        "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy年M月d日 H:mm", "yyyy年M月d日H时m分", "yyyy-MM-dd", "yyyy/M/d"];

    /// <summary>A time as the field writes it, in China time; Excel's serial numbers too.</summary>
    public static DateTimeOffset? ParseTime(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        if (DateTime.TryParseExact(t, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)) return ChinaTime.FromChina(local);
        if (DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) && t.Contains('+', StringComparison.Ordinal)) return withOffset;
        if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 20000 and < 80000)
            return ChinaTime.FromChina(DateTime.FromOADate(serial));
        return null;
    }

    static bool? ParseFlag(string? text) => text?.Trim() switch
    {
        null or "" => null,
        "是" or "外区" or "yes" or "true" or "1" or "Y" or "y" => true,
        "否" or "no" or "false" or "0" or "N" or "n" => false,
        _ => null,
    };

    sealed record Row(SpreadsheetRow Sheet, string IdNumber, string? Via, ContactInput Input);

    public async Task<ContactImportResult> ImportAsync(Caller caller, long caseId, Stream file, string fileName, ImportMode mode, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var @case = await Contacts.CaseInScopeAsync(db, caller, caseId, ct);
        using var sheet = SpreadsheetReader.Open(file, fileName);
        var map = Columns.Map(sheet.Header);
        var culture = CultureInfo.CurrentUICulture;
        var errors = new List<ImportError>();
        var rejectedRows = new HashSet<int>();
        var rows = new List<Row>();
        var firstRowOf = new Dictionary<string, int>();
        var total = 0;
        foreach (var r in sheet.Rows())
        {
            if (++total > MaxRows) throw new DomainException("contact-list-too-long", field: "file", args: MaxRows);
            var problems = map.Problems(r, culture);
            if (problems.Count > 0) { Reject(r.Number, problems); continue; }
            var id = map.Cell(r, "idNumber")?.Trim().ToUpperInvariant() ?? "";
            if (id.Length > 0 && firstRowOf.TryGetValue(id, out var first))
            {
                Reject(r.Number, [map.Error(r, "idNumber", "duplicate-in-file", culture, first)]);
                continue;
            }
            if (id.Length > 0) firstRowOf[id] = r.Number;
            var timeText = map.Cell(r, "lastExposureAt");
            var time = ParseTime(timeText);
            if (time is null && !string.IsNullOrWhiteSpace(timeText))
            {
                Reject(r.Number, [map.Error(r, "lastExposureAt", "invalid-field", culture, map.ColumnName("lastExposureAt"))]);
                continue;
            }
            var via = map.Cell(r, "via")?.Trim().ToUpperInvariant();
            rows.Add(new Row(r, id, string.IsNullOrEmpty(via) ? null : via, new ContactInput(null, id, map.Cell(r, "name"), map.Cell(r, "phone"),
                map.Cell(r, "type"), null, time, map.Cell(r, "setting"), ParseFlag(map.Cell(r, "livesOutside")), map.Cell(r, "residence"))));
        }

        var existing = (await (from c in db.Contacts join p in db.Persons on c.PersonId equals p.Id where c.CaseId == caseId select p.DocNumber).ToListAsync(ct)).ToHashSet();
        var good = new List<(Row Row, Contacts.Checked Checked)>();
        // Close rows first, so that every secondary row may name one; 0 marks a close contact of this file not yet written.
        var batchClose = new Dictionary<string, long>();
        foreach (var row in rows.OrderBy(r => ContactRules.ParseKind(r.Input.Type) == ContactKind.Secondary ? 1 : 0).ThenBy(r => r.Sheet.Number))
        {
            var fieldErrors = new List<FieldError>();
            var checkedRow = await contacts.CheckAsync(db, caller, @case, row.Input, fieldErrors, batchClose, ct, row.Via);
            if (checkedRow is not null && existing.Contains(row.IdNumber)) fieldErrors.Add(new("idNumber", "duplicate-contact"));
            if (fieldErrors.Count > 0)
            {
                Reject(row.Sheet.Number, fieldErrors.Select(f => map.Error(row.Sheet, Column(f.Field), f.Code, culture, f.Args)).ToList());
                continue;
            }
            if (checkedRow!.Kind == ContactKind.Close) batchClose[row.IdNumber] = 0;
            good.Add((row, checkedRow));
        }

        var write = mode == ImportMode.ValidRows || rejectedRows.Count == 0;
        var imported = 0;
        if (write && good.Count > 0)
        {
            var ordered = good.OrderBy(g => g.Row.Sheet.Number).ToList();
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var ids = await contacts.WriteAsync(db, caller, @case, ordered.Select(g => g.Checked).ToList(), "import", ct);
            var idOf = ordered.Zip(ids).ToDictionary(p => p.First.Row.IdNumber, p => p.Second);
            foreach (var (g, id) in ordered.Zip(ids).Where(p => p.First.Checked.ViaContactId == -1))
                await db.Contacts.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.ViaContactId, idOf[g.Row.Via!]), ct);
            db.Audit.Add(audit.Entry(caller, ContactAuditActions.Import, $"case:{caseId}", @case.CommunityCode,
                detail: new { fileName = FileNames.Safe(fileName), mode = mode == ImportMode.ValidRows ? "valid-rows" : "all-or-nothing", total, imported = ids.Count, rejected = rejectedRows.Count }));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            imported = ids.Count;
        }
        var ordered2 = errors.OrderBy(e => e.Row).ToList();
        return new ContactImportResult(total, imported, rejectedRows.Count, ordered2.Take(MaxErrorsReturned).ToList(), ordered2.Count > MaxErrorsReturned);

        void Reject(int row, List<ImportError> rowErrors)
        {
            rejectedRows.Add(row);
            errors.AddRange(rowErrors);
        }
    }

    static string Column(string field) => field switch
    {
        "personId" => "idNumber",
        "viaContactId" => "via",
        "type" or "setting" or "lastExposureAt" or "residence" or "idNumber" => field,
        _ => field,
    };
}
