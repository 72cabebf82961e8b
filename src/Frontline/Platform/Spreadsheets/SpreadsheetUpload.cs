using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;

namespace Frontline.Platform;

/// <summary>An uploaded spreadsheet as every importer's endpoint takes it: present, of a kind the reader knows, spooled to disk.</summary>
public static class SpreadsheetUpload
{
    /// <summary>
    /// The upload checked (<c>missing-field</c>, <c>unsupported-file-type</c>) and copied to a temp file, rewound: a file of
    /// hundreds of megabytes never sits in memory, and the importer may read it twice.
    /// </summary>
    public static async Task<TempFile> SpoolAsync([NotNull] IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0) throw new DomainException("missing-field", field: "file", args: "file");
        if (SpreadsheetFile.KindOf(file.FileName) is null) throw new DomainException("unsupported-file-type", field: "file");
        var temp = TempFile.Create();
        try
        {
            await file.CopyToAsync(temp.Stream, ct);
            temp.Stream.Position = 0;
            return temp;
        }
        catch
        {
            await temp.DisposeAsync();
            throw;
        }
    }
}
