using Frontline.Registry;

namespace Frontline.Tests.Registry;

public class IdentityDocumentsTests
{
    static readonly DateOnly Today = new(2022, 3, 14);

    [Theory]
    // Valid: the published GB 11643 example and synthetic ones, lower-case x normalised to X.
    [InlineData("11010519491231002X", null, "11010519491231002X")]
    [InlineData("11010519491231002x", null, "11010519491231002X")]
    [InlineData("440306199001011234", "invalid-id-checksum", "440306199001011234")]
    [InlineData(" 110105194912310021 ", "invalid-id-checksum", "110105194912310021")]
    [InlineData("44030619900101123", "invalid-id-format", "44030619900101123")]
    [InlineData("4403061990010112345", "invalid-id-format", "4403061990010112345")]
    [InlineData("44030619900101123A", "invalid-id-format", "44030619900101123A")]
    [InlineData("4403061990O101123X", "invalid-id-format", "4403061990O101123X")]
    [InlineData("990306199001011234", "invalid-id-format", "990306199001011234")]
    [InlineData("440306199002301234", "invalid-birth-date", "440306199002301234")]
    [InlineData("440306199013011234", "invalid-birth-date", "440306199013011234")]
    [InlineData("440306202203151234", "invalid-birth-date", "440306202203151234")]
    [InlineData("440306188001011234", "invalid-birth-date", "440306188001011234")]
    [InlineData("", "missing-field", "")]
    [InlineData("   ", "missing-field", "")]
    public void Resident_ids(string raw, string? expected, string normalised)
    {
        Assert.Equal(expected, IdentityDocuments.Validate(DocType.ResidentId, raw, Today, out var n));
        Assert.Equal(normalised, n);
    }

    [Fact]
    public void Check_character_follows_iso_7064_mod_11_2()
    {
        Assert.Equal('X', IdentityDocuments.CheckChar("11010519491231002"));
        // 4·7+4·9+3·5+6·4+1·2+9·1+9·6+1·9+1·5+1·8+2·4+3·2 = 204; 204 mod 11 = 6 → '6'.
        Assert.Equal('6', IdentityDocuments.CheckChar("44030619900101123"));
        var valid = "44030619900101123" + IdentityDocuments.CheckChar("44030619900101123");
        Assert.Null(IdentityDocuments.ValidateResidentId(valid, Today));
    }

    [Fact]
    public void Birth_date_today_is_valid_and_tomorrow_is_not()
    {
        var today = "440306" + Today.ToString("yyyyMMdd") + "123";
        var tomorrow = "440306" + Today.AddDays(1).ToString("yyyyMMdd") + "123";
        Assert.Null(IdentityDocuments.ValidateResidentId(today + IdentityDocuments.CheckChar(today), Today));
        Assert.Equal("invalid-birth-date", IdentityDocuments.ValidateResidentId(tomorrow + IdentityDocuments.CheckChar(tomorrow), Today));
    }

    [Theory]
    [InlineData(DocType.Passport, "E12345678", null)]
    [InlineData(DocType.Passport, "g12345678", null)]
    [InlineData(DocType.Passport, "P1234", null)]
    [InlineData(DocType.Passport, "P12", "invalid-id-format")]
    [InlineData(DocType.Passport, "E1234567-8", "invalid-id-format")]
    [InlineData(DocType.Passport, "ABCDEFGHIJKLMNOPQR", "invalid-id-format")]
    [InlineData(DocType.HkMacauPermit, "H12345678", null)]
    [InlineData(DocType.HkMacauPermit, "M12345678", null)]
    [InlineData(DocType.HkMacauPermit, "H1234567890", null)]
    [InlineData(DocType.HkMacauPermit, "A12345678", "invalid-id-format")]
    [InlineData(DocType.HkMacauPermit, "H1234567", "invalid-id-format")]
    [InlineData(DocType.TaiwanPermit, "12345678", null)]
    [InlineData(DocType.TaiwanPermit, "1234567890", null)]
    [InlineData(DocType.TaiwanPermit, "1234567", "invalid-id-format")]
    [InlineData(DocType.TaiwanPermit, "T2345678", "invalid-id-format")]
    public void Other_documents(DocType type, string raw, string? expected) =>
        Assert.Equal(expected, IdentityDocuments.Validate(type, raw, Today, out _));

    [Theory]
    [InlineData("13812345678", null, "13812345678")]
    [InlineData("138 1234 5678", null, "13812345678")]
    [InlineData("138-1234-5678", null, "13812345678")]
    [InlineData("+8613812345678", null, "13812345678")]
    [InlineData("008613812345678", null, "13812345678")]
    [InlineData("8613812345678", null, "13812345678")]
    [InlineData("19912345678", null, "19912345678")]
    [InlineData("12812345678", "invalid-phone", "12812345678")]
    [InlineData("1381234567", "invalid-phone", "1381234567")]
    [InlineData("138123456789", "invalid-phone", "138123456789")]
    [InlineData("0755-27654321", "invalid-phone", "075527654321")]
    [InlineData("1381234567a", "invalid-phone", "1381234567a")]
    public void Mobile_numbers(string raw, string? expected, string normalised)
    {
        Assert.Equal(expected, IdentityDocuments.ValidatePhone(raw, out var n));
        Assert.Equal(normalised, n);
    }

    [Theory]
    [InlineData(null, DocType.ResidentId)]
    [InlineData("", DocType.ResidentId)]
    [InlineData("居民身份证", DocType.ResidentId)]
    [InlineData("身份证", DocType.ResidentId)]
    [InlineData("resident-id", DocType.ResidentId)]
    [InlineData("护照", DocType.Passport)]
    [InlineData("passport", DocType.Passport)]
    [InlineData("港澳居民来往内地通行证", DocType.HkMacauPermit)]
    [InlineData("hk-macau-permit", DocType.HkMacauPermit)]
    [InlineData("台湾居民来往大陆通行证", DocType.TaiwanPermit)]
    [InlineData("台胞证", DocType.TaiwanPermit)]
    [InlineData("驾驶证", null)]
    public void Document_types(string? text, DocType? expected) => Assert.Equal(expected, IdentityDocuments.ParseDocType(text));

    [Theory]
    [InlineData(null, ResidentType.Resident)]
    [InlineData("户籍", ResidentType.Registered)]
    [InlineData("常住", ResidentType.Resident)]
    [InlineData("流动", ResidentType.Floating)]
    [InlineData("floating", ResidentType.Floating)]
    [InlineData("暂住", null)]
    public void Resident_types(string? text, ResidentType? expected) => Assert.Equal(expected, IdentityDocuments.ParseResidentType(text));

    [Theory]
    [InlineData("1203", 12)]
    [InlineData("301", 3)]
    [InlineData("2单元502", 5)]
    [InlineData("B-1804", 18)]
    [InlineData("12", null)]
    [InlineData("地下室", null)]
    [InlineData(null, null)]
    public void Floor_from_room(string? room, int? floor) => Assert.Equal(floor, PersonRules.FloorOf(room));
}
