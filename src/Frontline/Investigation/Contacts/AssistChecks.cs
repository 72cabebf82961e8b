using System.ComponentModel;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

public sealed record AssistCheckView(string Id, string ContactId, string CaseId, [OneOf("open", "sent")] string State, [Description("Masked (张*).")] string Name,
    [Description("Masked unless unmasked.")] string IdNumber, [Description("Masked unless unmasked.")] string? Phone, string? Residence,
    [OneOf("flag", "id-region")] string Reason, DateTimeOffset IdentifiedAt, DateTimeOffset DueBy, bool Overdue, DateTimeOffset? SentAt, string CommunityCode);

/// <summary>
/// 协查: outgoing requests for contacts living outside the district, due within the policy's hours of identification;
/// listed (open first, the nearest deadline on top), exported as .xlsx (audited, masked unless unmasked with pii.view and
/// a reason), and marked sent by the investigator who sent them.
/// </summary>
public sealed class AssistChecks(IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock)
{
    public static AssistCheckState? ParseState(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "open" => AssistCheckState.Open,
        "sent" => AssistCheckState.Sent,
        _ => null,
    };

    IQueryable<AssistCheck> Query(FrontlineDb db, Caller caller, string? state)
    {
        var q = db.AssistChecks.AsNoTracking().InScope(caller.Scope);
        if (!string.IsNullOrEmpty(state))
        {
            var s = ParseState(state) ?? throw new DomainException("invalid-field", field: "state", args: "state");
            q = q.Where(a => a.State == s);
        }
        return q.OrderBy(a => a.State).ThenBy(a => a.DueBy).ThenBy(a => a.Id);
    }

    static void RequireUnmask(Caller caller, bool unmask, string? reason)
    {
        if (!unmask) return;
        if (!caller.Can(Permissions.PiiView)) throw new DomainException("forbidden", StatusCodes.Status403Forbidden);
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("reason-required", field: "reason");
        if (reason.Length > 500) throw new DomainException("field-too-long", field: "reason", args: ["reason", 500]);
    }

    public async Task<Paged<AssistCheckView>> ListAsync(Caller caller, string? state, PageRequest page, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = Query(db, caller, state);
        var total = await q.LongCountAsync(ct);
        var rows = await q.Skip(page.Skip).Take(page.PageSize).ToListAsync(ct);
        return new(total, await ViewsAsync(db, rows, false, ct));
    }

    async Task<List<AssistCheckView>> ViewsAsync(FrontlineDb db, List<AssistCheck> rows, bool unmask, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ids = rows.Select(r => r.PersonId).Distinct().ToList();
        var persons = await db.Persons.AsNoTracking().Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.Name, p.DocNumber, p.Phone })
            .ToDictionaryAsync(p => p.Id, ct);
        return rows.Select(a =>
        {
            var p = persons.GetValueOrDefault(a.PersonId);
            return new AssistCheckView(a.Id.ToString(), a.ContactId.ToString(), a.CaseId.ToString(), a.State == AssistCheckState.Sent ? "sent" : "open",
                (unmask ? p?.Name : Masking.Name(p?.Name)) ?? "", (unmask ? p?.DocNumber : Masking.IdNumber(p?.DocNumber)) ?? "",
                unmask ? p?.Phone : Masking.Phone(p?.Phone), unmask ? a.Residence : Masking.Text(a.Residence), a.Reason,
                a.IdentifiedAt.ToChina(), a.DueBy.ToChina(), a.State == AssistCheckState.Open && now > a.DueBy, a.SentAt?.ToChina(), a.CommunityCode);
        }).ToList();
    }

    public const int MaxExportRows = 100_000;

    public async Task<byte[]> ExportAsync(Caller caller, string? state, bool unmask, string? reason, CancellationToken ct = default)
    {
        RequireUnmask(caller, unmask, reason);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await Query(db, caller, state).Take(MaxExportRows).ToListAsync(ct);
        var views = await ViewsAsync(db, rows, unmask, ct);
        string[] header = ["协查编号", "病例编号", "姓名", "证件号码", "手机号码", "现住址", "外区依据", "识别时间", "应发出时限", "状态", "发出时间", "发起社区"];
        var content = await SpreadsheetExport.XlsxAsync(header, views.Select(v => (IReadOnlyList<object?>)[
            v.Id, v.CaseId, v.Name, v.IdNumber, v.Phone, v.Residence, v.Reason == "flag" ? "调查确认" : "外地身份证",
            v.IdentifiedAt.ToString("yyyy-MM-dd HH:mm"), v.DueBy.ToString("yyyy-MM-dd HH:mm"), v.State == "sent" ? "已发出" : v.Overdue ? "待发出（已超时）" : "待发出",
            v.SentAt?.ToString("yyyy-MM-dd HH:mm"), v.CommunityCode]), ct);
        if (unmask) await audit.RecordAsync(caller, AuditActions.PiiView, "assist-checks", caller.Scope.Code, reason, new { rows = views.Count, state, export = true }, ct);
        else await audit.RecordAsync(caller, ContactAuditActions.AssistCheckExport, "assist-checks", caller.Scope.Code, null, new { rows = views.Count, state }, ct);
        return content;
    }

    public async Task MarkSentAsync(Caller caller, long id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var check = await db.AssistChecks.InScope(caller.Scope).FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new NotFoundException("assist-check");
        if (check.State == AssistCheckState.Sent) return;
        check.State = AssistCheckState.Sent;
        check.SentAt = clock.GetUtcNow().UtcDateTime;
        check.SentBy = caller.UserName;
        db.Audit.Add(audit.Entry(caller, ContactAuditActions.AssistCheckSent, $"assist-check:{id}", check.CommunityCode,
            detail: new { check.ContactId, check.CaseId, late = check.SentAt > check.DueBy }));
        await db.SaveChangesAsync(ct);
    }
}
