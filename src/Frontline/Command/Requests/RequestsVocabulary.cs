using Frontline.Platform;

namespace Frontline.Command.Requests;

public static class RequestPermissions
{
    /// <summary>Log a resident's request (the hotline, a community worker).</summary>
    public const string Write = "requests.write";
    /// <summary>Accept, note progress on and close the requests of one's jurisdiction (the community).</summary>
    public const string Handle = "requests.handle";
    /// <summary>See the requests of one's jurisdiction.</summary>
    public const string Read = "requests.read";
}

public static class RequestAuditActions
{
    public const string Log = "request.log";
    public const string Accept = "request.accept";
    public const string Progress = "request.progress";
    public const string Close = "request.close";
}

/// <summary>The resident requests' words (民生诉求).</summary>
static class RequestsVocabulary
{
    public static readonly IReadOnlyDictionary<string, Words> Kinds = new Dictionary<string, Words>
    {
        [RequestKinds.Medicine] = new("买药", "Medicine"),
        [RequestKinds.Dialysis] = new("透析", "Dialysis"),
        [RequestKinds.Pregnancy] = new("孕产", "Pregnancy"),
        [RequestKinds.Food] = new("生活物资", "Food and supplies"),
        [RequestKinds.ElderlyCare] = new("老人照护", "Elderly care"),
        [RequestKinds.Complaint] = new("投诉", "Complaint"),
        [RequestKinds.PublicOpinion] = new("舆情", "Public opinion"),
    };

    public static Words KindLabel(string kind) => Kinds.TryGetValue(kind, out var w) ? w : new(kind, kind);

    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Command.Requests",
        Errors = new Dictionary<string, Words>
        {
            ["request-address-unreachable"] = new("无法从地址确定所属社区：请选择社区或登记的楼栋", "The address names no community or registered building: choose the community"),
            ["request-address-ambiguous"] = new("地址可能属于多个社区：请选择社区", "The address could be in several communities: choose the community"),
            ["request-unknown-building"] = new("找不到楼栋：{0}", "No such building: {0}"),
            ["request-building-elsewhere"] = new("该楼栋不在所选社区", "The building is not in the chosen community"),
            ["request-invalid-phone"] = new("电话号码不正确（手机号或带区号的固定电话）", "Not a valid phone number (a mobile, or a landline with its area code)"),
            ["request-closed"] = new("该诉求已办结", "The request is already closed"),
            ["request-key-taken"] = new("该请求编号已被使用", "The client key is already used"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["field:buildingId"] = new("楼栋", "Building"),
            ["request"] = new("该诉求", "Request"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [RequestAuditActions.Log] = new("登记民生诉求", "Resident request logged"),
            [RequestAuditActions.Accept] = new("受理民生诉求", "Resident request accepted"),
            [RequestAuditActions.Progress] = new("民生诉求进展", "Resident request progress"),
            [RequestAuditActions.Close] = new("办结民生诉求", "Resident request closed"),
        },
        MenuGroup = MenuGroup.Command,
        Menu =
        [
            new("/requests/new", new("诉求登记", "Log a request"), RequestPermissions.Write, 640),
            new("/requests", new("民生诉求", "Resident requests"), RequestPermissions.Read, 641),
        ],
    };
}
