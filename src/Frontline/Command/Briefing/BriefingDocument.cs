using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Frontline.Command.Dashboard;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Frontline.Command.Briefing;

/// <summary>A column of a section's table by street (or community): its header and the cell of a jurisdiction's figures.</summary>
public sealed record BriefingColumn(string Header, Func<DailyFigures, DailyFigures, string> Cell);

/// <summary>
/// The briefing as a Word document: the title with the jurisdiction and the date, the cut-off, a sentence per section, each
/// section's table by street (or community) with the total, and the charts. Made from the snapshot alone.
/// </summary>
public static class BriefingDocument
{
    const string BodyFont = "FangSong", HeadingFont = "SimHei", TitleFont = "SimSun";
    const int PageWidth = 9000;

    static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
    static string Name(string figure) => DashboardVocabulary.FigureNames[figure].Zh;
    static BriefingColumn Figure(string figure, Func<DailyFigures, int> value) => new(Name(figure), (t, _) => N(value(t)));
    static string Pct(double? p) => p is { } v ? BriefingSentences.Percent(v) + "%" : "—";
    static string Signed(int d) => d > 0 ? "+" + N(d) : N(d);

    /// <summary>Each section's columns, by the section's code (<see cref="BriefingSentences.Sections"/>).</summary>
    public static IReadOnlyList<BriefingColumn> Columns(string section, IReadOnlyList<BriefingLevel> levels) => section switch
    {
        "cases" =>
        [
            Figure(nameof(DailyFigures.NewConfirmed), f => f.NewConfirmed),
            Figure(nameof(DailyFigures.NewAsymptomatic), f => f.NewAsymptomatic),
            new("较前一日", (t, p) => Signed(t.NewConfirmed + t.NewAsymptomatic + t.NewPending - p.NewConfirmed - p.NewAsymptomatic - p.NewPending)),
            Figure(nameof(DailyFigures.CumulativeCases), f => f.CumulativeCases),
        ],
        "testing" =>
        [
            Figure(nameof(DailyFigures.Eligible), f => f.Eligible),
            Figure(nameof(DailyFigures.Sampled), f => f.Sampled),
            new("覆盖率", (t, _) => Pct(DayFigures.Percent(t.Sampled, t.Eligible))),
            Figure(nameof(DailyFigures.Resulted), f => f.Resulted),
            Figure(nameof(DailyFigures.PositivePools), f => f.PositivePools),
        ],
        "contacts" =>
        [
            Figure(nameof(DailyFigures.NewCloseContacts), f => f.NewCloseContacts),
            Figure(nameof(DailyFigures.NewSecondaryContacts), f => f.NewSecondaryContacts),
            Figure(nameof(DailyFigures.InCentralisedQuarantine), f => f.InCentralisedQuarantine),
            Figure(nameof(DailyFigures.InHomeQuarantine), f => f.InHomeQuarantine),
            Figure(nameof(DailyFigures.InHomeMonitoring), f => f.InHomeMonitoring),
        ],
        "zones" =>
        [
            .. levels.Take(3).Select((l, i) => new BriefingColumn(l.Zh, (t, _) => N(i switch { 0 => t.ZonesLevel0, 1 => t.ZonesLevel1, _ => t.ZonesLevel2 }))),
            Figure(nameof(DailyFigures.ZonesDesignated), f => f.ZonesDesignated),
            Figure(nameof(DailyFigures.ZonesReleased), f => f.ZonesReleased),
        ],
        "facilities" =>
        [
            Figure(nameof(DailyFigures.Rooms), f => f.Rooms),
            Figure(nameof(DailyFigures.RoomsOccupied), f => f.RoomsOccupied),
            new("入住率", (t, _) => Pct(DayFigures.Percent(t.RoomsOccupied, t.Rooms))),
        ],
        "transfers" =>
        [
            Figure(nameof(DailyFigures.TransfersDone), f => f.TransfersDone),
            Figure(nameof(DailyFigures.TransfersDoneLate), f => f.TransfersDoneLate),
            Figure(nameof(DailyFigures.TransfersOverdue), f => f.TransfersOverdue),
        ],
        "tasks" =>
        [
            Figure(nameof(DailyFigures.TasksOpen), f => f.TasksOpen),
            Figure(nameof(DailyFigures.TasksOverdue), f => f.TasksOverdue),
        ],
        "requests" =>
        [
            Figure(nameof(DailyFigures.RequestsNew), f => f.RequestsNew),
            Figure(nameof(DailyFigures.RequestsOpen), f => f.RequestsOpen),
            Figure(nameof(DailyFigures.RequestsLate), f => f.RequestsLate),
        ],
        _ => [],
    };

    /// <summary>A section's table: a row per child, then the jurisdiction's total.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows) Table(BriefingSnapshot s, string section)
    {
        var columns = Columns(section, s.Levels);
        var rows = s.Children.Select(c => (string[])[c.Name, .. columns.Select(col => col.Cell(c.Today, c.PreviousDay))]).ToList();
        rows.Add([$"合计", .. columns.Select(col => col.Cell(s.Today, s.PreviousDay))]);
        return ([s.ChildWord, .. columns.Select(c => c.Header)], rows);
    }

    /// <summary>Which chart goes under which section.</summary>
    public static string? ChartOf(string section) => section switch { "cases" => "curve", "testing" => "coverage", "facilities" => "occupancy", _ => null };

    /// <summary>A chart's caption: its title, and for the curve what its colours mean.</summary>
    public static string Caption(BriefingChart chart) => chart.Code == "curve" ? $"{chart.Title}（{BriefingCharts.CurveKey}）" : chart.Title;

    /// <summary>The line under the title: the cut-off and who made it.</summary>
    public static string Subtitle(BriefingSnapshot s, DateTimeOffset generatedAt, string generatedBy) =>
        $"数据截至{Cutoff(s.CutoffAt)}　　生成时间：{generatedAt:yyyy-MM-dd HH:mm}　　生成人：{generatedBy}";

    /// <summary>The cut-off as a briefing writes it: a day's end is that day's 24时, not the next day's 0时.</summary>
    public static string Cutoff(DateTimeOffset at) => at.TimeOfDay == TimeSpan.Zero
        ? $"{at.AddDays(-1):yyyy年M月d日}24时"
        : at.ToString("yyyy年M月d日HH:mm", CultureInfo.InvariantCulture);

    /// <summary>Rt as the briefing words it, under the epidemic curve; null when too few cases.</summary>
    public static string? RtSentence(BriefingSnapshot s) => s.Rt is { } rt
        ? $"近7天有效再生数Rt为{rt.Mean.ToString("0.00", CultureInfo.InvariantCulture)}（95%可信区间{rt.Low.ToString("0.00", CultureInfo.InvariantCulture)}—{rt.High.ToString("0.00", CultureInfo.InvariantCulture)}，基于{rt.Cases}例）。"
        : null;

    public static byte[] Docx(BriefingSnapshot s, DateTimeOffset generatedAt, string generatedBy)
    {
        var charts = BriefingCharts.All(s).ToDictionary(c => c.Code);
        using var stream = new MemoryStream();
        using (var doc = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new Body();
            main.Document = new Document(body);
            body.Append(Para(s.Title, TitleFont, bold: true, size: 40, center: true));
            body.Append(Para(Subtitle(s, generatedAt, generatedBy), BodyFont, size: 22, center: true));
            uint pictures = 0;
            foreach (var section in BriefingSentences.Sections(s))
            {
                body.Append(Para(section.Heading, HeadingFont, size: 32));
                body.Append(Para(section.Sentence, BodyFont, size: 32, indent: true));
                if (section.Code == "cases" && RtSentence(s) is { } rt) body.Append(Para(rt, BodyFont, size: 32, indent: true));
                if (s.Children.Count > 0)
                {
                    var (header, rows) = Table(s, section.Code);
                    body.Append(Table(header, rows));
                }
                if (ChartOf(section.Code) is { } code && charts.TryGetValue(code, out var chart))
                {
                    body.Append(Picture(main, chart, ++pictures));
                    body.Append(Para($"图{pictures}　{Caption(chart)}", BodyFont, size: 21, center: true));
                }
            }
            body.Append(new SectionProperties(new PageSize { Width = 11906, Height = 16838 },
                new PageMargin { Top = 1440, Right = 1440, Bottom = 1440, Left = 1440, Header = 851, Footer = 992, Gutter = 0 }));
            main.Document.Save();
        }
        return stream.ToArray();
    }

    static RunProperties RunProps(string font, bool bold, int size)
    {
        var props = new RunProperties(new RunFonts { Ascii = font, HighAnsi = font, EastAsia = font });
        if (bold) props.Append(new Bold());
        props.Append(new FontSize { Val = N(size) });
        return props;
    }

    static Paragraph Para(string text, string font, bool bold = false, int size = 24, bool center = false, bool indent = false)
    {
        var p = new Paragraph();
        var props = new ParagraphProperties();
        // Word's order inside pPr: spacing, indentation, justification.
        props.Append(new SpacingBetweenLines { After = "120", Line = "360", LineRule = LineSpacingRuleValues.Auto });
        if (indent) props.Append(new Indentation { FirstLine = N(size * 20) });   // two characters: the size is in half-points
        if (center) props.Append(new Justification { Val = JustificationValues.Center });
        p.Append(props);
        p.Append(new Run(RunProps(font, bold, size), new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        return p;
    }

    static Table Table(IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        var first = PageWidth * 2 / 7;
        var column = (PageWidth - first) / Math.Max(header.Count - 1, 1);
        int Width(int i) => i == 0 ? first : column;
        var table = new Table();
        table.Append(new TableProperties(
            new TableWidth { Width = N(PageWidth), Type = TableWidthUnitValues.Dxa },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
        var grid = new TableGrid();
        for (var i = 0; i < header.Count; i++) grid.Append(new GridColumn { Width = N(Width(i)) });
        table.Append(grid);
        table.Append(Row(header, Width, bold: true));
        for (var r = 0; r < rows.Count; r++) table.Append(Row(rows[r], Width, bold: r == rows.Count - 1));
        return table;
    }

    static TableRow Row(IReadOnlyList<string> cells, Func<int, int> width, bool bold)
    {
        var row = new TableRow();
        for (var i = 0; i < cells.Count; i++)
        {
            var p = new Paragraph(new ParagraphProperties(new Justification { Val = i == 0 ? JustificationValues.Left : JustificationValues.Center }),
                new Run(RunProps(BodyFont, bold, 21), new Text(cells[i]) { Space = SpaceProcessingModeValues.Preserve }));
            row.Append(new TableCell(new TableCellProperties(new TableCellWidth { Width = N(width(i)), Type = TableWidthUnitValues.Dxa }), p));
        }
        return row;
    }

    static Paragraph Picture(MainDocumentPart main, BriefingChart chart, uint id)
    {
        var part = main.AddImagePart(ImagePartType.Png);
        using (var png = new MemoryStream(chart.Png)) part.FeedData(png);
        var relationship = main.GetIdOfPart(part);
        const long cx = PageWidth * 635L;   // dxa to EMU
        var cy = cx * chart.Height / chart.Width;
        var drawing = new Drawing(new DW.Inline(
            new DW.Extent { Cx = cx, Cy = cy },
            new DW.EffectExtent { LeftEdge = 0L, TopEdge = 0L, RightEdge = 0L, BottomEdge = 0L },
            new DW.DocProperties { Id = id, Name = $"图{id}" },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(
                new PIC.Picture(
                    new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = $"{chart.Code}.png" }, new PIC.NonVisualPictureDrawingProperties()),
                    new PIC.BlipFill(new A.Blip { Embed = relationship }, new A.Stretch(new A.FillRectangle())),
                    new PIC.ShapeProperties(new A.Transform2D(new A.Offset { X = 0L, Y = 0L }, new A.Extents { Cx = cx, Cy = cy }),
                        new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U });
        return new Paragraph(new ParagraphProperties(new Justification { Val = JustificationValues.Center }), new Run(drawing));
    }
}
