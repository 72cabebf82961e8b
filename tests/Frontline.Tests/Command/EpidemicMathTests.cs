using Frontline.Command.Epidemic;

namespace Frontline.Tests.Command;

/// <summary>The growth figures against values known in closed form or from statistical tables.</summary>
public sealed class EpidemicMathTests
{
    [Theory]
    [InlineData(5.0, 24.0)]
    [InlineData(0.5, 1.7724538509055159)]    // √π
    [InlineData(10.0, 362880.0)]
    public void Log_gamma_matches_factorials_and_root_pi(double x, double gamma) =>
        Assert.Equal(Math.Log(gamma), EpidemicMath.LogGamma(x), 10);

    [Theory]
    // Integer shape: P(k, x) = 1 − e^(−x) Σ_{n<k} xⁿ/n!.
    [InlineData(2.0, 1.5, 3.0, 0.5939941502901619)]   // 1 − 3e⁻²
    [InlineData(1.0, 2.0, 2.0, 0.6321205588285577)]   // 1 − e⁻¹
    [InlineData(3.0, 1.0, 10.0, 0.9972306042844884)]  // 1 − 61e⁻¹⁰
    public void Gamma_cdf_matches_the_closed_form(double shape, double scale, double x, double expected) =>
        Assert.Equal(expected, EpidemicMath.GammaCdf(x, shape, scale), 10);

    [Theory]
    // χ²(ν) is gamma(ν/2, 2): the table's quantiles.
    [InlineData(2, 0.975, 7.377758908227871)]
    [InlineData(10, 0.025, 3.246972780236841)]
    [InlineData(10, 0.975, 20.48317735080739)]
    [InlineData(30, 0.5, 29.33603169)]
    public void Gamma_quantiles_match_the_chi_square_table(int dof, double p, double expected) =>
        Assert.Equal(expected, EpidemicMath.GammaQuantile(p, dof / 2.0, 2), 5);

    [Fact]
    public void The_serial_interval_weights_sum_to_one_start_at_day_one_and_keep_the_mean()
    {
        var w = EpidemicMath.SerialIntervalWeights(4.0, 2.9);
        Assert.Equal(0, w[0]);
        Assert.Equal(1, w.Sum(), 10);
        var mean = w.Select((x, s) => x * s).Sum();
        Assert.InRange(mean, 3.8, 4.3);
    }

    [Fact]
    public void Constant_incidence_gives_rt_of_one_shrunk_by_the_prior()
    {
        var incidence = Enumerable.Repeat(10, 60).ToArray();
        var rt = EpidemicMath.Rt(incidence, EpidemicMath.SerialIntervalWeights(3.0, 2.0), 7, 12)!;
        // Posterior gamma(1 + 70, 1 / (1/5 + 70)): mean 71 / 70.2.
        Assert.Equal(Math.Round(71 / 70.2, 2), rt.Mean);
        Assert.Equal(70, rt.Cases);
        Assert.Equal(Math.Round(EpidemicMath.GammaQuantile(0.025, 71, 1 / 70.2), 2), rt.Low);
        Assert.Equal(Math.Round(EpidemicMath.GammaQuantile(0.975, 71, 1 / 70.2), 2), rt.High);
        Assert.True(rt.Low < 1 && rt.High > 1);
    }

    [Fact]
    public void Rising_incidence_gives_rt_above_one_and_falling_below()
    {
        var w = EpidemicMath.SerialIntervalWeights(3.0, 2.0);
        var rising = Enumerable.Range(0, 40).Select(t => (int)Math.Round(5 * Math.Exp(0.1 * t))).ToArray();
        var falling = rising.Reverse().ToArray();
        // Wallinga & Lipsitch: R = 1 / Σ w_s e^(−r s) for growth rate r.
        var expected = 1 / w.Select((x, s) => x * Math.Exp(-0.1 * s)).Sum();
        Assert.InRange(EpidemicMath.Rt(rising, w)!.Mean, expected - 0.05, expected + 0.05);
        Assert.True(EpidemicMath.Rt(falling, w)!.High < 1);
    }

    [Fact]
    public void Rt_is_not_estimated_on_fewer_cases_than_the_minimum()
    {
        var incidence = new int[30];
        incidence[20] = 3; incidence[25] = 4; incidence[29] = 4;
        Assert.Null(EpidemicMath.Rt(incidence, EpidemicMath.SerialIntervalWeights(3.0, 2.0), 7, 12));
        Assert.Null(EpidemicMath.Rt(new int[5], EpidemicMath.SerialIntervalWeights(3.0, 2.0)));
    }

    [Theory]
    // week before, last week → growth %, doubling days, shown
    [InlineData(10, 20, 100.0, 7.0, true)]
    [InlineData(20, 10, -50.0, null, true)]
    [InlineData(8, 16, 100.0, 7.0, true)]
    [InlineData(3, 6, null, null, false)]     // 9 cases: too few
    [InlineData(0, 20, null, null, false)]    // growth from nothing
    public void Weekly_growth_and_doubling_time(int weekBefore, int lastWeek, double? growth, double? doubling, bool shown)
    {
        var incidence = new int[14];
        incidence[0] = weekBefore;
        incidence[13] = lastWeek;
        var g = EpidemicMath.WeeklyGrowth(incidence, 12);
        Assert.Equal(shown, g.Shown);
        Assert.Equal(growth, g.WeeklyGrowthPercent);
        Assert.Equal(doubling, g.DoublingDays);
        Assert.Equal(lastWeek, g.CasesLastWeek);
        Assert.Equal(weekBefore, g.CasesWeekBefore);
    }
}
