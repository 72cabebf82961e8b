using Frontline.Platform;

namespace Frontline.Command.Dashboard;

public static class DashboardPermissions
{
    /// <summary>See the dashboard, the epidemic curve and the briefings of one's jurisdiction, and download them.</summary>
    public const string Read = "dashboard.read";
}

/// <summary>The command picture's words: the figures' names (one place for the page, the spreadsheets and the briefing) and errors.</summary>
public static class DashboardVocabulary
{
    /// <summary>Each figure of <see cref="DailyFigures"/> by property name.</summary>
    public static readonly IReadOnlyDictionary<string, Words> FigureNames = new Dictionary<string, Words>
    {
        [nameof(DailyFigures.NewConfirmed)] = new("新增确诊", "New confirmed"),
        [nameof(DailyFigures.NewAsymptomatic)] = new("新增无症状", "New asymptomatic"),
        [nameof(DailyFigures.NewPending)] = new("新增待分类", "New, not yet classified"),
        [nameof(DailyFigures.NewFoundByScreening)] = new("筛查发现", "Found by mass testing"),
        [nameof(DailyFigures.NewFoundInControl)] = new("管控人员中发现", "Found under control"),
        [nameof(DailyFigures.NewFoundInCommunity)] = new("社区发现", "Found in the community"),
        [nameof(DailyFigures.CumulativeConfirmed)] = new("累计确诊", "Confirmed, cumulative"),
        [nameof(DailyFigures.CumulativeAsymptomatic)] = new("累计无症状", "Asymptomatic, cumulative"),
        [nameof(DailyFigures.CumulativeCases)] = new("累计感染者", "Cases, cumulative"),
        [nameof(DailyFigures.Eligible)] = new("应检人数", "Eligible"),
        [nameof(DailyFigures.Sampled)] = new("已采样", "Sampled"),
        [nameof(DailyFigures.Resulted)] = new("已出结果", "Resulted"),
        [nameof(DailyFigures.PositivePools)] = new("阳性混管", "Positive pools"),
        [nameof(DailyFigures.RetestsPending)] = new("待复核", "Re-tests pending"),
        [nameof(DailyFigures.RetestsOverdue)] = new("复核超时", "Re-tests overdue"),
        [nameof(DailyFigures.NewCloseContacts)] = new("新增密接", "New close contacts"),
        [nameof(DailyFigures.NewSecondaryContacts)] = new("新增次密接", "New secondary contacts"),
        [nameof(DailyFigures.CloseContacts)] = new("累计密接", "Close contacts, cumulative"),
        [nameof(DailyFigures.SecondaryContacts)] = new("累计次密接", "Secondary contacts, cumulative"),
        [nameof(DailyFigures.InCentralisedQuarantine)] = new("集中隔离", "In centralised quarantine"),
        [nameof(DailyFigures.InHomeQuarantine)] = new("居家隔离", "In home quarantine"),
        [nameof(DailyFigures.InHomeMonitoring)] = new("居家健康监测", "In home monitoring"),
        [nameof(DailyFigures.ZonesLevel0)] = new("封控区（高风险区）", "Sealed (high-risk)"),
        [nameof(DailyFigures.ZonesLevel1)] = new("管控区（中风险区）", "Controlled (medium-risk)"),
        [nameof(DailyFigures.ZonesLevel2)] = new("防范区（低风险区）", "Precaution (low-risk)"),
        [nameof(DailyFigures.ZonesDesignated)] = new("今日划定", "Designated today"),
        [nameof(DailyFigures.ZonesSteppedDown)] = new("今日降级", "Stepped down today"),
        [nameof(DailyFigures.ZonesReleased)] = new("今日解除", "Released today"),
        [nameof(DailyFigures.Rooms)] = new("可用房间", "Rooms in service"),
        [nameof(DailyFigures.RoomsOccupied)] = new("已入住房间", "Rooms occupied"),
        [nameof(DailyFigures.TransfersDone)] = new("完成转运", "Transfers done"),
        [nameof(DailyFigures.TransfersDoneLate)] = new("超时完成", "Done late"),
        [nameof(DailyFigures.TransfersOverdue)] = new("超时未转运", "Overdue, not moved"),
        [nameof(DailyFigures.TasksOpen)] = new("在办督办事项", "Supervised tasks open"),
        [nameof(DailyFigures.TasksOverdue)] = new("超时督办事项", "Supervised tasks overdue"),
        [nameof(DailyFigures.TasksOverdueLevel0)] = new("超时·未升级", "Overdue, not escalated"),
        [nameof(DailyFigures.TasksOverdueLevel1)] = new("超时·一级", "Overdue, level 1"),
        [nameof(DailyFigures.TasksOverdueLevel2)] = new("超时·二级", "Overdue, level 2"),
        [nameof(DailyFigures.TasksOverdueLevel3)] = new("超时·三级", "Overdue, level 3"),
        [nameof(DailyFigures.RequestsNew)] = new("新增诉求", "New requests"),
        [nameof(DailyFigures.RequestsOpen)] = new("未办结诉求", "Requests open"),
        [nameof(DailyFigures.RequestsLate)] = new("超时诉求", "Requests late"),
    };

    /// <summary>The dashboard's tables (one per section), each with its figures in order: the page's cards and the downloads.</summary>
    public static readonly IReadOnlyList<DashboardTable> Tables =
    [
        new("cases", new("病例", "Cases"), [nameof(DailyFigures.NewConfirmed), nameof(DailyFigures.NewAsymptomatic), nameof(DailyFigures.NewPending),
            nameof(DailyFigures.NewFoundByScreening), nameof(DailyFigures.NewFoundInControl), nameof(DailyFigures.NewFoundInCommunity),
            nameof(DailyFigures.CumulativeConfirmed), nameof(DailyFigures.CumulativeAsymptomatic), nameof(DailyFigures.CumulativeCases)]),
        new("testing", new("核酸检测", "Testing"), [nameof(DailyFigures.Eligible), nameof(DailyFigures.Sampled), nameof(DailyFigures.Resulted),
            nameof(DailyFigures.PositivePools), nameof(DailyFigures.RetestsPending), nameof(DailyFigures.RetestsOverdue)]),
        new("contacts", new("密接与隔离", "Contacts and quarantine"), [nameof(DailyFigures.NewCloseContacts), nameof(DailyFigures.NewSecondaryContacts),
            nameof(DailyFigures.CloseContacts), nameof(DailyFigures.SecondaryContacts), nameof(DailyFigures.InCentralisedQuarantine),
            nameof(DailyFigures.InHomeQuarantine), nameof(DailyFigures.InHomeMonitoring)]),
        new("zones", new("风险区域", "Zones"), [nameof(DailyFigures.ZonesLevel0), nameof(DailyFigures.ZonesLevel1), nameof(DailyFigures.ZonesLevel2),
            nameof(DailyFigures.ZonesDesignated), nameof(DailyFigures.ZonesSteppedDown), nameof(DailyFigures.ZonesReleased)]),
        new("facilities", new("隔离场所", "Facilities"), [nameof(DailyFigures.Rooms), nameof(DailyFigures.RoomsOccupied)]),
        new("transfers", new("转运", "Transfers"), [nameof(DailyFigures.TransfersDone), nameof(DailyFigures.TransfersDoneLate), nameof(DailyFigures.TransfersOverdue)]),
        new("tasks", new("督办", "Supervised tasks"), [nameof(DailyFigures.TasksOpen), nameof(DailyFigures.TasksOverdue), nameof(DailyFigures.TasksOverdueLevel0),
            nameof(DailyFigures.TasksOverdueLevel1), nameof(DailyFigures.TasksOverdueLevel2), nameof(DailyFigures.TasksOverdueLevel3)]),
        new("requests", new("民生诉求", "Resident requests"), [nameof(DailyFigures.RequestsNew), nameof(DailyFigures.RequestsOpen), nameof(DailyFigures.RequestsLate)]),
    ];

    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Command.Dashboard",
        Errors = new Dictionary<string, Words>
        {
            ["dashboard-future-date"] = new("不能查看未来日期的数据", "The date is in the future"),
            ["dashboard-unknown-table"] = new("没有这个表：{0}", "No such table: {0}"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["field:days"] = new("天数", "Days"),
        },
        MenuGroup = MenuGroup.Command,
        Menu =
        [
            new("/dashboard", new("指挥大屏", "Dashboard"), DashboardPermissions.Read, 590),
        ],
    };
}

/// <summary>One table of the dashboard: its code (the download's <c>table</c>), its title and its figures.</summary>
public sealed record DashboardTable(string Code, Words Title, IReadOnlyList<string> Figures);
