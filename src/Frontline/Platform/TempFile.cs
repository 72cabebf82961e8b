namespace Frontline.Platform;

/// <summary>A temporary file deleted when disposed: uploads are spooled to disk so a large roster never sits in memory.</summary>
public sealed class TempFile : IAsyncDisposable
{
    public string Path { get; }
    public FileStream Stream { get; }

    TempFile(string path)
    {
        Path = path;
        Stream = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    public static TempFile Create() => new(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"frontline-{Guid.NewGuid():N}.tmp"));

    public ValueTask DisposeAsync() => Stream.DisposeAsync();
}
