using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;

namespace Frontline.Testing;

/// <summary>
/// What a result file did: its rows, those applied, the retries, the rows refused; the first errors by row (all of them
/// unless <c>ErrorsTruncated</c>), the whole list kept for download under <c>UploadId</c>.
/// </summary>
public sealed record ResultFileAnswer(string UploadId, int Total, int Accepted, int Duplicates, int Rejected, IReadOnlyList<ImportError> Errors,
    bool ErrorsTruncated);

/// <summary>
/// A lab's result file (.csv or .xlsx, the lab's own export) turned into the same batch the API takes. Each
/// row's event id is a digest of its content, so uploading the same file twice changes nothing, while a
/// corrected row with another outcome arrives as a conflicting result for review. The answer lists the first
/// <see cref="MaxErrorsReturned"/> errors (a file of a million bad rows answered a 227 MB list); the errors are kept
/// for download, up to <see cref="MaxErrorsKept"/> as the roster import keeps its rejected rows.
/// </summary>
public sealed class ResultFile(ResultIngest ingest, IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock)
{
    public const int MaxErrorsReturned = 1000;
    public const int MaxErrorsKept = 100_000;

    static readonly SpreadsheetColumns Columns = new(
        new("tubeCode", true, "采样管编号", "管码", "试管条码", "tubecode", "tube"),
        new("outcome", true, "检测结果", "结果", "outcome", "result"),
        new("ctOrf1ab", false, "orf1ab", "orf1ab ct", "ct orf1ab", "orf1ab基因ct值", "ctorf1ab"),
        new("ctN", false, "n", "n ct", "ct n", "n基因ct值", "ctn"),
        new("lab", false, "检测机构", "实验室", "lab"),
        new("reportedAt", false, "报告时间", "reportedat", "reported"));

    public static IReadOnlyList<string> TemplateHeaders => Columns.TemplateHeaders;

    /// <summary>The errors of one upload as they come, in row order: counted, the first returned, the first many kept.</summary>
    sealed class Errors
    {
        public readonly List<ImportError> Returned = [];
        public readonly List<ImportError> Kept = [];
        public int Count, Rows;

        public void AddRows(List<ImportError> errors)
        {
            foreach (var e in errors.OrderBy(e => e.Row))
            {
                Count++;
                if (Returned.Count < MaxErrorsReturned) Returned.Add(e);
                if (Kept.Count < MaxErrorsKept) Kept.Add(e);
            }
            Rows += errors.Select(e => e.Row).Distinct().Count();
        }
    }

    public async Task<ResultFileAnswer> ImportAsync(Caller caller, Stream file, string fileName, long? roundId, CancellationToken ct = default)
    {
        using var sheet = SpreadsheetReader.Open(file, fileName);
        // Read whole before any result is applied: a file that breaks part-way applies nothing.
        var rows = sheet.Rows().ToList();
        if (rows.Count == 0) throw new DomainException("empty-file", field: "file");
        var map = Columns.Map(sheet.Header);
        var uploadId = Guid.NewGuid().ToString("N");
        var started = clock.GetUtcNow().UtcDateTime;

        var errors = new Errors();
        // The rows since the last batch: their events and the errors found in them, merged in row order once the batch is in.
        var pending = new List<(int Row, ResultEvent Event)>(ResultIngest.MaxBatch);
        var pendingErrors = new List<ImportError>();
        var accepted = 0;
        var duplicates = 0;
        async Task FlushAsync()
        {
            if (pending.Count > 0)
            {
                var answer = await ingest.IngestAsync(caller, pending.Select(p => (ResultEvent?)p.Event).ToList(), "results-upload:" + uploadId, ct);
                accepted += answer.Accepted;
                duplicates += answer.Duplicates;
                pendingErrors.AddRange(answer.Rejected.Select(r => new ImportError(pending[r.Index].Row, "采样管编号", r.Code, r.Message)));
            }
            errors.AddRows(pendingErrors);
            pending.Clear();
            pendingErrors.Clear();
        }

        foreach (var row in rows)
        {
            string? Cell(string field) => map.Cell(row, field)?.Trim();
            double? Ct(string field, string header)
            {
                var text = Cell(field);
                if (string.IsNullOrEmpty(text) || text is "-" or "/" or "N/A") return null;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
                pendingErrors.Add(ImportError.Of(row.Number, header, "invalid-ct"));
                return double.NaN;
            }
            var outcome = Cell("outcome") switch
            {
                "阴性" or "negative" or "Negative" or "NEGATIVE" => "negative",
                "阳性" or "positive" or "Positive" or "POSITIVE" => "positive",
                "无效" or "invalid" or "Invalid" or "INVALID" => "invalid",
                var other => other,
            };
            var ctOrf = Ct("ctOrf1ab", "ORF1ab");
            var ctN = Ct("ctN", "N");
            if (ctOrf is double.NaN || ctN is double.NaN) continue;
            var reportedText = Cell("reportedAt");
            DateTimeOffset? reported = DateTimeOffset.TryParse(reportedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var r)
                ? (reportedText!.Contains('+') || reportedText.EndsWith('Z') ? r : ChinaTime.FromChina(r.DateTime))
                : null;
            var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
                string.Join("|", Cell("tubeCode"), outcome, ctOrf, ctN, Cell("lab"), reportedText))))[..32];
            pending.Add((row.Number, new ResultEvent("file-" + digest, roundId?.ToString(CultureInfo.InvariantCulture), Cell("tubeCode"), outcome,
                ctOrf, ctN, Cell("lab"), reported)));
            if (pending.Count == ResultIngest.MaxBatch) await FlushAsync();
        }
        await FlushAsync();
        await KeepAsync(caller, uploadId, Path.GetFileName(fileName), started, rows.Count, accepted, duplicates, errors, ct);
        return new ResultFileAnswer(uploadId, rows.Count, accepted, duplicates, errors.Rows, errors.Returned, errors.Count > errors.Returned.Count);
    }

    async Task KeepAsync(Caller caller, string uploadId, string fileName, DateTime started, int total, int accepted, int duplicates, Errors errors,
        CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Add(new ResultUpload
        {
            Id = uploadId, FileName = Truncate(fileName, 260), UserName = caller.UserName, At = started, Total = total, Accepted = accepted,
            Duplicates = duplicates, Rejected = errors.Rows, Errors = errors.Count,
        });
        await db.SaveChangesAsync(ct);
        foreach (var chunk in errors.Kept.Chunk(5000))
        {
            db.ChangeTracker.Clear();
            db.AddRange(chunk.Select(e => new ResultUploadError
            {
                UploadId = uploadId, Row = e.Row, Column = Truncate(e.Column, 64), Code = Truncate(e.Code, 64), Message = Truncate(e.Message, 500),
            }));
            await db.SaveChangesAsync(ct);
        }
    }

    static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    /// <summary>An upload's errors as a spreadsheet, for whoever uploaded the file; null for anyone else (as a missing upload).</summary>
    public async Task<(byte[] Content, string FileName)?> ErrorsAsync(Caller caller, string uploadId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var upload = await db.Set<ResultUpload>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == uploadId, ct);
        if (upload is null || upload.UserName != caller.UserName) return null;
        var kept = await db.Set<ResultUploadError>().AsNoTracking().Where(e => e.UploadId == uploadId).OrderBy(e => e.Row).ThenBy(e => e.Id)
            .Select(e => new { e.Row, e.Column, e.Code, e.Message }).ToListAsync(ct);
        var rows = kept.Select(e => new object?[] { e.Row, e.Column, e.Code, e.Message });
        if (upload.Errors > kept.Count)
            rows = rows.Append([null, null, null, Ui.T($"共 {upload.Errors} 条错误，此处列出前 {kept.Count} 条", $"{upload.Errors} errors in all; the first {kept.Count} are listed")]);
        var content = await SpreadsheetExport.XlsxAsync([Ui.T("行号", "Row"), Ui.T("列", "Column"), Ui.T("错误代码", "Code"), Ui.T("错误说明", "Problem")], rows, ct);
        await audit.RecordAsync(caller, AuditActions.Export, $"results-upload:{uploadId}", caller.Scope.Code,
            detail: new { kind = "result-errors", rows = kept.Count }, ct: ct);
        return (content, $"{Path.GetFileNameWithoutExtension(upload.FileName)}-错误清单.xlsx");
    }
}
