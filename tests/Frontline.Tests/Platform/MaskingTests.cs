using Frontline.Platform;

namespace Frontline.Tests.Platform;

public class MaskingTests
{
    [Theory]
    [InlineData("440306199001011235", "440306********1235")]
    [InlineData("E12345678", "E1*****78")]
    [InlineData("1234", "****")]
    [InlineData(null, null)]
    public void Id_masking(string? raw, string? masked) => Assert.Equal(masked, Masking.IdNumber(raw));

    [Theory]
    [InlineData("13812345678", "138****5678")]
    [InlineData(null, null)]
    public void Phone_masking(string? raw, string? masked) => Assert.Equal(masked, Masking.Phone(raw));

    [Theory]
    [InlineData("2单元502", "***")]
    [InlineData("", "")]
    [InlineData(null, null)]
    public void Room_masking(string? raw, string? masked) => Assert.Equal(masked, Masking.Room(raw));

    [Theory]
    [InlineData("张三", "张*")]
    [InlineData("王小明", "王**")]
    [InlineData("欧阳小明", "欧***")]
    [InlineData("阿依古丽·买买提", "阿*******")]
    [InlineData("李", "李")]
    [InlineData("𠮷野家", "𠮷**")]
    [InlineData("王𠮷", "王*")]
    [InlineData("Zhang San", "Z********")]
    [InlineData("", "")]
    [InlineData(null, null)]
    public void Name_masking_keeps_the_first_character_and_stars_the_rest(string? raw, string? masked) => Assert.Equal(masked, Masking.Name(raw));
}
