using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Frontline.Platform;
using Frontline.Tests.Support;
using MiniExcelLibs;

namespace Frontline.Tests.Security;

/// <summary>
/// Issue 7, finding 14: what goes out in a file. Every spreadsheet handed out keeps formula-looking cells as text
/// (OWASP's CSV injection: a leading apostrophe), and an upload's name is made safe before it is stored, shown or
/// sent back in a Content-Disposition (no CR/LF, quotes, path, control or bidirectional characters; bounded length).
/// </summary>
public abstract class ExportedFilesTests(FrontlineApp app)
{
    static readonly string[] Formulas = ["=HYPERLINK(\"http://evil.example\",\"点我\")", "+cmd|'/C calc'!A0", "@SUM(1+1)", "-2+3+cmd|'/C calc'!A0"];

    /// <summary>Every text cell of every row, header included, as a spreadsheet program reads them.</summary>
    static List<string> TextCells(byte[] xlsx) =>
        new MemoryStream(xlsx).Query(useHeaderRow: false).Cast<IDictionary<string, object?>>()
            .SelectMany(r => r.Values).OfType<string>().ToList();

    static void AssertNoLiveFormulas(byte[] xlsx, params string[] expected)
    {
        var cells = TextCells(xlsx);
        Assert.DoesNotContain(cells, c => c.Length > 0 && c[0] is '=' or '+' or '-' or '@' && FormulaCells.Neutralise(c) != c);
        foreach (var text in expected) Assert.Contains(FormulaCells.Neutralise(text), cells);
    }

    [SkippableFact]
    public async Task The_rejected_rows_the_untested_list_and_the_template_keep_formula_looking_cells_as_text()
    {
        // Rejected rows: a formula in a column of the file's own, in the name (the row has no document number) and the note.
        var worker = await app.As("community-worker");
        var csv = TestData.Csv([["=1+1", "居民身份证", "", "", TestData.Hongxing, "1栋", "101", "常住", Formulas[2], Formulas[0]]],
            header: [.. TestData.Header, Formulas[1]]);
        var import = await (await worker.PostAsync("/api/registry/imports", TestData.Upload(csv, "formulas.csv"))).Body();
        var rejected = await worker.GetAsync($"/api/registry/imports/{import.Str("importId")}/rejected.xlsx");
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        AssertNoLiveFormulas(await rejected.Content.ReadAsByteArrayAsync(), "=1+1", Formulas[2], Formulas[0], Formulas[1]);

        // The untested list: a resident whose building and room look like formulas, in a round whose name is no file name.
        var admin = await app.As("admin");
        var round = await admin.PostAsJsonAsync("/api/testing/rounds", new
        {
            name = "3/14 \"全员\" 核酸 " + Guid.NewGuid().ToString("N")[..6], scope = new[] { TestData.Hongxing },
            startsAt = DateTimeOffset.UtcNow.AddHours(-1), endsAt = DateTimeOffset.UtcNow.AddHours(23), poolSize = 10,
        });
        Assert.Equal(HttpStatusCode.Created, round.StatusCode);
        var person = await admin.PostAsJsonAsync("/api/persons", new
        {
            name = "公式", idNumber = TestData.NewResidentId(), communityCode = TestData.Hongxing, building = Formulas[0], room = Formulas[1][..16],
        });
        Assert.Equal(HttpStatusCode.Created, person.StatusCode);
        var untested = await admin.GetAsync($"/api/testing/rounds/{(await round.Body()).Str("id")}/untested.xlsx?jurisdiction={TestData.Hongxing}");
        Assert.Equal(HttpStatusCode.OK, untested.StatusCode);
        AssertNoLiveFormulas(await untested.Content.ReadAsByteArrayAsync(), Formulas[0], Formulas[1][..16]);
        AssertSafe(untested.Content.Headers.ContentDisposition!.FileNameStar!);
        Assert.StartsWith("3_14 _全员_ 核酸", untested.Content.Headers.ContentDisposition.FileNameStar, StringComparison.Ordinal);

        // The template, as its page's download writes it: the header alone, nothing live.
        AssertNoLiveFormulas(await SpreadsheetExport.XlsxAsync(Frontline.Registry.RosterFile.Columns.TemplateHeaders, []));
    }

    [SkippableFact]
    public async Task An_uploaded_file_name_is_made_safe_before_it_is_stored_shown_or_sent_back()
    {
        var worker = await app.As("community-worker");
        // A browser sends the name as it finds it; filename* carries any character.
        var hostile = "C:\\fakepath\\名单\r\nX-Injected: 1\"\u202Exslx.exe\u200B" + new string('长', 300) + ".csv";
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestData.Csv([TestData.Row("无证件号", "")]));
        file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"roster.csv\"", FileNameStar = hostile };
        form.Add(file);
        var response = await worker.PostAsync("/api/registry/imports", form);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var id = (await response.Body()).Str("importId");

        var stored = (await worker.GetJson($"/api/registry/imports/{id}")).Str("fileName");
        AssertSafe(stored);
        Assert.StartsWith("名单X-Injected_ 1_xslx.exe长", stored, StringComparison.Ordinal);
        Assert.EndsWith(".csv", stored, StringComparison.Ordinal);

        var download = await worker.GetAsync($"/api/registry/imports/{id}/rejected.xlsx");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var disposition = download.Content.Headers.ContentDisposition!;
        AssertSafe(disposition.FileNameStar!);
        Assert.EndsWith("-待修正.xlsx", disposition.FileNameStar, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', download.Content.Headers.GetValues("Content-Disposition").Single());
    }

    static void AssertSafe(string name)
    {
        Assert.True(name.Length <= FileNames.MaxLength, $"{name.Length} characters");
        Assert.DoesNotContain(name, c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format
            || c is '"' or '/' or '\\' or ':');
    }
}

public sealed class SqliteExportedFilesTests(SqliteApp app) : ExportedFilesTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresExportedFilesTests(PostgresApp app) : ExportedFilesTests(app), IClassFixture<PostgresApp>;
