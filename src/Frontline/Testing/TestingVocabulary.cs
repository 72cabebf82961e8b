using Frontline.Platform;

namespace Frontline.Testing;

public static class TestingPermissions
{
    public const string Sample = "testing.sample";
    public const string Result = "testing.result";
    public const string Manage = "testing.manage";
    public const string Read = "testing.read";
    /// <summary>Decide between conflicting lab results of a tube.</summary>
    public const string Review = "testing.review";
}

public static class TestingAuditActions
{
    public const string RoundCreate = "round.create";
    public const string RoundClose = "round.close";
    public const string SiteCreate = "site.create";
    public const string SiteUpdate = "site.update";
    public const string Exempt = "testing.exempt";
    public const string ResultReview = "testing.result-review";
    /// <summary>A batch of lab results (the API's or a file's chunk): one entry per community its tubes belong to.</summary>
    public const string Results = "testing.results";
}

/// <summary>Mass testing's words: its error codes, the words of lab outcomes, its audit actions and pages.</summary>
static class TestingVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Testing",
        Errors = new Dictionary<string, Words>
        {
            ["unmask-grant-invalid"] = new("完整号码的查看授权已失效或不属于本名单，请重新填写查看原因", "The grant to see full numbers has expired or is not for this list; give the reason again"),
            ["unknown-round"] = new("找不到该轮次", "No such testing round"),
            ["round-closed"] = new("采样时间不在本轮次时间范围内，或轮次已结束", "Collected outside the round's window, or the round is closed"),
            ["unknown-site"] = new("找不到该采样点，或不在您的辖区", "No such sampling site in your jurisdiction"),
            ["site-outside-round"] = new("该采样点不在本轮次的检测范围内", "This sampling site is outside the round's scope"),
            ["person-outside-round"] = new("此人不属于本轮次的检测范围，请到其所在社区的采样点采样",
                "This person is outside the round's scope: sample them at a site of their own community"),
            ["unknown-person"] = new("该证件号码未登记；请补充姓名和手机号码后重新上传", "This document number is not registered; add name and phone and send again"),
            ["tube-full"] = new("该采样管已满，请换新管", "This tube is full; start a new tube"),
            ["tube-in-other-round"] = new("该采样管属于其他轮次，请换新管", "This tube belongs to another round; use a new tube"),
            ["already-sampled"] = new("此人本轮已采样，无需重复采样", "Already sampled in this round"),
            ["tube-resulted"] = new("该采样管已出结果，不能再采入", "This tube already has a result; use a new tube"),
            ["retest-needs-single-tube"] = new("此人待单管复核，请使用单采管（1人1管）", "This person is due an individual re-test: use a single tube"),
            ["invalid-pool-size"] = new("混采人数只能是 1、5、10 或 20", "Pool size must be 1, 5, 10 or 20"),
            ["unknown-tube"] = new("找不到该采样管（或不属于该轮次、不在您的辖区）", "No such tube in this round and your jurisdiction"),
            ["conflicting-result"] = new("该管已有不同结果（{0}），本结果已保留、未覆盖，请在“结果冲突处理”中核实决定",
                "The tube already has another result ({0}); this one is kept, not applied: decide it under Conflicting results"),
            ["invalid-outcome"] = new("检测结果应为阴性、阳性或无效", "Outcome must be negative, positive or invalid"),
            ["invalid-ct"] = new("Ct 值不正确（应为 0–50 的数字）", "Ct value must be a number from 0 to 50"),
            ["inconsistent-ct"] = new("检测结果与 Ct 值不一致，请核对", "The outcome contradicts its Ct values; check the result"),
            ["export-too-large"] = new("{0} 行超过导出上限 {1}，请选择街道或社区后导出", "{0} rows exceed the export limit of {1}; choose a street or community"),
            ["unknown-sampler"] = new("以下账号不是可在该社区采样的采样员：{0}", "Not sampler accounts that may work in this community: {0}"),
            ["team-too-large"] = new("一个采样点最多 {0} 名采样员", "At most {0} samplers a site"),
            ["unknown-lab"] = new("以下账号不是检测机构账号：{0}", "Not lab accounts: {0}"),
            ["already-reviewed"] = new("该冲突结果已有处理决定，请刷新列表", "This conflicting result has already been decided; reload the list"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["field:tubeCode"] = new("采样管编码", "Tube code"),
            ["field:collectedAt"] = new("采样时间", "Sampling time"),
            ["field:decision"] = new("处理决定", "Decision"),
            ["field:startsAt"] = new("开始时间", "Starts"),
            ["field:endsAt"] = new("截止时间", "Ends"),
            ["field:labs"] = new("检测机构", "Labs"),
            ["field:scope"] = new("检测范围", "Scope"),
            ["field:until"] = new("截止日期", "Until"),
            ["field:lab"] = new("检测机构", "Lab"),
            ["field:poolSize"] = new("混采人数", "Pool size"),
            ["field:collector"] = new("采样人", "Collector"),
            ["field:requester"] = new("检测任务来源", "Requester"),
            ["negative"] = new("阴性", "negative"),
            ["positive"] = new("阳性", "positive"),
            ["invalid"] = new("无效", "invalid"),
            ["pending"] = new("待出结果", "pending"),
            ["lab-result"] = new("该检测结果", "Lab result"),
            ["site"] = new("该采样点", "Sampling site"),
            ["round"] = new("该轮次", "Testing round"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [TestingAuditActions.RoundCreate] = new("创建检测轮次", "Testing round created"),
            [TestingAuditActions.RoundClose] = new("结束检测轮次", "Testing round closed"),
            [TestingAuditActions.SiteCreate] = new("设立采样点", "Sampling site created"),
            [TestingAuditActions.SiteUpdate] = new("调整采样点", "Sampling site changed"),
            [TestingAuditActions.Exempt] = new("登记检测豁免", "Testing exemption recorded"),
            [TestingAuditActions.ResultReview] = new("检测结果冲突处理", "Conflicting result decided"),
            [TestingAuditActions.Results] = new("接收检测结果", "Lab results received"),
        },
        MenuGroup = MenuGroup.Testing,
        Menu =
        [
            new("/testing/rounds", new("轮次与覆盖", "Rounds and coverage"), TestingPermissions.Read, 200),
            new("/testing/sites", new("采样点", "Sampling sites"), TestingPermissions.Read, 210),
            new("/testing/results", new("检测结果上传", "Lab results"), TestingPermissions.Result, 220),
            new("/testing/reviews", new("结果冲突处理", "Conflicting results"), TestingPermissions.Review, 230),
            // The sampler's page is plain HTML outside the Blazor router: the browser loads it.
            new("/sampler/", new("采样员扫码采样", "Sampler's scanning page"), TestingPermissions.Sample, 240, FullPageLoad: true),
        ],
    };
}

/// <summary>The words the testing pages show for the module's codes (glossary of shared/domain-rules.md).</summary>
public static class TestingLabels
{
    public static string RoundState(string state) => state switch
    {
        "open" => Ui.T("进行中", "Open"),
        "planned" => Ui.T("未开始", "Planned"),
        "closed" => Ui.T("已结束", "Closed"),
        _ => state,
    };

    public static string RoundStateColor(string state) => state switch
    {
        "open" => "green",
        "planned" => "blue",
        _ => "default",
    };

    /// <summary>Pool sizes as samplers say them: 单采, 5混1, 10混1 (十混一), 20混1.</summary>
    public static string PoolSize(int size) => size == 1 ? Ui.T("单采", "Single tube") : Ui.T($"{size}混1", $"{size}-in-1 pool");

    public static string Outcome(string outcome) => ErrorCatalog.Word(outcome);

    public static string OutcomeColor(string outcome) => outcome switch
    {
        "negative" => "green",
        "positive" => "red",
        "invalid" => "orange",
        _ => "default",
    };

    public static string RetestReason(string reason) => reason switch
    {
        "positive-pool" => Ui.T("混管阳性", "Positive pool"),
        "invalid-tube" => Ui.T("采样管无效，需重采", "Invalid tube, re-sample"),
        "stay-test" => Ui.T("隔离期核酸检测", "Stay's test day"),
        _ => reason,
    };

    public static string RetestStatus(string status) => status switch
    {
        "due" => Ui.T("待复核", "Due"),
        "overdue" => Ui.T("已超时", "Overdue"),
        "done" => Ui.T("已复核采样", "Re-sampled"),
        _ => status,
    };

    /// <summary>
    /// Time left to a deadline as a person on the move reads it: 剩 2 小时 05 分, 剩 25 分, 已超时 1 小时 10 分 (minutes, never
    /// seconds: the page refreshes every few seconds, and a figure that flickers is not read).
    /// </summary>
    public static string Countdown(DateTimeOffset deadline, DateTimeOffset now)
    {
        var left = deadline - now;
        var late = left < TimeSpan.Zero;
        var minutes = (long)Math.Floor(Math.Abs(left.TotalMinutes));
        var (days, hours, mins) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
        var zh = days > 0 ? $"{days} 天 {hours} 小时" : hours > 0 ? $"{hours} 小时 {mins:00} 分" : $"{mins} 分";
        var en = days > 0 ? $"{days} d {hours} h" : hours > 0 ? $"{hours} h {mins:00} min" : $"{mins} min";
        return late ? Ui.T($"已超时 {zh}", $"{en} overdue") : Ui.T($"剩 {zh}", $"{en} left");
    }

    /// <summary>核酸检测任务的状态, as the sampler and the hotel's medical staff say them: 今日应检, 逾期未采, 已采待出结果 …</summary>
    public static string TestOrderStatus(string status) => status switch
    {
        "due" => Ui.T("今日应检", "Due today"),
        "overdue" => Ui.T("逾期未采", "Overdue, not sampled"),
        "planned" => Ui.T("未到检测日", "Not yet due"),
        "sampled" => Ui.T("已采，待出结果", "Sampled, result pending"),
        "negative" => Ui.T("阴性", "Negative"),
        "positive" => Ui.T("阳性", "Positive"),
        "invalid" => Ui.T("无效，需重采", "Invalid, re-sample"),
        "cancelled" => Ui.T("已取消", "Withdrawn"),
        _ => status,
    };

    public static string TestOrderStatusColor(string status) => status switch
    {
        "due" => "orange",
        "overdue" or "positive" => "red",
        "sampled" => "blue",
        "negative" => "green",
        "invalid" => "volcano",
        _ => "default",
    };

    public static string RetestStatusColor(string status) => status switch
    {
        "due" => "orange",
        "overdue" => "red",
        _ => "green",
    };
}

/// <summary>The hot tables' names, for the raw SQL of the ingest paths and for TableGrowth.</summary>
public static class TestingTables
{
    public const string Samples = "samples";
    public const string Tubes = "tubes";
    public const string LabResults = "lab_results";
}
