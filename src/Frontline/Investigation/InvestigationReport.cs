using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Microsoft.EntityFrameworkCore;
using Frontline.Platform;
using Frontline.Registry;

namespace Frontline.Investigation;

/// <summary>
/// 流调报告: one case's investigation report as a Word document in the usual shape — basic facts, onset and detection,
/// the day-by-day trajectory over the lookback, contacts by kind and setting, risk places, deadlines. It holds personal
/// data: the ID and phone are masked, and every download is audited.
/// </summary>
public sealed class InvestigationReport(IDbContextFactory<FrontlineDb> dbs, JurisdictionDirectory directory, AuditLog audit, PolicySets policies, TimeProvider clock)
{
    const string Font = "SimSun";

    public async Task<(byte[] Content, string FileName)> DocxAsync(Caller caller, long caseId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var c = await db.Cases.AsNoTracking().FirstOrDefaultAsync(x => x.Id == caseId, ct);
        if (c is null || !caller.Scope.Contains(c.CommunityCode)) throw new NotFoundException("case");
        var person = await db.Persons.AsNoTracking().FirstAsync(p => p.Id == c.PersonId, ct);
        var building = await db.Buildings.AsNoTracking().Where(b => b.Id == person.BuildingId).Select(b => b.Name).FirstOrDefaultAsync(ct) ?? "";
        var community = await directory.GetAsync(c.CommunityCode, ct);
        var window = InvestigationRules.Lookback(policies.Active, c, null);
        var trajectory = await TrajectoryNotices.TrajectoryAsync(db, c, window, ct);
        var contacts = await db.Contacts.AsNoTracking().Where(x => x.CaseId == caseId)
            .GroupBy(x => new { x.Kind, x.Setting }).Select(g => new { g.Key.Kind, g.Key.Setting, Count = g.Count() }).ToListAsync(ct);
        var infector = c.InfectorCaseId is { } inf ? await db.Cases.AsNoTracking().Where(x => x.Id == inf).Select(x => (int?)x.Number).FirstOrDefaultAsync(ct) : null;
        var now = clock.GetUtcNow().UtcDateTime;
        var deadlines = CaseRules.Deadlines(policies.Active, c, now);

        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            main.Document = new Document(body);
            body.Append(Para($"{c.Label}流行病学调查报告", bold: true, size: 36, center: true));
            body.Append(Para($"报告单位：{community?.Name ?? c.CommunityCode}　　生成时间：{now.Display()}　　生成人：{caller.UserName}", size: 20, center: true));

            body.Append(Heading("一、基本情况"));
            var sex = person.DocType == DocType.ResidentId ? CaseRules.SexFromResidentId(person.DocNumber) : null;
            body.Append(Table(["项目", "内容"],
            [
                ["病例编号", c.Label],
                ["姓名", person.Name],
                ["性别", CaseLabels.SexZh(sex) is { Length: > 0 } s ? s : "不详"],
                ["年龄", CaseRules.Age(person.BirthDate, DateOnly.FromDateTime(c.ReportedAt.ToChina().DateTime)) is { } age ? $"{age}岁" : "不详"],
                ["证件号码", Masking.IdNumber(person.DocNumber) ?? ""],
                ["联系电话", Masking.Phone(person.Phone) ?? "—"],
                ["现住址", $"{community?.Name}{building}"],
            ]));

            body.Append(Heading("二、发病与发现经过"));
            body.Append(Table(["项目", "内容"],
            [
                ["病例分类", CaseLabels.ClassificationZh(c.Classification)],
                ["发现方式", CaseLabels.DetectedByZh(c.DetectedBy)],
                ["采样时间", c.SampledAt?.Display() ?? "—"],
                ["阳性结果时间", c.PositiveAt?.Display() ?? "—"],
                ["发病日期", c.OnsetDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "无症状或不详"],
                ["报告时间", c.ReportedAt.Display()],
                ["网络直报时间", c.NotifiedAt?.Display() ?? "尚未直报"],
                ["隔离时间", c.IsolatedAt?.Display() ?? "—"],
                ["临床分型", c.Severity is { } sv ? CaseLabels.SeverityZh(sv) : "—"],
                ["转归", c.Outcome is { } o ? CaseLabels.OutcomeZh(o) : "—"],
                ["传染来源", infector is { } n ? CaseNumbers.Label(n) : "不详"],
            ]));

            body.Append(Heading("三、活动轨迹"));
            body.Append(Para($"追溯期：{window.From.Display()} 至 {window.To.Display()}（{RuleZh(window.StartRule)}{policies.Active.LookbackDays}天，{policies.Active.Title}）。"));
            if (trajectory.Count == 0) body.Append(Para("追溯期内尚无轨迹记录。"));
            else
                body.Append(Table(["日期", "时间", "地点", "来源"], trajectory.Select(t => new[]
                {
                    t.From.ToChina().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"{t.From.ToChina():HH:mm}—{t.To.ToChina():HH:mm}",
                    t.Place is null ? TrajectoryNotices.WithoutRoom(t.Where) : $"{t.Place.Name}（{t.Place.Code}）",
                    t.Entry.Source == TrajectorySource.CheckIn ? "场所码扫码" : "流调询问",
                }).ToList()));

            body.Append(Heading("四、密切接触者与次密接"));
            var close = contacts.Where(x => x.Kind == ContactKind.Close).Sum(x => x.Count);
            var secondary = contacts.Where(x => x.Kind == ContactKind.Secondary).Sum(x => x.Count);
            body.Append(Para($"共判定密切接触者 {close} 人、次密接 {secondary} 人。"));
            if (contacts.Count > 0)
                body.Append(Table(["类别", "接触场景", "人数"], contacts.OrderBy(x => x.Kind).ThenByDescending(x => x.Count)
                    .Select(x => new[] { x.Kind == ContactKind.Close ? "密切接触者" : "次密接", SettingZh(x.Setting), x.Count.ToString(CultureInfo.InvariantCulture) }).ToList()));

            body.Append(Heading("五、涉及风险场所"));
            var places = trajectory.Where(t => t.Place is not null).GroupBy(t => t.Place!.Id).ToList();
            if (places.Count == 0) body.Append(Para("追溯期内未涉及已登记场所。"));
            else
                body.Append(Table(["场所", "场所码", "停留时段"], places.Select(g => new[]
                {
                    g.First().Place!.Name, g.First().Place!.Code,
                    string.Join("；", g.Select(t => $"{t.From.ToChina():M月d日 HH:mm}—{t.To.ToChina():HH:mm}")),
                }).ToList()));

            body.Append(Heading("六、工作时限"));
            body.Append(Table(["节点", "时限", "完成时间", "情况"], deadlines.Select(d => new[]
            {
                MilestoneZh(d.Milestone), d.DueAt.Display(), d.DoneAt?.Display() ?? "—",
                d.Status switch { "on-time" => "按时完成", "late" => "超时完成", "due" => "进行中", _ => "已超时" },
            }).ToList()));

            body.Append(new SectionProperties(new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1440, Right = 1440, Bottom = 1440, Left = 1440, Header = 851, Footer = 992, Gutter = 0 }));
            main.Document.Save();
        }
        await audit.RecordAsync(caller, CaseAuditActions.Report, $"case:{caseId}", c.CommunityCode, detail: new { format = "docx", entries = trajectory.Count }, ct: ct);
        await using (var events = await dbs.CreateDbContextAsync(ct))
        {
            events.CaseEvents.Add(new CaseEvent { CaseId = caseId, At = now, UserName = caller.UserName, Kind = CaseEventKinds.ReportDownloaded });
            await events.SaveChangesAsync(ct);
        }
        return (stream.ToArray(), $"{c.Label}流调报告-{ChinaTime.Today(clock):yyyyMMdd}.docx");
    }

    static string RuleZh(string rule) => rule switch
    {
        InvestigationRules.FromOnset => "自发病日前推",
        InvestigationRules.FromSampling => "自采样日前推",
        InvestigationRules.FromLastNegative => "自末次阴性采样起，不超过",
        _ => "自报告日前推",
    };

    static string MilestoneZh(CaseMilestone m) => m switch
    {
        CaseMilestone.Notified => "网络直报",
        CaseMilestone.CoreFacts => "核心信息",
        _ => "流调报告",
    };

    public static string SettingZh(string setting) => setting switch
    {
        "household" => "同住家庭",
        "carer" => "陪护",
        "workplace" => "同办公室/工作场所",
        "classroom" => "同班级",
        "meal" => "共同就餐",
        "vehicle" => "同乘交通工具",
        "lift" => "同乘电梯",
        "venue" => "同一场所",
        "companion" => "时空伴随",
        _ => setting,
    };

    static RunProperties RunProps(bool bold, int size)
    {
        var props = new RunProperties(new RunFonts { Ascii = Font, HighAnsi = Font, EastAsia = Font });
        if (bold) props.Append(new Bold());
        props.Append(new FontSize { Val = size.ToString(CultureInfo.InvariantCulture) });
        return props;
    }

    static Paragraph Para(string text, bool bold = false, int size = 24, bool center = false)
    {
        var p = new Paragraph();
        if (center) p.Append(new ParagraphProperties(new Justification { Val = JustificationValues.Center }));
        p.Append(new Run(RunProps(bold, size), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        return p;
    }

    static Paragraph Heading(string text) => Para(text, bold: true, size: 28);

    static Table Table(string[] header, IReadOnlyList<string[]> rows)
    {
        const int width = 9000;
        var column = width / header.Length;
        var table = new Table();
        // Word's order: the width before the borders, the borders top/left/bottom/right/insideH/insideV, and a grid.
        table.Append(new TableProperties(
            new TableWidth { Width = width.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
        var grid = new TableGrid();
        foreach (var _ in header) grid.Append(new GridColumn { Width = column.ToString(CultureInfo.InvariantCulture) });
        table.Append(grid);
        table.Append(Row(header, column, bold: true));
        foreach (var row in rows) table.Append(Row(row, column, bold: false));
        return table;
    }

    static TableRow Row(string[] cells, int column, bool bold)
    {
        var row = new TableRow();
        foreach (var cell in cells)
            row.Append(new TableCell(
                new TableCellProperties(new TableCellWidth { Width = column.ToString(CultureInfo.InvariantCulture), Type = TableWidthUnitValues.Dxa }),
                new Paragraph(new Run(RunProps(bold, 21), new Text(cell) { Space = SpaceProcessingModeValues.Preserve }))));
        return row;
    }
}
