using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Testing;
using Frontline.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Xunit.Abstractions;

namespace Frontline.Tests.Security;

/// <summary>Tests that measure this process's memory: they run alone, after the others, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MeasuredAlone
{
    public const string Name = "measured alone";
}

/// <summary>
/// A file importer as the fuzz test drives it: its upload endpoint (multipart <c>file</c>), the demo user who may
/// use it, its size limit, its columns, a row it would take and a row it refuses, and what its answer offers to
/// download. A new importer is one line in <see cref="FileImportFuzzTests.Importers"/>.
/// </summary>
public sealed record FileImporter(string Name, string User, string Url, long MaxBytes, string[] Header,
    Func<int, string?[]> GoodRow, Func<int, string?[]> BadRow, Func<JsonElement, string?>? Download = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// Issue 7, finding 3 and the fuzz test it asks for: every file importer, fed random bytes, truncated files, files
/// over its size limit, huge cells, wrong encodings, decompression bombs and a million bad rows, answers 200, 400 or
/// 413 — never 500 —, costs the server (this process) less than <see cref="MemoryBound"/> at its peak, download of
/// what the answer offers included, and stores nothing from a file it refuses (persons and lab results counted
/// before and after; the roster in all-or-nothing mode). Each run prints its figures.
/// The server runs on Kestrel, so an upload over an endpoint's limit meets the limit as it would in production.
/// </summary>
public abstract class FileImportFuzzTests(FrontlineApp app, ITestOutputHelper output)
{
    const long MemoryBound = 400L << 20;

    public static readonly FileImporter[] Importers =
    [
        new("roster", "community-worker", "/api/registry/imports?mode=all-or-nothing", RegistryModule.MaxRosterBytes, TestData.Header,
            i => TestData.Row($"模糊测试{i}", TestData.NewResidentId(), note: i % 7 == 0 ? "住户说明, 含逗号" : ""), i => ["x"],
            answer => answer.TryGetProperty("rejected", out var r) && r.GetInt32() > 0 ? $"/api/registry/imports/{answer.Str("importId")}/rejected.xlsx" : null),
        new("lab results", "lab", "/api/testing/results/upload", TestingModule.MaxResultFileBytes, ["采样管编号", "检测结果", "ORF1ab", "N", "检测机构", "报告时间"],
            i => [$"FUZZ{i:000000}", "阴性", "", "", "松岗检测实验室, 一部", "2022-03-14 18:05"], i => [$"T{i}", "阴性", "x"]),
        new("call list", "investigator", "/api/call-lists/import", Frontline.Investigation.CallEndpoints.MaxFileBytes, ["姓名", "证件号码", "手机号码"],
            i => [$"模糊外呼{i}", "", $"137{i % 100_000_000:00000000}"], i => ["x", "", "123"]),
    ];

    /// <summary>An upload: its body (the file, or a body of its own) and the name it is sent under.</summary>
    public sealed record Upload(HttpContent Body, string FileName)
    {
        public Upload(byte[] bytes, string fileName) : this(new ByteArrayContent(bytes), fileName) { }
    }

    static IEnumerable<string?[]> Rows(Func<int, string?[]> row, int count) => Enumerable.Range(1, count).Select(row);

    static byte[] Csv(FileImporter i, IEnumerable<string?[]> rows, Encoding? encoding = null) => TestData.Csv(rows, encoding, header: i.Header);

    static byte[] Cut(byte[] bytes, int length) => bytes[..length];

    /// <summary>The importer's header and a row it would take, but for its last cell: <paramref name="megabytes"/> MB of one letter.</summary>
    static byte[] LongLastCell(FileImporter i, int megabytes) => FuzzFiles.Sheet(w =>
    {
        FuzzFiles.Row(w, 1, i.Header);
        FuzzFiles.RowWithLongCell(w, 2, i.GoodRow(1)[..^1], new string('A', 1 << 20), megabytes);
    });

    /// <summary>The files, by name; each made for the importer it is sent to.</summary>
    public static readonly Dictionary<string, Func<FileImporter, Upload>> Files = new()
    {
        ["random bytes (.xlsx)"] = _ => new(FuzzFiles.RandomBytes(1, 64 << 10), "random.xlsx"),
        ["random bytes (.csv)"] = _ => new(FuzzFiles.RandomBytes(2, 64 << 10), "random.csv"),
        ["random bytes in a zip's sheet (.xlsx)"] = _ =>
        {
            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
                foreach (var (part, seed) in new[] { ("xl/worksheets/sheet1.xml", 3), ("xl/sharedStrings.xml", 4) })
                {
                    using var entry = archive.CreateEntry(part).Open();
                    entry.Write(FuzzFiles.RandomBytes(seed, 32 << 10));
                }
            return new(zip.ToArray(), "random-parts.xlsx");
        },
        ["truncated to a third (.xlsx)"] = i =>
        {
            var whole = TestData.Xlsx(Rows(i.GoodRow, 300), i.Header);
            return new(Cut(whole, whole.Length / 3), "truncated.xlsx");
        },
        ["truncated by its last 30 bytes (.xlsx)"] = i =>
        {
            var whole = TestData.Xlsx(Rows(i.GoodRow, 300), i.Header);
            return new(Cut(whole, whole.Length - 30), "truncated.xlsx");
        },
        ["truncated inside a quoted cell (.csv)"] = i =>
        {
            // The last row, every cell quoted, ends half-way through its third (the roster's document number).
            var last = i.GoodRow(301).Select(c => $"\"{c}\"").ToArray();
            var cut = string.Join(",", last[..2]) + "," + last[2][..(last[2].Length / 2)];
            return new([.. Csv(i, Rows(i.GoodRow, 300)), .. Encoding.UTF8.GetBytes(cut)], "truncated.csv");
        },
        ["truncated inside a character (.csv)"] = i =>
        {
            var whole = Csv(i, [.. Rows(i.GoodRow, 300), [.. i.GoodRow(301)[..^1], "末尾"]]);
            return new(Cut(whole, whole.Length - 4), "truncated.csv");
        },
        ["over the endpoint's size limit"] = i => new(new FuzzFiles.Zeros(i.MaxBytes + (1 << 20)), "too-large.csv"),
        ["a 100 MB cell in a 105 KB file (.xlsx, the probe's)"] = i => new(LongLastCell(i, 100), "cell-100mb.xlsx"),
        ["a 300 MB cell in a 300 KB file (.xlsx, the probe's 500)"] = i => new(LongLastCell(i, 300), "cell-300mb.xlsx"),
        ["a 1 MB cell that does not compress (.xlsx)"] = i => new(FuzzFiles.Sheet(w =>
        {
            FuzzFiles.Row(w, 1, i.Header);
            FuzzFiles.Row(w, 2, [FuzzFiles.RandomLetters(5, 1 << 20)]);
        }), "cell-1mb.xlsx"),
        ["a 5,000-character cell (.xlsx)"] = i => new(TestData.Xlsx([[.. i.GoodRow(1)[..^1], new string('长', 5_000)], i.GoodRow(2)], i.Header), "cell-5000.xlsx"),
        ["a 10 MB cell (.csv)"] = i => new(Csv(i, [[.. i.GoodRow(1)[..^1], FuzzFiles.RandomLetters(6, 10 << 20)], i.GoodRow(2)]), "cell-10mb.csv"),
        ["an unclosed quote swallowing the 10 MB after it (.csv)"] = i =>
            new([.. Csv(i, [i.GoodRow(1)]), .. "\"never closed,\r\n"u8, .. Csv(i, Rows(i.BadRow, 100_000)), .. Encoding.UTF8.GetBytes(FuzzFiles.RandomLetters(7, 8 << 20))], "unclosed.csv"),
        ["100,000 cells in a row (.csv)"] = i => new([.. Csv(i, [i.GoodRow(1)]), .. Encoding.UTF8.GetBytes(string.Join(",", Enumerable.Range(0, 100_000)))], "wide.csv"),
        ["a cell past column 100 (.xlsx)"] = i => new(FuzzFiles.Sheet(w =>
        {
            FuzzFiles.Row(w, 1, i.Header);
            FuzzFiles.Row(w, 2, [.. i.GoodRow(1), "far away"], firstColumn: 1);
            FuzzFiles.Row(w, 3, ["far away"], firstColumn: 200);
        }), "wide.xlsx"),
        ["UTF-16 without a BOM (.csv)"] = i => new(Csv(i, Rows(i.GoodRow, 20), new UnicodeEncoding(false, false)), "utf16.csv"),
        ["UTF-16 with a BOM, tab-separated like Excel's Unicode text (.csv)"] = i =>
            new([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(string.Join("\r\n", Rows(i.GoodRow, 20).Prepend(i.Header).Select(r => string.Join('\t', r))))], "unicode.csv"),
        ["Latin-1 bytes (.csv)"] = i => new(Encoding.Latin1.GetBytes("Nom,Numéro,Côté\r\nÉlise,é,ü\r\n"), "latin1.csv"),
        ["NUL bytes (.csv)"] = i => new(Encoding.UTF8.GetBytes(string.Join(",", i.Header) + "\r\n\0\0\0,\0x\0\r\n" + new string('\0', 100_000)), "nul.csv"),
        [".xlsx bytes named .csv"] = i => new(TestData.Xlsx(Rows(i.GoodRow, 20), i.Header), "really-xlsx.csv"),
        [".csv text named .xlsx"] = i => new(Csv(i, Rows(i.GoodRow, 20)), "really-csv.xlsx"),
        ["a sheet in UTF-16 (.xlsx)"] = i => new(FuzzFiles.Sheet(w => FuzzFiles.Row(w, 1, i.Header), encoding: new UnicodeEncoding(false, true)), "utf16.xlsx"),
        ["a decompression bomb: 300 MB of sheet from 1 MB (.xlsx)"] = i => new(FuzzFiles.Sheet(w =>
        {
            // Rows of one cell within every limit, each the same: it is the whole that is too much.
            FuzzFiles.Row(w, 1, i.Header);
            string[] cell = [new string('A', 2_000)];
            for (var row = 2; row < (300 << 20) / 2_060; row++) FuzzFiles.Row(w, row, cell);
        }), "bomb.xlsx"),
        ["nested entities in a DOCTYPE (.xlsx)"] = i => new(FuzzFiles.Sheet(w => FuzzFiles.Row(w, 1, ["&lol9;"]),
            prolog: "<!DOCTYPE worksheet [<!ENTITY lol \"lol\">" + string.Concat(Enumerable.Range(1, 9).Select(n =>
                $"<!ENTITY lol{n} \"{string.Concat(Enumerable.Repeat($"&lol{(n == 1 ? "" : n - 1)};", 10))}\">")) + "]>"), "laughs.xlsx"),
        ["100,000 empty parts (.xlsx)"] = _ => new(FuzzFiles.ManyParts(100_000), "parts.xlsx"),
        ["a sheet that jumps to row 1,048,576 (.xlsx)"] = i => new(FuzzFiles.Sheet(w =>
        {
            FuzzFiles.Row(w, 1, i.Header);
            FuzzFiles.Row(w, 1_048_576, i.BadRow(1));
        }), "far-rows.xlsx"),
        ["1,000,000 tiny bad rows (.csv)"] = i => new(Csv(i, Rows(i.BadRow, 1_000_000)), "million.csv"),
    };

    /// <summary>Files whose rows reach the database (read and checked, not refused whole): the ones PostgreSQL runs too.</summary>
    static readonly HashSet<string> ReachTheDatabase =
        ["a 5,000-character cell (.xlsx)", "100,000 cells in a row (.csv)", "a cell past column 100 (.xlsx)", "truncated inside a quoted cell (.csv)",
         "1,000,000 tiny bad rows (.csv)"];

    public static TheoryData<string, string> Every => Pairs(Files.Keys);

    public static TheoryData<string, string> ThoseReachingTheDatabase => Pairs(Files.Keys.Where(ReachTheDatabase.Contains),
        // The lab's bad rows (a Ct that is no number) are refused before any reaches the database.
        except: ("lab results", "1,000,000 tiny bad rows (.csv)"));

    static TheoryData<string, string> Pairs(IEnumerable<string> files, params (string Importer, string File)[] except)
    {
        var data = new TheoryData<string, string>();
        foreach (var importer in Importers)
            foreach (var file in files)
                if (!except.Contains((importer.Name, file))) data.Add(importer.Name, file);
        return data;
    }

    async Task<(long Persons, long LabResults)> StoredAsync()
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        return (await db.Set<Person>().LongCountAsync(), await db.Set<LabResult>().LongCountAsync());
    }

    protected async Task Upload_is_never_a_500_costs_bounded_memory_and_a_refused_file_stores_nothing(string importerName, string fileName)
    {
        var importer = Importers.Single(i => i.Name == importerName);
        // Without the test client's redirect handler, which buffers every request body to send it again: the
        // memory measured is the server's.
        var signedIn = await app.As(importer.User);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = signedIn.BaseAddress! });
        client.DefaultRequestHeaders.Authorization = signedIn.DefaultRequestHeaders.Authorization;
        client.Timeout = TimeSpan.FromMinutes(5);
        var before = await StoredAsync();
        var upload = Files[fileName](importer);
        var form = new MultipartFormDataContent { { upload.Body, "file", upload.FileName } };
        var clock = Stopwatch.StartNew();
        HttpStatusCode status;
        string body;
        string? downloaded = null;
        long growth, heapGrowth;
        string figures;
        using (var memory = PeakMemory.Start())
        {
            // As a browser or curl sends a large upload: the server may refuse it before the body comes.
            using var request = new HttpRequestMessage(HttpMethod.Post, importer.Url) { Content = form };
            request.Headers.ExpectContinue = true;
            using var response = await client.SendAsync(request);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync();
            if (status == HttpStatusCode.OK && importer.Download?.Invoke(JsonDocument.Parse(body).RootElement) is { } url)
            {
                using var download = await client.GetAsync(url);
                downloaded = $"{(int)download.StatusCode}, {(await download.Content.ReadAsByteArrayAsync()).Length / 1024.0:N0} KB";
                Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            }
            growth = memory.Growth;
            heapGrowth = memory.HeapGrowth;
            figures = memory.ToString();
        }
        var answer = status == HttpStatusCode.OK ? Summary(body) : body.Length > 300 ? body[..300] : body;
        output.WriteLine($"{importer} · {fileName}: {(int)status} in {clock.Elapsed.TotalSeconds:0.0} s, {figures}" +
            $"{(downloaded is null ? "" : $"; download {downloaded}")}\n  {answer}");

        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, $"{(int)status}: {body}");
        Assert.True(growth < MemoryBound && heapGrowth < MemoryBound, $"the server grew by {growth / 1048576} MB ({heapGrowth / 1048576} MB of heap)");
        Assert.Equal(before, await StoredAsync());
    }

    [SkippableFact]
    public async Task A_huge_cell_is_reported_on_its_row_and_kept_only_cut_and_marked()
    {
        var worker = await app.As("community-worker");
        var note = FuzzFiles.RandomLetters(8, 10 << 20);
        var csv = TestData.Csv([TestData.Row("超长备注", TestData.NewResidentId(), note: note), TestData.Row("正常", TestData.NewResidentId())]);
        var answer = await (await worker.PostAsync("/api/registry/imports", TestData.Upload(csv, "long-note.csv"))).Body();
        Assert.Equal((2, 0, 1), (answer.Int("total"), answer.Int("imported"), answer.Int("rejected")));
        var error = answer.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal((2, "备注", "cell-too-long"), (error.Int("row"), error.Str("column"), error.Str("code")));

        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync())
        {
            var kept = await db.Set<RosterImportRejection>().Where(r => r.ImportId == answer.Str("importId")).SingleAsync();
            Assert.True(kept.CellsJson.Length < 3 * SpreadsheetLimits.Default.MaxCellChars, $"{kept.CellsJson.Length} characters kept");
        }
        var download = await worker.GetByteArrayAsync($"/api/registry/imports/{answer.Str("importId")}/rejected.xlsx");
        var back = new MemoryStream(download).Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Single();
        Assert.Equal(note[..SpreadsheetLimits.Default.MaxCellChars] + "…〔已截断，原文 10,485,760 个字符〕", back["备注"]);
    }

    /// <summary>An importer's answer without its error list: the counts and the first error.</summary>
    static string Summary(string body)
    {
        var answer = JsonDocument.Parse(body).RootElement;
        var parts = answer.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            .Select(p => $"{p.Name} {p.Value}").ToList();
        if (answer.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
        {
            parts.Add($"{errors.GetArrayLength()} errors listed");
            if (errors.GetArrayLength() > 0) parts.Add($"first: {errors[0]}");
        }
        return string.Join(", ", parts);
    }
}

/// <summary>Kestrel rather than the test server: an upload meets the limits a real server sets (413 over the size limit).</summary>
public sealed class KestrelSqliteApp : SqliteApp
{
    public KestrelSqliteApp() => UseKestrel();
}

public sealed class KestrelPostgresApp : PostgresApp
{
    public KestrelPostgresApp() => UseKestrel();
}

[Collection(MeasuredAlone.Name)]
public sealed class SqliteFileImportFuzzTests(KestrelSqliteApp app, ITestOutputHelper output) : FileImportFuzzTests(app, output), IClassFixture<KestrelSqliteApp>
{
    [SkippableTheory]
    [MemberData(nameof(Every))]
    public Task An_upload_is_never_a_500_costs_bounded_memory_and_a_refused_file_stores_nothing(string importer, string file) =>
        Upload_is_never_a_500_costs_bounded_memory_and_a_refused_file_stores_nothing(importer, file);
}

/// <summary>On PostgreSQL, the files whose rows reach the database; the ones refused whole never touch it.</summary>
[Collection(MeasuredAlone.Name)]
public sealed class PostgresFileImportFuzzTests(KestrelPostgresApp app, ITestOutputHelper output) : FileImportFuzzTests(app, output), IClassFixture<KestrelPostgresApp>
{
    [SkippableTheory]
    [MemberData(nameof(ThoseReachingTheDatabase))]
    public Task An_upload_is_never_a_500_costs_bounded_memory_and_a_refused_file_stores_nothing(string importer, string file) =>
        Upload_is_never_a_500_costs_bounded_memory_and_a_refused_file_stores_nothing(importer, file);
}
