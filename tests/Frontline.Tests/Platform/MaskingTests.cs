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

    [Theory]
    [InlineData("18500064456", "185****4456")]
    [InlineData("+86 185 0006 4456", "185****4456")]
    [InlineData("0086-185-0006-4456", "185****4456")]
    [InlineData("回访 18500064456 无人接听", "回访 185****4456 无人接听")]
    [InlineData("440306199001011235", "440306********1235")]
    [InlineData("44030619900101123x", "440306********123x")]
    [InlineData("440306 19900101 1235", "440306********1235")]
    [InlineData("证件440306199001011235，电话13812345678", "证件440306********1235，电话138****5678")]
    [InlineData("440306900101123", "44***********23")]         // a 15-digit resident ID of the old cards
    [InlineData("E12345678", "E1*****78")]                    // a passport
    [InlineData("H1234567890", "H1*******90")]                // a Hong Kong / Macau permit
    // What is no document stays: jurisdiction codes, record ids, dates, counts, import ids, masked numbers.
    [InlineData("440306005002", "440306005002")]
    [InlineData("person:123456", "person:123456")]
    [InlineData("2022-05-01T08:00:00Z", "2022-05-01T08:00:00Z")]
    [InlineData("3f2a9c0d1e8b4a7f9c6d5e4b3a291807", "3f2a9c0d1e8b4a7f9c6d5e4b3a291807")]
    [InlineData("138****5678", "138****5678")]
    [InlineData("440306********1235", "440306********1235")]
    [InlineData("12345678901234567890", "12345678901234567890")]
    [InlineData(null, null)]
    public void Text_masks_every_document_and_phone_in_it(string? raw, string? masked) => Assert.Equal(masked, Masking.Text(raw));

    [Fact]
    public void Json_masks_its_strings_and_keeps_its_numbers_and_shape()
    {
        Assert.Equal("""{"q":"185****4456","page":1,"ids":["12","34"]}""", Masking.Json("""{"q":"18500064456","page":1,"ids":["12","34"]}"""));
        Assert.Equal("""{"note":["440306********1235"],"n":{"phone":18500064456}}""",
            Masking.Json("""{"note":["440306199001011235"],"n":{"phone":18500064456}}"""));
        var untouched = """{ "from": "440306005002", "to": "440306001001" }""";
        Assert.Same(untouched, Masking.Json(untouched));
        Assert.Equal("\"185****4456\"", Masking.Json("\"18500064456\""));
        Assert.Equal("not json 185****4456 }", Masking.Json("not json 18500064456 }"));
    }
}
