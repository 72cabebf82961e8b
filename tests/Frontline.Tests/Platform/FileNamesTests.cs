using Frontline.Platform;

namespace Frontline.Tests.Platform;

/// <summary>Issue 7, finding 14: an upload's name, and a name made of a record's text, fit to store, show and send back.</summary>
public class FileNamesTests
{
    [Theory]
    [InlineData("名单.xlsx", "名单.xlsx")]
    [InlineData("C:\\Users\\worker\\名单.xlsx", "C__Users_worker_名单.xlsx")]
    [InlineData("a\r\nX-Injected: 1.xlsx", "aX-Injected_ 1.xlsx")]
    [InlineData("report\u202Exslx.exe", "reportxslx.exe")]
    [InlineData("zero\u200Bwidth\u0000.csv", "zerowidth.csv")]
    [InlineData("\"quoted\" <name>|?*.csv", "_quoted_ _name____.csv")]
    [InlineData(" ..hidden. ", "hidden")]
    [InlineData("\r\n\u202E", "file")]
    [InlineData(null, "file")]
    public void A_file_name_is_made_safe_to_store_show_and_send_back(string? name, string safe) => Assert.Equal(safe, FileNames.Safe(name));

    [Fact]
    public void A_long_file_name_keeps_its_extension_and_an_uploads_path_is_dropped()
    {
        var safe = FileNames.Safe(new string('名', 300) + ".xlsx");
        Assert.Equal(FileNames.MaxLength, safe.Length);
        Assert.EndsWith("名.xlsx", safe, StringComparison.Ordinal);
        Assert.Equal("名单.xlsx", FileNames.OfUpload("C:\\Users\\worker\\名单.xlsx"));
        Assert.Equal("名单.xlsx", FileNames.OfUpload("../../etc/名单.xlsx"));
        Assert.Equal("😀😀", FileNames.Safe("😀😀😀", maxLength: 5));
    }
}
