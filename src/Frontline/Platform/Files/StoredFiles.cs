using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Net.Http.Headers;

namespace Frontline.Platform.Files;

/// <summary>
/// A file a person attached to a record (an inspection's photo, a notice's attachment). The bytes live in the
/// database, in a table of their own: every node of a scale-out reads the same files, a backup holds them with the
/// records they belong to, and a list of files never reads a byte of content.
/// </summary>
public sealed class StoredFile
{
    public Guid Id { get; set; }
    /// <summary>What the file belongs to, in the owning module's words (<c>inspection</c>, <c>notice</c>): the owner decides who may read it.</summary>
    public required string OwnerKind { get; set; }
    public required string OwnerId { get; set; }
    /// <summary>The jurisdiction of the record it belongs to, for the retention purge and the audit.</summary>
    public required string JurisdictionCode { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required string UploadedBy { get; set; }
    public DateTime UploadedAt { get; set; }
}

public sealed class StoredFileContent
{
    public Guid Id { get; set; }
    public required byte[] Content { get; set; }
}

sealed class StoredFileConfiguration : IEntityTypeConfiguration<StoredFile>, IEntityTypeConfiguration<StoredFileContent>
{
    public void Configure(EntityTypeBuilder<StoredFile> e)
    {
        e.ToTable("stored_files");
        e.Property(f => f.OwnerKind).HasMaxLength(32);
        e.Property(f => f.OwnerId).HasMaxLength(64);
        e.Property(f => f.JurisdictionCode).HasMaxLength(12);
        e.Property(f => f.FileName).HasMaxLength(FileNames.MaxLength);
        e.Property(f => f.ContentType).HasMaxLength(100);
        e.Property(f => f.Sha256).HasMaxLength(64);
        e.Property(f => f.UploadedBy).HasMaxLength(64);
        e.HasIndex(f => new { f.OwnerKind, f.OwnerId });
        e.HasOne<StoredFileContent>().WithOne().HasForeignKey<StoredFileContent>(c => c.Id).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<StoredFileContent> e) => e.ToTable("stored_file_contents");
}

/// <summary>A kind of file the store accepts, recognised by its first bytes (and, for Office files, their main part), never by the name alone.</summary>
public sealed record FileType(string ContentType, string Extension, string Label);

/// <summary>What one use of the store accepts: which types and how many bytes a file may have, and how many files a record may carry.</summary>
public sealed record FileRules(IReadOnlyList<FileType> Types, long MaxBytes, int MaxFiles)
{
    public static readonly FileType Jpeg = new("image/jpeg", ".jpg", "JPEG");
    public static readonly FileType Png = new("image/png", ".png", "PNG");
    public static readonly FileType Webp = new("image/webp", ".webp", "WebP");
    public static readonly FileType Pdf = new("application/pdf", ".pdf", "PDF");
    public static readonly FileType Docx = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word (.docx)");
    public static readonly FileType Xlsx = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel (.xlsx)");

    /// <summary>Photos taken on a phone at a place: what a phone's browser uploads (it converts HEIC to JPEG on the way).</summary>
    public static readonly FileRules Photos = new([Jpeg, Png, Webp], 8 * 1024 * 1024, 9);
    /// <summary>A notice's attachments: documents and scans, as government offices send them.</summary>
    public static readonly FileRules Attachments = new([Pdf, Docx, Xlsx, Jpeg, Png], 20 * 1024 * 1024, 10);

    /// <summary>The <c>accept</c> attribute of a file input for these rules.</summary>
    public string Accept => string.Join(',', Types.SelectMany(t => new[] { t.Extension, t.ContentType }));

    public string TypeList => string.Join("、", Types.Select(t => t.Label));
}

/// <summary>An upload that passed its rules, read into memory (bounded by <see cref="FileRules.MaxBytes"/>), ready to store.</summary>
public sealed record FileUpload(string FileName, FileType Type, byte[] Content, string Sha256);

/// <summary>A stored file's description, without its bytes.</summary>
public sealed record StoredFileInfo(Guid Id, string FileName, string ContentType, long Size, DateTimeOffset UploadedAt, string UploadedBy);

/// <summary>
/// Files attached to records. The owning module checks an upload (<see cref="ReadAsync"/>), adds it inside the
/// transaction that writes its record (<see cref="Add"/>), lists a record's files, and serves one after it has
/// decided the caller may read the record (<see cref="DownloadAsync"/>, audited).
/// </summary>
public sealed class StoredFiles(IDbContextFactory<FrontlineDb> dbs, AuditLog audit)
{
    /// <summary>
    /// Reads an upload and checks it against the rules: not empty, not over the size, of an accepted type by its
    /// content. Reads at most one byte past the limit, so a large upload is refused without being held.
    /// A refusal adds a <see cref="FieldError"/> on <paramref name="field"/> and answers null.
    /// </summary>
    public static async Task<FileUpload?> ReadAsync(Stream content, string? fileName, FileRules rules, string field, List<FieldError> errors, CancellationToken ct)
    {
        var name = FileNames.OfUpload(fileName);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > rules.MaxBytes)
            {
                errors.Add(new(field, "file-too-large", name, rules.MaxBytes / (1024 * 1024)));
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            errors.Add(new(field, "file-empty", name));
            return null;
        }
        var bytes = buffer.ToArray();
        if (Recognise(bytes) is not { } type || !rules.Types.Contains(type))
        {
            errors.Add(new(field, "file-type-not-allowed", name, rules.TypeList));
            return null;
        }
        // The stored name carries the extension of what the file is, whatever the upload called it.
        var stem = Path.GetFileNameWithoutExtension(name);
        return new(FileNames.Safe(stem + type.Extension), type, bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>Checks the number of files a record would carry; adds <c>too-many-files</c> when over.</summary>
    public static void CheckCount(int count, FileRules rules, string field, List<FieldError> errors)
    {
        if (count > rules.MaxFiles) errors.Add(new(field, "too-many-files", rules.MaxFiles));
    }

    /// <summary>Adds a checked upload to the caller's unit of work, owned by (kind, id).</summary>
    public static StoredFile Add(FrontlineDb db, FileUpload upload, string ownerKind, string ownerId, string jurisdiction, string uploadedBy, DateTime at)
    {
        var file = new StoredFile
        {
            Id = Guid.NewGuid(), OwnerKind = ownerKind, OwnerId = ownerId, JurisdictionCode = jurisdiction, FileName = upload.FileName,
            ContentType = upload.Type.ContentType, Size = upload.Content.LongLength, Sha256 = upload.Sha256, UploadedBy = uploadedBy, UploadedAt = at,
        };
        db.Set<StoredFile>().Add(file);
        db.Set<StoredFileContent>().Add(new StoredFileContent { Id = file.Id, Content = upload.Content });
        return file;
    }

    /// <summary>The files of several records of one kind at once (a page of inspections), by owner id.</summary>
    public static async Task<ILookup<string, StoredFileInfo>> ListAsync(FrontlineDb db, string ownerKind, IReadOnlyCollection<string> ownerIds, CancellationToken ct)
    {
        if (ownerIds.Count == 0) return Array.Empty<StoredFileInfo>().ToLookup(_ => "");
        var rows = await db.Set<StoredFile>().AsNoTracking().Where(f => f.OwnerKind == ownerKind && ownerIds.Contains(f.OwnerId))
            .OrderBy(f => f.UploadedAt).ThenBy(f => f.FileName).ToListAsync(ct);
        return rows.ToLookup(f => f.OwnerId, Info);
    }

    public static StoredFileInfo Info(StoredFile f) => new(f.Id, f.FileName, f.ContentType, f.Size, ChinaTime.ToChina(f.UploadedAt), f.UploadedBy);

    /// <summary>A stored file's owner, so that its module can decide whether the caller may read it before anything is sent.</summary>
    public async Task<StoredFile?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Set<StoredFile>().AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);
    }

    /// <summary>
    /// Serves a file whose owner the caller may read (the module has checked) and audits the download. Sent as an
    /// attachment with its recognised type and <c>nosniff</c>: a browser never runs an uploaded file as a page.
    /// </summary>
    public async Task<IResult> DownloadAsync(Caller caller, StoredFile file, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var content = await db.Set<StoredFileContent>().AsNoTracking().Where(c => c.Id == file.Id).Select(c => c.Content).FirstOrDefaultAsync(ct);
        if (content is null) throw new NotFoundException("file");
        db.Audit.Add(audit.Entry(caller, FileAuditActions.Download, $"file:{file.Id}", file.JurisdictionCode, null,
            new { owner = $"{file.OwnerKind}:{file.OwnerId}", name = file.FileName, size = file.Size }));
        await db.SaveChangesAsync(ct);
        return new AttachmentResult(content, file.ContentType, file.FileName);
    }

    /// <summary>The file's type by its first bytes; Office files by the main part their package must have.</summary>
    public static FileType? Recognise(byte[] bytes)
    {
        ReadOnlySpan<byte> b = bytes;
        if (b.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return FileRules.Jpeg;
        if (b.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return FileRules.Png;
        if (b.Length >= 12 && b[..4].SequenceEqual("RIFF"u8) && b[8..12].SequenceEqual("WEBP"u8)) return FileRules.Webp;
        if (b.StartsWith("%PDF-"u8)) return FileRules.Pdf;
        if (b.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04])) return OfficePackage(bytes);
        return null;
    }

    /// <summary>Only the zip's directory is read (no part is unpacked), so a crafted archive costs nothing here.</summary>
    static FileType? OfficePackage(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            if (!names.Contains("[Content_Types].xml")) return null;
            if (names.Contains("word/document.xml")) return FileRules.Docx;
            if (names.Contains("xl/workbook.xml")) return FileRules.Xlsx;
            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    sealed class AttachmentResult(byte[] content, string contentType, string fileName) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            http.Response.Headers[HeaderNames.CacheControl] = "private, no-store";
            return TypedResults.File(content, contentType, fileName).ExecuteAsync(http);
        }
    }
}

public static class FileAuditActions
{
    public const string Download = "file.download";
}

/// <summary>The file store's words.</summary>
static class FilesVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Platform.Files",
        Errors = new Dictionary<string, Words>
        {
            ["file-too-large"] = new("文件“{0}”过大（每个文件最多 {1} MB）", "The file {0} is too large (at most {1} MB each)"),
            ["file-empty"] = new("文件“{0}”是空的", "The file {0} is empty"),
            ["file-type-not-allowed"] = new("文件“{0}”的类型不允许，只接受：{1}", "The file {0} is of a type not accepted here; accepted: {1}"),
            ["too-many-files"] = new("文件过多（最多 {0} 个）", "Too many files (at most {0})"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["file"] = new("该文件", "File"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [FileAuditActions.Download] = new("下载附件", "Attachment downloaded"),
        },
    };
}

public static class FilesRegistration
{
    public static IServiceCollection AddStoredFiles(this IServiceCollection services) => services
        .AddVocabulary(FilesVocabulary.Words)
        .AddScoped<StoredFiles>();
}
