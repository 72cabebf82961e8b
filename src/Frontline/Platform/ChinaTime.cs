using System.Globalization;

namespace Frontline.Platform;

/// <summary>Day boundaries and displayed times use Asia/Shanghai (UTC+8, no daylight saving); storage is UTC.</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);
    /// <summary>A wall-clock time read in China (a picker's value), whatever the server's own zone or the value's kind.</summary>
    public static DateTimeOffset FromChina(DateTime wallClock) => new(DateTime.SpecifyKind(wallClock, DateTimeKind.Unspecified), Offset);

    public static DateTimeOffset ToChina(this DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToOffset(Offset);
    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
    public static string Display(this DateTime utc) => utc.ToChina().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
