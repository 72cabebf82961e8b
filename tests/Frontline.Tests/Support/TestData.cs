using System.Text;
using Frontline.Registry;
using MiniExcelLibs;

namespace Frontline.Tests.Support;

/// <summary>Test-data builders: valid synthetic IDs and phones, rosters as CSV or XLSX.</summary>
public static class TestData
{
    public const string Hongxing = "440306005002";
    public const string Haiyu = "440306001001";
    public const string Songgang = "440306005000";
    public const string District = "440306000000";
    public static readonly string[] Header = ["姓名", "证件类型", "证件号码", "手机号码", "社区", "楼栋", "房号", "人员类型", "备注"];

    static int next = Random.Shared.Next(1, 400_000);

    /// <summary>A valid resident ID no other test will produce: area 440306, a birth date spread over decades, a fresh sequence.</summary>
    public static string NewResidentId(string area = "440306", DateOnly? born = null)
    {
        var n = Interlocked.Increment(ref next);
        var birth = born ?? new DateOnly(1950, 1, 1).AddDays(n / 1000 % 25_000 + 7 * (n % 1000 / 100));
        var first17 = $"{area}{birth:yyyyMMdd}{n % 1000:000}";
        return first17 + IdentityDocuments.CheckChar(first17);
    }

    /// <summary>The same ID with its check character wrong.</summary>
    public static string WithBadChecksum(string id)
    {
        var wrong = "10X98765432".First(c => c != id[17]);
        return id[..17] + wrong;
    }

    static int nextPhone = Random.Shared.Next(0, 80_000_000);

    /// <summary>A mobile number no other test of this run will produce (a random number per call could repeat one a search expects once).</summary>
    public static string NewPhone() => "139" + (10_000_000 + Interlocked.Increment(ref nextPhone) % 90_000_000);

    public static string[] Row(string name, string id, string? phone = null, string community = Hongxing, string building = "测试楼1栋",
        string room = "101", string docType = "居民身份证", string residentType = "常住", string note = "") =>
        [name, docType, id, phone ?? NewPhone(), community, building, room, residentType, note];

    public static byte[] Csv(IEnumerable<string?[]> rows, Encoding? encoding = null, bool bom = false, string[]? header = null)
    {
        var sb = new StringBuilder();
        sb.Append(string.Join(",", header ?? Header)).Append("\r\n");
        foreach (var row in rows) sb.Append(string.Join(",", row.Select(Quote))).Append("\r\n");
        encoding ??= new UTF8Encoding(false);
        var body = encoding.GetBytes(sb.ToString());
        return bom ? [.. Encoding.UTF8.GetPreamble(), .. body] : body;
    }

    static string Quote(string? cell) =>
        cell is null ? "" : cell.Contains(',') || cell.Contains('"') ? "\"" + cell.Replace("\"", "\"\"") + "\"" : cell;

    public static byte[] Xlsx(IEnumerable<string?[]> rows, string[]? header = null)
    {
        var h = header ?? Header;
        var data = rows.Select(r =>
        {
            var d = new Dictionary<string, object?>();
            for (var i = 0; i < h.Length; i++) d[h[i]] = i < r.Length ? r[i] : null;
            return d;
        }).ToList();
        using var stream = new MemoryStream();
        stream.SaveAs(data, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }

    public static MultipartFormDataContent Upload(byte[] content, string fileName)
    {
        var form = new MultipartFormDataContent();
        form.Add(new ByteArrayContent(content), "file", fileName);
        return form;
    }
}
