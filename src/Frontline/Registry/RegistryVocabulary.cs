using Frontline.Platform;

namespace Frontline.Registry;

public static class RegistryPermissions
{
    public const string Read = "registry.read";
    public const string Write = "registry.write";
    public const string Import = "registry.import";
    public const string Verify = "registry.verify";
    /// <summary>Draws the community's grids (网格): creates them, assigns their buildings, imports them from a file.</summary>
    public const string Grids = "registry.grids";
}

public static class RegistryAuditActions
{
    public const string PersonCreate = "person.create";
    public const string PersonVerify = "person.verify";
    /// <summary>A person moved to another community; one entry under each of the two.</summary>
    public const string PersonMove = "person.move";
    public const string RosterImport = "roster.import";
    public const string PlaceCreate = "place.create";
    public const string GridCreate = "grid.create";
    public const string GridBuildings = "grid.buildings";
    public const string GridImport = "grid.import";
}

/// <summary>The registry's words: its error codes, audit actions and pages.</summary>
static class RegistryVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Registry",
        Errors = new Dictionary<string, Words>
        {
            ["invalid-id-format"] = new("证件号码格式不正确", "The document number is not in a valid format"),
            ["invalid-id-checksum"] = new("身份证号码校验位不正确，请核对是否录错", "The resident ID checksum does not match; check for a typing error"),
            ["invalid-birth-date"] = new("身份证号码中的出生日期不存在或晚于今天", "The birth date in the resident ID is not a real past date"),
            ["invalid-phone"] = new("手机号码不正确（应为11位大陆手机号）", "Not a valid mainland mobile number (11 digits starting with 1)"),
            ["invalid-doc-type"] = new("证件类型无法识别：{0}", "Unknown document type: {0}"),
            ["invalid-resident-type"] = new("人员类型无法识别：{0}（应为户籍、常住或流动）", "Unknown resident type: {0} (registered, resident or floating)"),
            ["unknown-community"] = new("找不到社区：{0}", "No such community: {0}"),
            ["ambiguous-community"] = new("社区名称“{0}”有重名，请填写社区代码", "Community name \"{0}\" is shared by several communities; give its code"),
            ["out-of-scope"] = new("所涉社区不在您的管辖范围内", "The community concerned is outside your jurisdiction"),
            ["duplicate-in-file"] = new("与本文件第 {0} 行的证件号码重复", "Same document number as row {0} of this file"),
            // No name in these words: the registered person may live where the caller cannot see them.
            ["conflicts-with-existing"] = new("该证件号码已有登记，与所填人员信息不符", "This document number is already registered, and not as the person given here"),
            ["invalid-mode"] = new("导入模式应为 all-or-nothing 或 valid-rows", "Mode must be all-or-nothing or valid-rows"),
            ["invalid-verification"] = new("核查结果应为在住、已搬离或不在家", "The check result must be present, moved-out or absent"),
            ["invalid-grid-code"] = new("网格编码不正确：{0}（应为所属社区的12位代码加3位序号，如 440306005002001）",
                "Not a valid grid code: {0} (the community's 12 digits and a 3-digit number, e.g. 440306005002001)"),
            ["grid-community-mismatch"] = new("网格编码的前12位应为所属社区的代码 {0}", "The grid code's first 12 digits must be its community's code {0}"),
            ["no-such-building"] = new("该社区没有这个楼栋：{0}", "The community has no such building: {0}"),
            ["building-in-other-grid"] = new("楼栋“{0}”已属于网格 {1}（一栋楼只能属于一个网格，请先将其移出）",
                "Building \"{0}\" belongs to grid {1} (a building belongs to one grid at most; take it out of that one first)"),
            ["building-twice-in-file"] = new("与本文件第 {0} 行的楼栋重复", "Same building as row {0} of this file"),
            ["building-not-in-grid"] = new("楼栋“{0}”不在您的网格内", "Building \"{0}\" is not in your grid"),
            ["grid-name-conflict"] = new("同一网格编码的网格名称与第 {0} 行不一致", "The grid name differs from row {0} for the same grid code"),
            ["grid-name-differs"] = new("网格 {0} 已存在，名称为“{1}”", "Grid {0} exists already, named \"{1}\""),
            ["grid-worker-not-allowed"] = new("网格员只处理本网格的事务；划分网格和导入花名册请由社区办理",
                "A grid worker works their own grid; the community draws grids and imports rosters"),
            ["grid-scope-too-wide"] = new("请选择街道或社区查看网格", "Choose a street or a community to see its grids"),
            ["grid-changed"] = new("楼栋的网格划分刚被他人修改，请刷新后再试", "Someone has just changed these buildings' grids; reload and try again"),
            ["too-many-buildings"] = new("一个网格最多 {0} 栋楼", "A grid holds at most {0} buildings"),
            ["too-many-rows"] = new("文件超过 {0} 行，请分开导入", "The file has more than {0} rows; import it in parts"),
            ["invalid-event-id"] = new("核查记录编号不正确（1–64 位字母、数字、- 或 _）", "The tap's event id must be 1–64 letters, digits, '-' or '_'"),
            ["verification-changed"] = new("该人员的核查结果刚被他人更新，请刷新后再试", "Someone has just recorded another check of this person; reload and try again"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["field:personName"] = new("姓名", "Name"),
            ["field:taps"] = new("核查记录", "Check taps"),
            ["field:buildingIds"] = new("楼栋", "Buildings"),
            ["person"] = new("该人员", "Person"),
            ["building"] = new("该楼栋", "Building"),
            ["community"] = new("该社区", "Community"),
            ["import"] = new("该导入记录", "Import"),
            ["grid"] = new("该网格", "Grid"),
        },
        AuditActions = new Dictionary<string, Words>
        {
            [RegistryAuditActions.PersonCreate] = new("登记人员", "Person registered"),
            [RegistryAuditActions.PersonVerify] = new("入户核查", "Household check"),
            [RegistryAuditActions.PersonMove] = new("人员迁移（迁出/迁入社区）", "Person moved between communities"),
            [RegistryAuditActions.RosterImport] = new("花名册导入", "Roster import"),
            [RegistryAuditActions.PlaceCreate] = new("登记场所", "Place registered"),
            [RegistryAuditActions.GridCreate] = new("新建网格", "Grid created"),
            [RegistryAuditActions.GridBuildings] = new("调整网格楼栋", "Grid buildings assigned"),
            [RegistryAuditActions.GridImport] = new("网格导入", "Grid import"),
        },
        MenuGroup = MenuGroup.Registry,
        Menu =
        [
            new("/jurisdictions", new("辖区与人口", "Jurisdictions"), RegistryPermissions.Read, 100),
            new("/persons", new("人员查询", "Persons"), RegistryPermissions.Read, 110),
            new("/registry/import", new("花名册导入", "Roster import"), RegistryPermissions.Import, 120),
            new("/registry/verification", new("逐楼逐户排查", "Household verification"), RegistryPermissions.Verify, 130),
            new("/registry/grids", new("网格", "Grids"), RegistryPermissions.Read, 135),
        ],
    };
}

/// <summary>The words the pages show for the registry's codes (glossary of shared/domain-rules.md).</summary>
public static class RegistryLabels
{
    public static string Verification(string code) => code switch
    {
        "present" => Ui.T("在住", "Present"),
        "moved-out" => Ui.T("已搬离", "Moved out"),
        "absent" => Ui.T("不在家", "Absent"),
        _ => Ui.T("未核查", "Not checked"),
    };

    /// <summary>AntDesign preset tag colours, so a state reads the same on every page.</summary>
    public static string VerificationColor(string code) => code switch
    {
        "present" => "green",
        "moved-out" => "default",
        "absent" => "orange",
        _ => "blue",
    };

    /// <summary>A person's control as <see cref="PersonStatus.Control"/> gives it (glossary: 临时管控, 隔离, 病例).</summary>
    public static string Control(string code) => code switch
    {
        "temporary" => Ui.T("临时管控", "Temporary control"),
        "quarantine" => Ui.T("隔离中", "In quarantine"),
        "case" => Ui.T("病例", "Case"),
        _ => Ui.T("未管控", "Not under control"),
    };

    public static string ControlColor(string code) => code switch
    {
        "case" => "red",
        "quarantine" => "volcano",
        "temporary" => "orange",
        _ => "default",
    };

    /// <summary>A sample's outcome as the status gives it.</summary>
    public static string Outcome(string? code) => code switch
    {
        "negative" => Ui.T("阴性", "Negative"),
        "positive" => Ui.T("阳性", "Positive"),
        "invalid" => Ui.T("无效", "Invalid"),
        _ => Ui.T("待出结果", "Result pending"),
    };

    public static string OutcomeColor(string? code) => code switch
    {
        "negative" => "green",
        "positive" => "red",
        "invalid" => "gold",
        _ => "blue",
    };

    public static string ResidentType(string code) => code switch
    {
        "registered" => Ui.T("户籍", "Registered"),
        "resident" => Ui.T("常住", "Resident"),
        "floating" => Ui.T("流动", "Floating"),
        _ => code,
    };

    public static string DocType(string code) => code switch
    {
        "resident-id" => Ui.T("居民身份证", "Resident ID"),
        "passport" => Ui.T("护照", "Passport"),
        "hk-macau-permit" => Ui.T("港澳居民来往内地通行证", "Hong Kong/Macau permit"),
        "taiwan-permit" => Ui.T("台湾居民来往大陆通行证", "Taiwan permit"),
        _ => code,
    };

    public static string Level(string level) => level switch
    {
        "district" => Ui.T("区", "District"),
        "street" => Ui.T("街道", "Street"),
        "community" => Ui.T("社区", "Community"),
        "grid" => Ui.T("网格", "Grid"),
        _ => level,
    };
}
