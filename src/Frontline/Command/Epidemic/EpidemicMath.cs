namespace Frontline.Command.Epidemic;

/// <summary>An estimate with the number of cases it rests on; <see cref="Shown"/> false when too few cases to say anything.</summary>
public sealed record Growth(int CasesLastWeek, int CasesWeekBefore, double? WeeklyGrowthPercent, double? DoublingDays, bool Shown);

public sealed record Reproduction(double Mean, double Low, double High, int Cases);

/// <summary>
/// The epidemic's growth figures as pure functions of daily counts: the 7-day growth and doubling time, and the
/// effective reproduction number Rt by Cori et al. (2013): a gamma posterior for R over a sliding window, with the
/// infectiousness of earlier cases weighted by the discretised serial interval.
/// </summary>
public static class EpidemicMath
{
    /// <summary>Cori et al.'s default prior for R: gamma with mean 5 and standard deviation 5.</summary>
    public const double PriorShape = 1, PriorScale = 5;

    /// <summary>
    /// The serial interval as daily weights w[1..n] (w[0] = 0): the gamma with this mean and standard deviation, each day s
    /// taking the mass between s − ½ and s + ½ (day 0's share given to day 1), cut where the tail is below 1/10 000.
    /// </summary>
    public static double[] SerialIntervalWeights(double meanDays, double sdDays, int maxDays = 30)
    {
        if (meanDays <= 0 || sdDays <= 0) throw new ArgumentOutOfRangeException(nameof(meanDays), "The serial interval needs a positive mean and sd.");
        var shape = meanDays * meanDays / (sdDays * sdDays);
        var scale = sdDays * sdDays / meanDays;
        var w = new double[maxDays + 1];
        for (var s = 1; s <= maxDays; s++)
            w[s] = GammaCdf(s + 0.5, shape, scale) - GammaCdf(s == 1 ? 0 : s - 0.5, shape, scale);
        var n = maxDays;
        while (n > 1 && w[n] < 1e-4) n--;
        Array.Resize(ref w, n + 1);
        var sum = w.Sum();
        for (var s = 1; s <= n; s++) w[s] /= sum;
        return w;
    }

    /// <summary>
    /// Rt over the <paramref name="window"/> days ending on the last day of <paramref name="incidence"/> (oldest day first).
    /// Null when the window holds fewer than <paramref name="minCases"/> cases.
    /// </summary>
    public static Reproduction? Rt(IReadOnlyList<int> incidence, double[] weights, int window = 7, int minCases = 12)
    {
        var t = incidence.Count - 1;
        if (t < window) return null;
        double cases = 0, infectiousness = 0;
        for (var day = t - window + 1; day <= t; day++)
        {
            cases += incidence[day];
            infectiousness += Lambda(incidence, weights, day);
        }
        if (cases < minCases || infectiousness <= 0) return null;
        var shape = PriorShape + cases;
        var scale = 1 / (1 / PriorScale + infectiousness);
        return new Reproduction(Math.Round(shape * scale, 2), Math.Round(GammaQuantile(0.025, shape, scale), 2),
            Math.Round(GammaQuantile(0.975, shape, scale), 2), (int)cases);
    }

    /// <summary>Λ_t = Σ_s I_{t−s} w_s: the day's infectiousness of the cases before it.</summary>
    public static double Lambda(IReadOnlyList<int> incidence, double[] weights, int day)
    {
        double sum = 0;
        for (var s = 1; s < weights.Length && s <= day; s++) sum += incidence[day - s] * weights[s];
        return sum;
    }

    /// <summary>
    /// The last 7 days against the 7 before (the last 14 days of <paramref name="incidence"/>): growth in percent and, when
    /// growing, the doubling time ln 2 · 7 / ln(ratio). Not shown with fewer than <paramref name="minCases"/> over the fortnight
    /// or none in the week before (a ratio from nothing).
    /// </summary>
    public static Growth WeeklyGrowth(IReadOnlyList<int> incidence, int minCases = 12)
    {
        int Sum(int from, int to) { var s = 0; for (var i = Math.Max(0, from); i < to; i++) s += incidence[i]; return s; }
        var n = incidence.Count;
        var last = Sum(n - 7, n);
        var before = Sum(n - 14, n - 7);
        if (last + before < minCases || before == 0) return new Growth(last, before, null, null, false);
        var ratio = (double)last / before;
        double? doubling = ratio > 1 ? Math.Round(7 * Math.Log(2) / Math.Log(ratio), 1) : null;
        return new Growth(last, before, Math.Round((ratio - 1) * 100, 1), doubling, true);
    }

    // ---- the gamma distribution ----

    public static double GammaCdf(double x, double shape, double scale) => x <= 0 ? 0 : RegularizedLowerGamma(shape, x / scale);

    /// <summary>The p-quantile, by bisection on the CDF (monotone; 200 halvings are far below any rounding shown).</summary>
    public static double GammaQuantile(double p, double shape, double scale)
    {
        double low = 0, high = Math.Max(1, shape * scale);
        while (GammaCdf(high, shape, scale) < p) high *= 2;
        for (var i = 0; i < 200 && high - low > 1e-12 * high; i++)
        {
            var mid = (low + high) / 2;
            if (GammaCdf(mid, shape, scale) < p) low = mid; else high = mid;
        }
        return (low + high) / 2;
    }

    /// <summary>P(a, x): the series below a + 1, Lentz's continued fraction above (Numerical Recipes §6.2).</summary>
    public static double RegularizedLowerGamma(double a, double x)
    {
        if (x <= 0) return 0;
        var logPrefix = -x + a * Math.Log(x) - LogGamma(a);
        if (x < a + 1)
        {
            double term = 1 / a, sum = term;
            for (var n = 1; n < 1000; n++)
            {
                term *= x / (a + n);
                sum += term;
                if (Math.Abs(term) < Math.Abs(sum) * 1e-15) break;
            }
            return sum * Math.Exp(logPrefix);
        }
        const double tiny = 1e-300;
        double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
        for (var i = 1; i < 1000; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = an * d + b; if (Math.Abs(d) < tiny) d = tiny;
            c = b + an / c; if (Math.Abs(c) < tiny) c = tiny;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < 1e-15) break;
        }
        return 1 - Math.Exp(logPrefix) * h;
    }

    /// <summary>ln Γ(x) by Lanczos (g = 7, n = 9), with the reflection below ½.</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        double[] g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
        x -= 1;
        var a = g[0];
        var t = x + 7.5;
        for (var i = 1; i < 9; i++) a += g[i] / (x + i);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }
}
