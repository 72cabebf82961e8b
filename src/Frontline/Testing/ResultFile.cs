using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Frontline.Platform;

namespace Frontline.Testing;

/// <param name="Rejected">The rows refused, all of them; <paramref name="Errors"/> lists the first <see cref="ResultFile.MaxErrorsReturned"/> errors by row.</param>
public sealed record ResultFileAnswer(int Total, int Accepted, int Duplicates, IReadOnlyList<ImportError> Errors, int Rejected = 0, bool ErrorsTruncated = false);

/// <summary>
/// A lab's result file (.csv or .xlsx, the lab's own export) turned into the same batch the API takes. Each
/// row's event id is a digest of its content, so uploading the same file twice changes nothing, while a
/// corrected row with another outcome arrives as a conflicting result for review.
/// </summary>
public sealed class ResultFile(ResultIngest ingest)
{
    /// <summary>
    /// Errors listed in an answer, the first by row; the answer counts the rest. A file of a million bad rows
    /// answered with all of them (the probe of issue 7: 227 MB) costs more than any person reads.
    /// </summary>
    public const int MaxErrorsReturned = 1000;

    static readonly SpreadsheetColumns Columns = new(
        new("tubeCode", true, "采样管编号", "管码", "试管条码", "tubecode", "tube"),
        new("outcome", true, "检测结果", "结果", "outcome", "result"),
        new("ctOrf1ab", false, "orf1ab", "orf1ab ct", "ct orf1ab", "orf1ab基因ct值", "ctorf1ab"),
        new("ctN", false, "n", "n ct", "ct n", "n基因ct值", "ctn"),
        new("lab", false, "检测机构", "实验室", "lab"),
        new("reportedAt", false, "报告时间", "reportedat", "reported"));

    public static IReadOnlyList<string> TemplateHeaders => Columns.TemplateHeaders;

    public async Task<ResultFileAnswer> ImportAsync(Caller caller, Stream file, string fileName, long? roundId, CancellationToken ct = default)
    {
        using var sheet = SpreadsheetReader.Open(file, fileName);
        var map = Columns.Map(sheet.Header);

        // Read whole before any result is applied (a file that breaks part-way applies nothing), but row by row:
        // only the results and the first errors are kept.
        var errors = new List<ImportError>();
        var errorCount = 0;
        var rejected = 0;
        var total = 0;
        var events = new List<(int Row, ResultEvent Event)>();
        foreach (var row in sheet.Rows())
        {
            total++;
            if (row.Refused)
            {
                rejected++;
                errorCount += row.Problems!.Count;
                if (errors.Count < MaxErrorsReturned) errors.AddRange(map.Problems(row));
                continue;
            }
            string? Cell(string field) => map.Cell(row, field)?.Trim();
            double? Ct(string field, string header)
            {
                var text = Cell(field);
                if (string.IsNullOrEmpty(text) || text is "-" or "/" or "N/A") return null;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)) return v;
                if (errorCount++ < MaxErrorsReturned) errors.Add(ImportError.Of(row.Number, header, "invalid-ct"));
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
            if (ctOrf is double.NaN || ctN is double.NaN)
            {
                rejected++;
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
        var accepted = 0;
        var duplicates = 0;
        // The reading's errors and the ingest's each come in row order: the first of each are the first of all.
        var refused = new List<ImportError>();
        foreach (var chunk in events.Chunk(ResultIngest.MaxBatch))
        {
            var answer = await ingest.IngestAsync(caller, chunk.Select(c => c.Event).ToList(), ct);
            accepted += answer.Accepted;
            duplicates += answer.Duplicates;
            rejected += answer.Rejected.Count;
            errorCount += answer.Rejected.Count;
            refused.AddRange(answer.Rejected.Take(MaxErrorsReturned - refused.Count)
                .Select(r => new ImportError(chunk[r.Index].Row, "采样管编号", r.Code, r.Message)));
        }
        var listed = errors.Concat(refused).OrderBy(e => e.Row).Take(MaxErrorsReturned).ToList();
        return new ResultFileAnswer(total, accepted, duplicates, listed, rejected, ErrorsTruncated: errorCount > listed.Count);
    }
}
