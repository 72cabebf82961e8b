using System.Net.Http.Json;
using System.Collections.Concurrent;
using Frontline.Tests.Support;

namespace Frontline.Tests.Security;

/// <summary>
/// Each side's command records for the requests and notices rows of the matrix: two resident requests of the side's
/// community (one the probes accept and note, one they close), and a notice from the district to the side's street and to
/// the hotline operators (so every caller whose jurisdiction holds the side answers for one of its units or sent it),
/// with one attachment.
/// </summary>
public static class MessagingMatrixRecords
{
    public sealed record Records(string RequestId, string ClosableRequestId, string NoticeId, string NoticeFileId);

    // Keyed by the side itself: the SQLite and PostgreSQL matrices run in one process with sides of the same community.
    static readonly ConcurrentDictionary<MatrixSide, Records> BySide = new(ReferenceEqualityComparer.Instance);

    public static Records Of(MatrixSide side) => BySide[side];

    static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"u8.ToArray();

    public static async Task FillAsync(HttpClient admin, MatrixSide side)
    {
        object Request() => new
        {
            kind = "medicine", urgency = "normal", address = side.Name + "矩阵诉求地址1号", communityCode = side.Community, phone = TestData.NewPhone(), text = "矩阵诉求",
        };
        var request = await MatrixRecords.CreatedAsync(admin, "/api/requests", Request());
        var closable = await MatrixRecords.CreatedAsync(admin, "/api/requests", Request());
        var street = side.Community[..9] + "000";
        var notice = await admin.PostAsJsonAsync("/api/notices", new
        {
            title = side.Name + "矩阵通知", text = "矩阵通知正文", recipients = new[] { street, "role:hotline-operator" },
            attachments = new[] { new { fileName = "矩阵附件.pdf", content = Pdf } },
        });
        Assert.True(notice.StatusCode == System.Net.HttpStatusCode.Created, await notice.Content.ReadAsStringAsync());
        var body = await notice.Body();
        BySide[side] = new(request, closable, body.Str("id"), body.GetProperty("attachmentIds")[0].GetString()!);
    }
}
