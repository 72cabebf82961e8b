using ScottPlot;
using SkiaSharp;
using Frontline.Command.Dashboard;

namespace Frontline.Command.Briefing;

/// <summary>A chart of a briefing: its title (the figure's caption) and the picture as PNG.</summary>
public sealed record BriefingChart(string Code, string Title, byte[] Png, int Width, int Height);

/// <summary>
/// The briefing's charts, drawn with ScottPlot from the snapshot alone: the epidemic curve, the coverage by street (or
/// community) and the facility occupancy. Labels are Chinese, so a CJK font is needed: Noto Sans CJK SC when installed
/// (Debian's fonts-noto-cjk), else whatever installed font can draw Chinese, else the default (the picture still draws).
/// </summary>
public static class BriefingCharts
{
    public const int Width = 900, Height = 420;

    static readonly Lazy<string> FontName = new(() =>
    {
        using var manager = SKFontManager.Default;
        var families = manager.GetFontFamilies();
        foreach (var preferred in new[] { "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Micro Hei", "Source Han Sans SC", "Noto Serif CJK SC" })
            if (families.Contains(preferred)) return preferred;
        return Fonts.Detect("疫情简报");
    });

    static readonly Color Confirmed = Color.FromHex("#cf1322"), Asymptomatic = Color.FromHex("#fa8c16"), Pending = Color.FromHex("#bfbfbf"),
        Primary = Color.FromHex("#1677ff"), Occupied = Color.FromHex("#722ed1");

    public static IReadOnlyList<BriefingChart> All(BriefingSnapshot s)
    {
        var charts = new List<BriefingChart> { Curve(s) };
        if (s.Children.Any(c => c.Today.Eligible > 0)) charts.Add(Coverage(s));
        if (s.Children.Any(c => c.Today.Rooms > 0)) charts.Add(Occupancy(s));
        return charts;
    }

    static Plot NewPlot(string title)
    {
        var plot = new Plot();
        plot.Font.Set(FontName.Value);
        plot.Title(title);
        return plot;
    }

    static byte[] Png(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);

    /// <summary>New cases a day by report date over the snapshot's days, stacked confirmed / asymptomatic / not yet classified.</summary>
    public static BriefingChart Curve(BriefingSnapshot s)
    {
        var title = $"{s.Name}近{s.Curve.Count}天新增感染者（按报告日期）";
        var plot = NewPlot(title);
        // The colours are named in the caption (CurveKey) rather than in a legend box: ScottPlot's legend clips CJK glyphs.
        var bars = new List<Bar>();
        for (var i = 0; i < s.Curve.Count; i++)
        {
            var d = s.Curve[i];
            double a = d.ReportedConfirmed, b = a + d.ReportedAsymptomatic, c = b + d.ReportedPending;
            if (a > 0) bars.Add(new Bar { Position = i, ValueBase = 0, Value = a, FillColor = Confirmed, LineWidth = 0 });
            if (b > a) bars.Add(new Bar { Position = i, ValueBase = a, Value = b, FillColor = Asymptomatic, LineWidth = 0 });
            if (c > b) bars.Add(new Bar { Position = i, ValueBase = b, Value = c, FillColor = Pending, LineWidth = 0 });
        }
        if (bars.Count > 0) plot.Add.Bars(bars);
        var ticks = Enumerable.Range(0, s.Curve.Count).Where(i => i % 5 == (s.Curve.Count - 1) % 5).ToArray();
        plot.Axes.Bottom.SetTicks([.. ticks.Select(i => (double)i)], [.. ticks.Select(i => $"{s.Curve[i].Date.Month}/{s.Curve[i].Date.Day}")]);
        var max = s.Curve.Count == 0 ? 0 : s.Curve.Max(d => d.Reported);
        plot.Axes.SetLimits(-0.7, Math.Max(s.Curve.Count, 1) - 0.3, 0, Math.Max(max * 1.15, 5));
        // Counts of people: whole numbers on the axis.
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        return new BriefingChart("curve", title, Png(plot), Width, Height);
    }

    /// <summary>What the curve's colours mean, under it.</summary>
    public const string CurveKey = "红色为确诊病例，橙色为无症状感染者，灰色为待分类";

    /// <summary>The open rounds' coverage of each child, in percent.</summary>
    public static BriefingChart Coverage(BriefingSnapshot s)
    {
        var title = $"各{s.ChildWord}核酸检测覆盖率（%）";
        return ByChild("coverage", title, s, c => DayFigures.Percent(c.Today.Sampled, c.Today.Eligible), Primary);
    }

    /// <summary>The occupied share of each child's rooms in service, in percent.</summary>
    public static BriefingChart Occupancy(BriefingSnapshot s)
    {
        var title = $"各{s.ChildWord}隔离场所入住率（%）";
        return ByChild("occupancy", title, s, c => DayFigures.Percent(c.Today.RoomsOccupied, c.Today.Rooms), Occupied);
    }

    static BriefingChart ByChild(string code, string title, BriefingSnapshot s, Func<BriefingChild, double?> value, Color color)
    {
        var plot = NewPlot(title);
        var bars = s.Children.Select((c, i) => (c, i, v: value(c))).Where(x => x.v is not null)
            .Select(x => new Bar { Position = x.i, Value = x.v!.Value, FillColor = color, LineWidth = 0, Label = BriefingSentences.Percent(x.v!.Value) }).ToList();
        if (bars.Count > 0)
        {
            var series = plot.Add.Bars(bars);
            series.ValueLabelStyle.FontName = FontName.Value;
        }
        plot.Axes.Bottom.SetTicks([.. s.Children.Select((_, i) => (double)i)], [.. s.Children.Select(c => c.Name)]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = s.Children.Count > 8 ? -35 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = s.Children.Count > 8 ? Alignment.MiddleRight : Alignment.UpperCenter;
        plot.Axes.SetLimits(-0.7, Math.Max(s.Children.Count, 1) - 0.3, 0, 110);
        return new BriefingChart(code, title, Png(plot), Width, Height);
    }
}
