namespace Frontline.Platform;

public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string SignOut = "sign-out";
    public const string TokensRevoked = "tokens-revoked";
    public const string TokenIssued = "token-issued";
    public const string PiiView = "pii.view";
    public const string Export = "export";
    public const string PolicyActivate = "policy.activate";
    public const string Seed = "seed";
    public const string UserCreate = "user.create";
    public const string ScheduledWorkRun = "scheduled-work.run";
}

/// <summary>Platform's own words: errors any module may answer with, its audit actions, its pages.</summary>
static class PlatformVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Platform",
        Errors = new Dictionary<string, Words>
        {
            ["missing-field"] = new("缺少必填项：{0}", "Required field is missing: {0}"),
            ["field-too-long"] = new("{0}过长（最多 {1} 个字符）", "{0} is too long (at most {1} characters)"),
            ["invalid-characters"] = new("{0}含有不允许的字符（控制字符、不可见字符或文字方向控制符）",
                "{0} contains characters that are not allowed (control, invisible or text-direction characters)"),
            ["invalid-field"] = new("{0}不正确", "{0} is not valid"),
            ["invalid-kind"] = new("类型无法识别：{0}", "Unknown kind: {0}"),
            ["duplicate-code"] = new("代码已存在：{0}", "Code already exists: {0}"),
            ["invalid-file"] = new("无法读取文件：{0}", "The file cannot be read: {0}"),
            ["unsupported-file-type"] = new("只支持 .xlsx 和 .csv 文件", "Only .xlsx and .csv files are supported"),
            ["missing-column"] = new("表头缺少必填列：{0}", "The header lacks a required column: {0}"),
            ["empty-file"] = new("文件中没有数据行", "The file has no data rows"),
            ["cell-too-long"] = new("单元格过长（{0:N0} 个字符，最多 {1:N0} 个），该行未导入", "The cell is too long ({0:N0} characters, at most {1:N0}); the row was not taken"),
            ["row-too-long"] = new("该行过长（最多 {0} 列、共 {1:N0} 个字符），未导入", "The row is too long (at most {0} columns and {1:N0} characters in all); it was not taken"),
            ["invalid-credentials"] = new("用户名或密码错误", "Wrong user name or password"),
            ["locked-out"] = new("登录失败次数过多，请 {0} 秒后再试", "Too many failed sign-ins; try again in {0} s"),
            ["invalid-form-token"] = new("页面已过期，请刷新后重试", "The page has expired; reload it and try again"),
            ["invalid-json"] = new("请求内容无法解析：字段 {0} 的格式或类型不正确", "The request body cannot be read: field {0} has the wrong format or type"),
            ["invalid-request"] = new("请求参数不正确：{0}", "The request is not valid: {0}"),
            ["invalid-paging"] = new("分页参数 {0} 不正确：page 为从 1 起的整数，pageSize 为 1 到 {1} 的整数",
                "Paging parameter {0} is not valid: page is a whole number from 1, pageSize a whole number from 1 to {1}"),
            ["invalid-parameter"] = new("参数 {0} 的值无法识别：{1}", "The value of parameter {0} cannot be read: {1}"),
            ["unknown-endpoint"] = new("没有这个接口：{0}", "No such endpoint: {0}"),
            ["method-not-allowed"] = new("该接口不接受 {0} 请求，可用的方法：{1}", "This endpoint does not take {0}; it takes {1}"),
            ["batch-too-large"] = new("一批最多 {0} 条", "At most {0} items a batch"),
            ["invalid-item"] = new("该条为空或格式不正确，已拒收", "This item is empty or malformed: refused"),
            ["database-busy"] = new("系统繁忙，请 {0} 秒后重试（数据未丢失）", "The database is busy; retry in {0} s (nothing was lost)"),
            ["too-many-requests"] = new("请求过于频繁，请 {0} 秒后再试", "Too many requests; try again in {0} s"),
            ["not-found"] = new("找不到{0}", "{0} not found"),
            ["reason-required"] = new("请填写查看原因", "Give the reason for this view"),
            ["unknown-policy-set"] = new("找不到政策版本：{0}", "No such policy set: {0}"),
            ["forbidden"] = new("您没有执行此操作的权限", "You do not have the permission for this"),
            ["unauthenticated"] = new("请先登录", "Sign in first"),
            ["internal-error"] = new("服务器内部错误，已记录，请稍后重试", "Internal error; it has been logged, please retry"),
            ["unknown-jurisdiction"] = new("找不到辖区：{0}", "No such jurisdiction: {0}"),
            ["migrations-pending"] = new("数据库尚未完成升级：{0}", "Database migrations are pending: {0}"),
            ["database-unreachable"] = new("无法连接数据库：{0}", "The database cannot be reached: {0}"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["field:name"] = new("名称", "Name"),
            ["field:note"] = new("备注", "Note"),
            ["field:reason"] = new("原因", "Reason"),
            ["field:status"] = new("状态", "Status"),
            ["field:state"] = new("状态", "Status"),
            ["field:kind"] = new("类型", "Kind"),
            ["field:type"] = new("类型", "Kind"),
            ["field:file"] = new("文件", "File"),
            ["field:from"] = new("起始时间", "Start"),
            ["field:to"] = new("截止时间", "End"),
            ["field:q"] = new("搜索词", "Search text"),
            ["field:sort"] = new("排序方式", "Sort order"),
            ["field:phone"] = new("联系电话", "Phone"),
            ["field:text"] = new("内容", "Text"),
            ["field:title"] = new("标题", "Title"),
            ["field:level"] = new("级别", "Level"),
            ["field:urgency"] = new("紧急程度", "Urgency"),
            ["field:clientKey"] = new("提交标识", "Submission key"),
            ["field:eventId"] = new("记录编号", "Record number"),
            ["field:personId"] = new("人员", "Person"),
            ["field:idNumber"] = new("证件号码", "ID number"),
            ["field:address"] = new("地址", "Address"),
            ["field:code"] = new("编码", "Code"),
            ["field:jurisdiction"] = new("辖区", "Jurisdiction"),
            ["field:communityCode"] = new("社区", "Community"),
            ["field:community"] = new("社区", "Community"),
            ["field:building"] = new("楼栋", "Building"),
            ["field:room"] = new("房号", "Room"),
            ["field:floor"] = new("楼层", "Floor"),
            ["field:lastExposureAt"] = new("末次暴露时间", "Last exposure"),
            ["field:action"] = new("操作", "Action"),
            ["field:date"] = new("日期", "Date"),
            [""] = new("该记录", "Record"),
            ["user"] = new("该用户", "User"),
            ["scheduled-work"] = new("该定时任务", "Scheduled work"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [AuditActions.SignIn] = new("登录", "Sign-in"),
            [AuditActions.SignInFailed] = new("登录失败", "Failed sign-in"),
            [AuditActions.SignOut] = new("退出登录", "Sign-out"),
            [AuditActions.TokensRevoked] = new("吊销用户的登录会话和接口令牌", "User's sessions and API tokens revoked"),
            [AuditActions.TokenIssued] = new("签发接口令牌", "API token issued"),
            [AuditActions.PiiView] = new("查看完整个人信息", "Unmasked personal data"),
            [AuditActions.Export] = new("导出", "Export"),
            [AuditActions.PolicyActivate] = new("启用防控政策", "Policy set activated"),
            [AuditActions.Seed] = new("演示数据初始化", "Demo seed"),
            [AuditActions.UserCreate] = new("创建用户", "User created"),
            [AuditActions.ScheduledWorkRun] = new("立即执行定时任务", "Scheduled work run now"),
        },
        MenuGroup = MenuGroup.Platform,
        Menu =
        [
            new("/policy", new("防控政策", "Policy set"), Permissions.PolicyRead, 900),
            new("/audit", new("审计日志", "Audit log"), Permissions.AuditRead, 910),
        ],
    };
}
