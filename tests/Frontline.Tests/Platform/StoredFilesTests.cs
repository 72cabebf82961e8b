using System.IO.Compression;
using System.Security.Claims;
using System.Text;
using Frontline.Platform;
using Frontline.Platform.Files;
using Frontline.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Platform;

/// <summary>The file store's checks: a file is what its bytes say, within its size, or it is refused with the field and the reason.</summary>
public sealed class StoredFileRulesTests
{
    static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0];
    static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];

    static byte[] Package(params string[] parts)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var part in parts)
                using (var writer = new StreamWriter(zip.CreateEntry(part).Open())) writer.Write("<x/>");
        return memory.ToArray();
    }

    static async Task<(FileUpload? Upload, List<FieldError> Errors)> Read(byte[] bytes, string name, FileRules rules)
    {
        var errors = new List<FieldError>();
        var upload = await StoredFiles.ReadAsync(new MemoryStream(bytes), name, rules, "photos", errors, CancellationToken.None);
        return (upload, errors);
    }

    [Fact]
    public async Task A_photo_is_recognised_by_its_bytes_and_named_for_what_it_is()
    {
        var (upload, errors) = await Read(Jpeg, @"C:\Users\督导\现场照片.png", FileRules.Photos);
        Assert.Empty(errors);
        Assert.Equal(("image/jpeg", "现场照片.jpg"), (upload!.Type.ContentType, upload.FileName));
        Assert.Equal(64, upload.Sha256.Length);
    }

    [Fact]
    public async Task A_page_dressed_as_a_photo_is_refused_with_the_types_accepted()
    {
        var (upload, errors) = await Read(Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "photo.jpg", FileRules.Photos);
        Assert.Null(upload);
        var error = Assert.Single(errors);
        Assert.Equal(("photos", "file-type-not-allowed"), (error.Field, error.Code));
        Assert.Equal("photo.jpg", error.Args[0]);
        Assert.Contains("JPEG", (string)error.Args[1]);
    }

    [Fact]
    public async Task Office_files_are_told_apart_by_their_main_part_and_a_bare_zip_is_refused()
    {
        Assert.Equal(FileRules.Docx, (await Read(Package("[Content_Types].xml", "word/document.xml"), "通知.docx", FileRules.Attachments)).Upload!.Type);
        Assert.Equal(FileRules.Xlsx, (await Read(Package("[Content_Types].xml", "xl/workbook.xml"), "名单.xlsx", FileRules.Attachments)).Upload!.Type);
        Assert.Equal("file-type-not-allowed", Assert.Single((await Read(Package("readme.txt"), "a.docx", FileRules.Attachments)).Errors).Code);
        // A photo is an attachment, but a document is not a photo.
        Assert.Equal("file-type-not-allowed", Assert.Single((await Read(Package("[Content_Types].xml", "word/document.xml"), "a.docx", FileRules.Photos)).Errors).Code);
        Assert.Equal(FileRules.Pdf, (await Read("%PDF-1.7\n"u8.ToArray(), "a.pdf", FileRules.Attachments)).Upload!.Type);
    }

    [Fact]
    public async Task Too_large_and_empty_files_are_refused_and_a_large_one_is_not_read_to_its_end()
    {
        var rules = FileRules.Photos with { MaxBytes = 1024 };
        var large = new MemoryStream(Png.Concat(new byte[10 * 1024 * 1024]).ToArray());
        var errors = new List<FieldError>();
        Assert.Null(await StoredFiles.ReadAsync(large, "big.png", rules, "photos", errors, CancellationToken.None));
        Assert.Equal("file-too-large", Assert.Single(errors).Code);
        Assert.True(large.Position < 200 * 1024, $"read {large.Position:N0} bytes of a file refused after 1 KB");

        Assert.Equal("file-empty", Assert.Single((await Read([], "empty.png", FileRules.Photos)).Errors).Code);
        var tooMany = new List<FieldError>();
        StoredFiles.CheckCount(FileRules.Photos.MaxFiles + 1, FileRules.Photos, "photos", tooMany);
        Assert.Equal("too-many-files", Assert.Single(tooMany).Code);
        StoredFiles.CheckCount(FileRules.Photos.MaxFiles, FileRules.Photos, "photos", tooMany);
        Assert.Single(tooMany);
    }

}

/// <summary>Files stored with their record and served, audited, on each provider.</summary>
public abstract class StoredFilesTests(FrontlineApp app)
{
    [SkippableFact]
    public async Task A_file_is_stored_in_its_records_transaction_listed_without_its_bytes_and_served_audited()
    {
        var owner = Guid.NewGuid().ToString("N")[..12];
        var photo = new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }.Concat(Enumerable.Range(0, 5000).Select(i => (byte)i)).ToArray();
        var errors = new List<FieldError>();
        var upload = await StoredFiles.ReadAsync(new MemoryStream(photo), "市场入口.jpg", FileRules.Photos, "photos", errors, CancellationToken.None);
        Assert.Empty(errors);

        var dbs = app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>();
        await using (var db = await dbs.CreateDbContextAsync())
        {
            // A record's transaction that fails leaves no file behind.
            await using (var tx = await db.Database.BeginTransactionAsync())
            {
                StoredFiles.Add(db, upload!, "test-record", owner, TestData.Hongxing, "inspector", DateTime.UtcNow);
                await db.SaveChangesAsync();
                await tx.RollbackAsync();
            }
            db.ChangeTracker.Clear();
            Assert.Empty((await StoredFiles.ListAsync(db, "test-record", [owner], CancellationToken.None))[owner]);

            StoredFiles.Add(db, upload!, "test-record", owner, TestData.Hongxing, "inspector", DateTime.UtcNow);
            await db.SaveChangesAsync();
        }

        StoredFileInfo info;
        await using (var db = await dbs.CreateDbContextAsync())
            info = Assert.Single((await StoredFiles.ListAsync(db, "test-record", [owner, "other"], CancellationToken.None))[owner]);
        Assert.Equal(("市场入口.jpg", "image/jpeg", (long)photo.Length, "inspector"), (info.FileName, info.ContentType, info.Size, info.UploadedBy));

        var files = app.Services.CreateScope().ServiceProvider.GetRequiredService<StoredFiles>();
        var stored = await files.FindAsync(info.Id, CancellationToken.None);
        var caller = new Caller("street-commander", new JurisdictionScope(TestData.Songgang), new ClaimsPrincipal());
        var http = new DefaultHttpContext { RequestServices = app.Services };
        var body = new MemoryStream();
        http.Response.Body = body;
        await (await files.DownloadAsync(caller, stored!, CancellationToken.None)).ExecuteAsync(http);

        Assert.Equal(photo, body.ToArray());
        Assert.Equal("image/jpeg", http.Response.ContentType);
        Assert.Equal("nosniff", http.Response.Headers["X-Content-Type-Options"].ToString());
        Assert.StartsWith("attachment", http.Response.Headers.ContentDisposition.ToString());
        await using (var db = await dbs.CreateDbContextAsync())
        {
            var entry = await db.Audit.AsNoTracking().SingleAsync(a => a.Action == FileAuditActions.Download && a.Subject == $"file:{info.Id}");
            Assert.Equal(("street-commander", TestData.Hongxing), (entry.UserName, entry.JurisdictionCode));
        }
    }
}

public sealed class SqliteStoredFilesTests(SqliteApp app) : StoredFilesTests(app), IClassFixture<SqliteApp>;

public sealed class PostgresStoredFilesTests(PostgresApp app) : StoredFilesTests(app), IClassFixture<PostgresApp>;
