using Frontline.Platform;

namespace Frontline.Command.Staff;

public static class StaffPermissions
{
    /// <summary>See the deployed cadres of one's jurisdiction, their duty days, care and workload.</summary>
    public const string Read = "staff.read";
    /// <summary>Register cadres, deploy them, end deployments, record rest days and care, import a roster.</summary>
    public const string Manage = "staff.manage";
}

public static class StaffAuditActions
{
    public const string Register = "staff.register";
    public const string Deploy = "staff.deploy";
    public const string EndDeployment = "staff.end-deployment";
    public const string RestDay = "staff.rest-day";
    public const string Care = "staff.care";
    public const string Import = "staff.import";
}

/// <summary>The words of staff deployment and care (下沉干部).</summary>
static class StaffVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Command.Staff",
        Errors = new Dictionary<string, Words>
        {
            ["staff-phone-taken"] = new("手机号已登记为另一名干部", "The phone number is already registered for another cadre"),
            ["unknown-user"] = new("找不到账号：{0}", "No such user account: {0}"),
            ["deployment-place-required"] = new("请填写下沉的社区/指挥部（jurisdiction）或专班（taskForce）", "Give the community or command (jurisdiction) or the task force (taskForce)"),
            ["unknown-task-force"] = new("专班无法识别：{0}", "Unknown task force: {0}"),
            ["deployment-ends-before-start"] = new("结束日期不能早于开始日期", "The end date may not be before the start date"),
            ["deployment-overlaps"] = new("该干部在 {0} 起已有一段部署，时间不能重叠", "The cadre already has a deployment from {0}; deployments may not overlap"),
            ["deployment-already-ended"] = new("该部署已于 {0} 结束", "The deployment already ended on {0}"),
            ["rest-day-taken"] = new("{0} 已登记为轮休日", "{0} is already recorded as a rest day"),
            ["not-on-duty-that-day"] = new("该干部 {0} 没有部署，无需登记轮休", "The cadre has no deployment on {0}; no rest day to record"),
            ["invalid-care-kind"] = new("关爱类型应为 visit（走访慰问）、supplies（物资）、counselling（心理疏导）或 rest-arranged（安排休息）",
                "The care kind must be visit, supplies, counselling or rest-arranged"),
            ["care-in-future"] = new("关爱时间不能晚于当前时间", "The care may not be recorded in the future"),
            ["invalid-period"] = new("统计区间不正确：开始日期不能晚于结束日期，最长 {0} 天", "The period is not valid: from must not be after to, at most {0} days"),
            ["invalid-date"] = new("{0}不是有效日期（应为 yyyy-MM-dd）", "{0} is not a valid date (yyyy-MM-dd)"),
            ["duplicate-phone-in-file"] = new("与本文件第 {0} 行的手机号重复", "Same phone number as row {0} of this file"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["field:staffId"] = new("干部", "Cadre"),
            ["field:organisation"] = new("派出单位", "Organisation"),
            ["field:userName"] = new("账号", "Account"),
            ["field:role"] = new("职务", "Role"),
            ["field:place"] = new("地点", "Place"),
            ["staff"] = new("该干部", "Cadre"),
            ["deployment"] = new("该部署", "Deployment"),
            ["name"] = new("姓名", "name"),
            ["organisation"] = new("派出单位", "organisation"),
            ["phone"] = new("手机号", "phone"),
            ["role"] = new("岗位", "role"),
            ["from"] = new("开始日期", "start date"),
            ["to"] = new("结束日期", "end date"),
            ["date"] = new("日期", "date"),
            ["care-visit"] = new("走访慰问", "Visit"),
            ["care-supplies"] = new("物资", "Supplies"),
            ["care-counselling"] = new("心理疏导", "Counselling"),
            ["care-rest-arranged"] = new("安排休息", "Rest arranged"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [StaffAuditActions.Register] = new("登记下沉干部", "Cadre registered"),
            [StaffAuditActions.Deploy] = new("部署下沉干部", "Cadre deployed"),
            [StaffAuditActions.EndDeployment] = new("结束部署", "Deployment ended"),
            [StaffAuditActions.RestDay] = new("登记轮休", "Rest day recorded"),
            [StaffAuditActions.Care] = new("关心关爱记录", "Care recorded"),
            [StaffAuditActions.Import] = new("导入下沉干部名册", "Cadre roster imported"),
        },
        MenuGroup = MenuGroup.Command,
        Menu =
        [
            new("/command/staff", new("下沉干部", "Deployed cadres"), StaffPermissions.Read, 640),
        ],
    };
}
