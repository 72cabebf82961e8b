using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;

namespace Frontline.Testing;

/// <summary>
/// What a result file did: its rows, those applied, the retries, the rows refused, the results kept for review because they
/// differ from the one in force (counted apart: nothing is wrong with such a row); the first errors by row (all of them
/// unless <c>ErrorsTruncated</c>), the whole list kept for download under <c>UploadId</c>; and the positive pools the file
/// reported, for the lab to see at once what it set going.
/// </summary>
public sealed record ResultFileAnswer(string UploadId, int Total, int Accepted, int Duplicates, int Rejected, int Conflicts,
    IReadOnlyList<ResultFileError> Errors, bool ErrorsTruncated, IReadOnlyList<PositiveTubeReport> Positives);

/// <summary>A row the file could not apply, named by its row, the file's own header of the wrong cell, and the row's tube code.</summary>
public sealed record ResultFileError(int Row, string Column, string? TubeCode, string Code, string Message);

/// <summary>A positive pool the file reported: its round (the link to the round's positive-pool panel), tube and how many people it holds.</summary>
public sealed record PositiveTubeReport(string RoundId, string RoundName, string TubeCode, int People);

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

    /// <summary>The headers labs' systems print (条码号, 试管编码, 管码 …), matched ignoring case; the first is the template's.</summary>
    static readonly SpreadsheetColumn[] ColumnList =
    [
        new("tubeCode", true, "采样管编号", "条码号", "试管编码", "试管条码", "试管编号", "管码", "管号", "采样管条码", "样本条码", "样本编号", "条码",
            "tubecode", "tube", "barcode"),
        new("outcome", true, "检测结果", "结果", "核酸结果", "核酸检测结果", "outcome", "result"),
        new("ctOrf1ab", false, "ORF1ab基因Ct值", "orf1ab基因ct值", "orf1ab ct值", "orf1ab", "orf1ab ct", "ct orf1ab", "ctorf1ab"),
        new("ctN", false, "N基因Ct值", "n基因ct值", "n ct值", "n", "n ct", "ct n", "ctn"),
        new("lab", false, "检测机构", "实验室", "检测单位", "lab"),
        new("reportedAt", false, "报告时间", "报告日期", "检测时间", "reportedat", "reported"),
    ];

    static readonly SpreadsheetColumns Columns = new(ColumnList)
    {
        // A header a lab's system spells its own way: the error lists every name the column goes by, so the lab renames
        // one cell rather than guessing.
        MissingName = c => Ui.T($"{c.Headers[0]}（可用表头：{string.Join("、", Accepted(c))}）", $"{c.Headers[0]} (accepted headers: {string.Join(", ", Accepted(c))})"),
    };

    /// <summary>The names a column goes by, once each whatever the case (the template's spelling kept).</summary>
    static IEnumerable<string> Accepted(SpreadsheetColumn column) => column.Headers.DistinctBy(h => h.ToLowerInvariant());

    public static IReadOnlyList<string> TemplateHeaders => Columns.TemplateHeaders;

    /// <summary>The required columns with the other names they go by, for the page's hint.</summary>
    public static IReadOnlyList<(string Header, IReadOnlyList<string> Aliases)> RequiredHeaders { get; } =
        [.. ColumnList.Where(c => c.Required).Select(c => (c.Headers[0], (IReadOnlyList<string>)Accepted(c).Skip(1).ToList()))];

    /// <summary>The template a lab fills: the header alone (an example row ends up uploaded sooner or later).</summary>
    public static Task<byte[]> TemplateAsync(CancellationToken ct) => SpreadsheetExport.XlsxAsync(TemplateHeaders, [], ct);

    /// <summary>Errors as they come, in row order: all counted, the first many kept (for the answer and the download).</summary>
    sealed class Errors
    {
        public readonly List<ResultFileError> Kept = [];
        public int Count, Rows;

        public void AddRow(IEnumerable<ResultFileError> errors)
        {
            Rows++;
            foreach (var e in errors)
            {
                Count++;
                if (Kept.Count < MaxErrorsKept) Kept.Add(e);
            }
        }
    }

    /// <summary>How many distinct positive tubes the answer names (a file reporting more is one for the round page, not a list).</summary>
    public const int MaxPositivesListed = 200;

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
            string? Cell(string field) => map.Cell(row, field)?.Trim();
            var tubeCode = Cell("tubeCode") is { Length: > 0 } t ? t : null;
            if (row.Refused)
            {
                read.AddRow(map.Problems(row).Select(e => new ResultFileError(e.Row, e.Column, tubeCode, e.Code, e.Message)));
                continue;
            }
            var rowErrors = new List<ResultFileError>(0);
            double? Ct(string field)
            {
                var text = Cell(field);
                if (string.IsNullOrEmpty(text) || text is "-" or "/" or "N/A") return null;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
                rowErrors.Add(Error(row.Number, map.ColumnName(field), tubeCode, "invalid-ct"));
                return double.NaN;
            }
            var outcome = Cell("outcome") switch
            {
                "阴性" or "negative" or "Negative" or "NEGATIVE" => "negative",
                "阳性" or "positive" or "Positive" or "POSITIVE" => "positive",
                "无效" or "invalid" or "Invalid" or "INVALID" => "invalid",
                var other => other,
            };
            var ctOrf = Ct("ctOrf1ab");
            var ctN = Ct("ctN");
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
        var conflicts = new List<ResultFileError>();
        var accepted = 0;
        var duplicates = 0;
        var positives = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in events.Chunk(ResultIngest.MaxBatch))
        {
            var answer = await ingest.IngestAsync(caller, chunk.Select(c => (ResultEvent?)c.Event).ToList(), "results-upload:" + uploadId, ct);
            accepted += answer.Accepted;
            duplicates += answer.Duplicates;
            var refused = new HashSet<int>();
            foreach (var refusal in answer.Rejected)
            {
                refused.Add(refusal.Index);
                var (row, e) = chunk[refusal.Index];
                var error = new ResultFileError(row, map.ColumnName(FieldOf(refusal.Code, e)), e.TubeCode, refusal.Code, refusal.Message);
                // A result that differs from the one in force is kept for review: nothing is wrong with the row.
                if (refusal.Code == "conflicting-result") conflicts.Add(error);
                else applied.AddRow([error]);
            }
            for (var i = 0; i < chunk.Length; i++)
                if (!refused.Contains(i) && chunk[i].Event is { Outcome: "positive", TubeCode: { } code }) positives.Add(code);
        }
        // Each list is in row order, and a row refused in reading never reached the ingest: merged, the first are the first of all.
        var kept = read.Kept.Concat(applied.Kept).Concat(conflicts.Take(MaxErrorsKept)).OrderBy(e => e.Row).Take(MaxErrorsKept).ToList();
        var count = read.Count + applied.Count + conflicts.Count;
        var rejected = read.Rows + applied.Rows;
        await KeepAsync(caller, uploadId, FileNames.Safe(fileName), started, total, accepted, duplicates, rejected, conflicts.Count, count, kept, ct);
        var returned = kept.Take(MaxErrorsReturned).ToList();
        return new ResultFileAnswer(uploadId, total, accepted, duplicates, rejected, conflicts.Count, returned, count > returned.Count,
            await PositivesAsync(caller, positives, ct));
    }

    static ResultFileError Error(int row, string column, string? tubeCode, string code) =>
        new(row, column, tubeCode, code, ErrorCatalog.Message(code));

    /// <summary>The field whose cell a refusal is about, for naming the file's own column in the error.</summary>
    static string FieldOf(string code, ResultEvent e) => code switch
    {
        "invalid-outcome" or "inconsistent-ct" => "outcome",
        "invalid-ct" => e.CtOrf1ab is < 0 or > 50 ? "ctOrf1ab" : "ctN",
        "field-too-long" or "invalid-characters" => "lab",
        _ => "tubeCode",
    };

    /// <summary>
    /// The positive pools of the file as they stand after it (a re-upload names them again: the lab sees what its file
    /// says), those in the caller's reach, with their rounds for the link to each round's positive-pool panel.
    /// </summary>
    async Task<IReadOnlyList<PositiveTubeReport>> PositivesAsync(Caller caller, HashSet<string> codes, CancellationToken ct)
    {
        if (codes.Count == 0) return [];
        var list = codes.Order(StringComparer.Ordinal).Take(MaxPositivesListed).ToList();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var tubes = await db.Set<Tube>().AsNoTracking().Where(t => list.Contains(t.Code) && t.Outcome == Outcome.Positive)
            .Join(db.Set<TestingRound>(), t => t.RoundId, r => r.Id, (t, r) => new { t.Code, t.RoundId, RoundName = r.Name, t.Count })
            .ToListAsync(ct);
        return tubes.OrderBy(t => t.RoundId).ThenBy(t => t.Code, NaturalOrder.Instance)
            .Select(t => new PositiveTubeReport(t.RoundId.ToString(CultureInfo.InvariantCulture), t.RoundName, t.Code, t.Count)).ToList();
    }

    async Task KeepAsync(Caller caller, string uploadId, string fileName, DateTime started, int total, int accepted, int duplicates, int rejected,
        int conflicts, int errorCount, List<ResultFileError> kept, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.Add(new ResultUpload
        {
            Id = uploadId, FileName = Truncate(fileName, 260), UserName = caller.UserName, At = started, Total = total, Accepted = accepted,
            Duplicates = duplicates, Rejected = rejected, Conflicts = conflicts, Errors = errorCount,
        });
        await db.SaveChangesAsync(ct);
        foreach (var chunk in kept.Chunk(5000))
        {
            db.ChangeTracker.Clear();
            db.AddRange(chunk.Select(e => new ResultUploadError
            {
                UploadId = uploadId, Row = e.Row, Column = Truncate(e.Column, 64), TubeCode = e.TubeCode is null ? null : Truncate(e.TubeCode, 64),
                Code = Truncate(e.Code, 64), Message = Truncate(e.Message, 500),
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
            .Select(e => new { e.Row, e.Column, e.TubeCode, e.Code, e.Message }).ToListAsync(ct);
        var rows = kept.Select(e => new object?[] { e.Row, e.TubeCode, e.Column, e.Code, e.Message });
        if (upload.Errors > kept.Count)
            rows = rows.Append([null, null, null, null, Ui.T($"共 {upload.Errors} 条错误，此处列出前 {kept.Count} 条", $"{upload.Errors} errors in all; the first {kept.Count} are listed")]);
        var content = await SpreadsheetExport.XlsxAsync([Ui.T("行号", "Row"), Ui.T("采样管编号", "Tube"), Ui.T("列", "Column"), Ui.T("错误代码", "Code"), Ui.T("错误说明", "Problem")], rows, ct);
        await audit.RecordAsync(caller, AuditActions.Export, $"results-upload:{uploadId}", caller.Scope.Code,
            detail: new { kind = "result-errors", rows = kept.Count }, ct: ct);
        return (content, $"{Path.GetFileNameWithoutExtension(upload.FileName)}-错误清单.xlsx");
    }
}
