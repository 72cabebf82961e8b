using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry.Demo;

namespace Frontline.Registry;

/// <summary>Rejected rows given back as a spreadsheet in the file's own columns plus an error column, ready to fix and re-import.</summary>
public sealed class RosterExports(IDbContextFactory<FrontlineDb> dbs, AuditLog audit)
{
    public const string ErrorColumn = "错误说明";

    public async Task<(byte[] Content, string FileName)?> RejectedRowsAsync(Caller caller, string importId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var import = await db.RosterImports.AsNoTracking().FirstOrDefaultAsync(i => i.Id == importId, ct);
        // An import's rejected rows hold personal data: only whoever ran it gets them back.
        if (import is null || import.UserName != caller.UserName) return null;
        var header = JsonSerializer.Deserialize<string[]>(import.HeaderJson) ?? [];
        // A file that is itself a download of rejected rows has the error column already: the new errors replace the old.
        var errorAt = Array.IndexOf(header, ErrorColumn);
        var columns = errorAt >= 0 ? header : [.. header, ErrorColumn];
        if (errorAt < 0) errorAt = header.Length;
        var rejected = await db.RosterImportRejections.AsNoTracking().Where(r => r.ImportId == importId).OrderBy(r => r.Row).ToListAsync(ct);
        var rows = rejected.Select(r =>
        {
            var cells = JsonSerializer.Deserialize<string?[]>(r.CellsJson) ?? [];
            var row = new object?[columns.Length];
            for (var i = 0; i < header.Length; i++) row[i] = i < cells.Length ? cells[i] : null;
            var errors = JsonSerializer.Deserialize<List<RejectionError>>(r.ErrorsJson) ?? [];
            row[errorAt] = $"第{r.Row}行：" + string.Join("；", errors.Select(e => $"{e.Column}：{e.Message}"));
            return row;
        });
        var content = await SpreadsheetExport.XlsxAsync(columns, rows, ct);
        await audit.RecordAsync(caller, AuditActions.Export, $"import:{importId}", caller.Scope.Code, detail: new { kind = "rejected-rows", rows = rejected.Count }, ct: ct);
        // The upload's name, made safe again: an import recorded before names were cleaned on the way in may hold anything.
        const string suffix = "-待修正.xlsx";
        var name = System.IO.Path.GetFileNameWithoutExtension(FileNames.Safe(import.FileName));
        return (content, FileNames.Safe(name, FileNames.MaxLength - suffix.Length) + suffix);
    }

    sealed record RejectionError(string Column, string Code, string Message);
}
