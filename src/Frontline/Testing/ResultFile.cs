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

    /// <summary>Errors as they come, in row order: all counted, the first many kept (for the answer and the download).</summary>
    sealed class Errors
    {
        public readonly List<ImportError> Kept = [];
        public int Count, Rows;

        public void AddRow(IEnumerable<ImportError> errors)
        {
            Rows++;
            foreach (var e in errors)
            {
                Count++;
                if (Kept.Count < MaxErrorsKept) Kept.Add(e);
            }
        }
    }

    public async Task<ResultFileAnswer> ImportAsync(Caller caller, Stream file, string fileName, long? roundId, CancellationToken ct = default)
    {
        using var sheet = SpreadsheetReader.Open(file, fileName);
        var map = Columns.Map(sheet.Header);
        var uploadId = Guid.NewGuid().ToString("N");
        var started = clock.GetUtcNow().UtcDateTime;

        // Read whole before any result is applied (a file that breaks part-way applies nothing), but row by row: only the
        // parsed results and the first errors are held, never the file's cells (a million-row file stays small).
        var read = new Errors();
        var total = 0;
        var events = new List<(int Row, ResultEvent Event)>();
        foreach (var row in sheet.Rows())
        {
            total++;
            if (row.Refused)
            {
                read.AddRow(map.Problems(row));
                continue;
            }
            var rowErrors = new List<ImportError>(0);
            string? Cell(string field) => map.Cell(row, field)?.Trim();
            double? Ct(string field, string header)
            {
                var text = Cell(field);
                if (string.IsNullOrEmpty(text) || text is "-" or "/" or "N/A") return null;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
                rowErrors.Add(ImportError.Of(row.Number, header, "invalid-ct"));
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
            if (rowErrors.Count > 0)
            {
                read.AddRow(rowErrors);
                continue;
            }
            var reportedText = Cell("reportedAt");
            DateTimeOffset? reported = DateTimeOffset.TryParse(reportedText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var r)
                ? (reportedText!.Contains('+') || reportedText.EndsWith('Z') ? r : ChinaTime.FromChina(r.DateTime))
                : null;
            var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
                string.Join("|", Cell("tubeCode"), outcome, ctOrf, ctN, Cell("lab"), reportedText))))[..32];
            events.Add((row.Number, new ResultEvent("file-" + digest, roundId?.ToString(CultureInfo.InvariantCulture), Cell("tubeCode"), outcome,
                ctOrf, ctN, Cell("lab"), reported)));
        }
        if (total == 0) throw new DomainException("empty-file", field: "file");

        var applied = new Errors();
        var accepted = 0;
        var duplicates = 0;
        foreach (var chunk in events.Chunk(ResultIngest.MaxBatch))
        {
            var answer = await ingest.IngestAsync(caller, chunk.Select(c => (ResultEvent?)c.Event).ToList(), "results-upload:" + uploadId, ct);
            accepted += answer.Accepted;
            duplicates += answer.Duplicates;
            foreach (var refusal in answer.Rejected)
                applied.AddRow([new ImportError(chunk[refusal.Index].Row, "采样管编号", refusal.Code, refusal.Message)]);
        }
        // Each list is in row order, and a row refused in reading never reached the ingest: merged, the first are the first of all.
        var kept = read.Kept.Concat(applied.Kept).OrderBy(e => e.Row).Take(MaxErrorsKept).ToList();
        var count = read.Count + applied.Count;
        await KeepAsync(caller, uploadId, FileNames.Safe(fileName), started, total, accepted, duplicates, read.Rows + applied.Rows, count, kept, ct);
        var returned = kept.Take(MaxErrorsReturned).ToList();
        return new ResultFileAnswer(uploadId, total, accepted, duplicates, read.Rows + applied.Rows, returned, count > returned.Count);
    }

    async Task KeepAsync(Caller caller, string uploadId, string fileName, DateTime started, int total, int accepted, int duplicates, int rejected,
        int errorCount, List<ImportError> kept, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Add(new ResultUpload
        {
            Id = uploadId, FileName = Truncate(fileName, 260), UserName = caller.UserName, At = started, Total = total, Accepted = accepted,
            Duplicates = duplicates, Rejected = rejected, Errors = errorCount,
        });
        await db.SaveChangesAsync(ct);
        foreach (var chunk in kept.Chunk(5000))
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
