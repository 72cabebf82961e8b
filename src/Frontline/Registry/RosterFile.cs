using Frontline.Platform;

namespace Frontline.Registry;

/// <summary>
/// A roster as a file: the columns the import reads, by their Chinese headers or English names. Reading it is
/// Platform's <see cref="SpreadsheetFile"/>.
/// </summary>
public static class RosterFile
{
    public static readonly SpreadsheetColumns Columns = new(
        new("name", true, "姓名", "name"),
        new("docType", false, "证件类型", "doctype", "doc_type"),
        new("idNumber", true, "证件号码", "身份证号码", "身份证号", "idnumber", "id_number"),
        new("phone", false, "手机号码", "手机号", "联系电话", "phone"),
        new("community", true, "社区", "所属社区", "community"),
        new("building", true, "楼栋", "楼栋号", "building"),
        new("room", false, "房号", "房间号", "room"),
        new("residentType", false, "人员类型", "residenttype", "resident_type"),
        new("note", false, "备注", "note"))
    {
        MissingName = c => $"{c.Headers[0]}/{c.Field}",
    };
}
