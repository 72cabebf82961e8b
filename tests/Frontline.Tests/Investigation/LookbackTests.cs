using Frontline.Investigation;
using Frontline.Platform;
using Microsoft.Extensions.Configuration;

namespace Frontline.Tests.Investigation;

/// <summary>
/// The lookback of shared/domain-rules.md, row by row, against each of the three policy sets: N days before onset (an
/// asymptomatic case: before sampling), a screening case from its last negative when later, until isolation (or report).
/// All three sets say N = 2; the expected days are read from the set, so a set that changes N keeps the table true.
/// </summary>
public class LookbackTests
{
    public static TheoryData<string> Sets => new() { "edition-8-three-zones", "edition-9-risk-areas", "twenty-measures" };

    static PolicySet Policy(string name) =>
        new PolicySets(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Frontline:PolicySet"] = name }).Build()).Active;

    // China time 2022-03-14 (UTC+8): sampled at 09:00, reported at 20:00, isolated at 22:00.
    static readonly DateOnly Onset = new(2022, 3, 12);
    static readonly DateTime Sampled = new(2022, 3, 14, 1, 0, 0, DateTimeKind.Utc);
    static readonly DateTime Reported = new(2022, 3, 14, 12, 0, 0, DateTimeKind.Utc);
    static readonly DateTime Isolated = new(2022, 3, 14, 14, 0, 0, DateTimeKind.Utc);

    static DateTime ChinaMidnight(DateOnly day) => new DateTime(day.Year, day.Month, day.Day, 0, 0, 0, DateTimeKind.Utc).AddHours(-8);

    [Theory, MemberData(nameof(Sets))]
    public void A_confirmed_case_looks_back_n_days_before_onset_until_isolation(string set)
    {
        var policy = Policy(set);
        var w = InvestigationRules.Lookback(policy, CaseClassification.Confirmed, Onset, Sampled, Reported, Isolated, false, null);
        Assert.Equal(ChinaMidnight(Onset.AddDays(-policy.LookbackDays)), w.From);
        Assert.Equal(Isolated, w.To);
        Assert.Equal(InvestigationRules.FromOnset, w.StartRule);
    }

    [Theory, MemberData(nameof(Sets))]
    public void An_asymptomatic_case_looks_back_from_its_sampling_date_even_with_an_onset_recorded(string set)
    {
        var policy = Policy(set);
        var w = InvestigationRules.Lookback(policy, CaseClassification.Asymptomatic, Onset, Sampled, Reported, null, false, null);
        Assert.Equal(ChinaMidnight(new DateOnly(2022, 3, 14).AddDays(-policy.LookbackDays)), w.From);
        Assert.Equal(Reported, w.To);
        Assert.Equal(InvestigationRules.FromSampling, w.StartRule);
    }

    [Theory, MemberData(nameof(Sets))]
    public void A_sampling_late_in_the_china_day_counts_on_that_china_day(string set)
    {
        var policy = Policy(set);
        // 2022-03-13 17:30 UTC is 2022-03-14 01:30 in China.
        var late = new DateTime(2022, 3, 13, 17, 30, 0, DateTimeKind.Utc);
        var w = InvestigationRules.Lookback(policy, CaseClassification.Asymptomatic, null, late, Reported, null, false, null);
        Assert.Equal(ChinaMidnight(new DateOnly(2022, 3, 14).AddDays(-policy.LookbackDays)), w.From);
    }

    [Theory, MemberData(nameof(Sets))]
    public void A_screening_case_starts_at_its_last_negative_when_that_is_later(string set)
    {
        var policy = Policy(set);
        var negative = new DateTime(2022, 3, 12, 2, 0, 0, DateTimeKind.Utc);
        var later = InvestigationRules.Lookback(policy, CaseClassification.Asymptomatic, null, Sampled, Reported, null, true, negative);
        Assert.Equal(negative, later.From);
        Assert.Equal(InvestigationRules.FromLastNegative, later.StartRule);

        var earlier = InvestigationRules.Lookback(policy, CaseClassification.Asymptomatic, null, Sampled, Reported, null, true, negative.AddDays(-5));
        Assert.Equal(ChinaMidnight(new DateOnly(2022, 3, 14).AddDays(-policy.LookbackDays)), earlier.From);
        Assert.Equal(InvestigationRules.FromSampling, earlier.StartRule);

        // The same negative does not move a case reported by a clinic: the rule is for cases found by screening.
        var clinic = InvestigationRules.Lookback(policy, CaseClassification.Asymptomatic, null, Sampled, Reported, null, false, negative);
        Assert.Equal(InvestigationRules.FromSampling, clinic.StartRule);
    }

    [Theory, MemberData(nameof(Sets))]
    public void A_pending_case_uses_onset_then_sampling_then_report(string set)
    {
        var policy = Policy(set);
        Assert.Equal(InvestigationRules.FromOnset, InvestigationRules.Lookback(policy, CaseClassification.Pending, Onset, Sampled, Reported, null, false, null).StartRule);
        Assert.Equal(InvestigationRules.FromSampling, InvestigationRules.Lookback(policy, CaseClassification.Pending, null, Sampled, Reported, null, false, null).StartRule);
        var reportOnly = InvestigationRules.Lookback(policy, CaseClassification.Pending, null, null, Reported, null, false, null);
        Assert.Equal(InvestigationRules.FromReport, reportOnly.StartRule);
        Assert.Equal(ChinaMidnight(new DateOnly(2022, 3, 14).AddDays(-policy.LookbackDays)), reportOnly.From);
    }

    [Theory, MemberData(nameof(Sets))]
    public void The_window_clips_spans_to_itself(string set)
    {
        var w = InvestigationRules.Lookback(Policy(set), CaseClassification.Confirmed, Onset, Sampled, Reported, Isolated, false, null);
        Assert.Null(w.Clip(w.From.AddHours(-3), w.From.AddHours(-1)));
        Assert.Equal((w.From, w.From.AddHours(1)), w.Clip(w.From.AddHours(-3), w.From.AddHours(1)));
        Assert.Equal((w.To, w.To), w.Clip(w.To, w.To.AddHours(5)));
        Assert.True(w.Contains(w.From) && w.Contains(w.To) && !w.Contains(w.To.AddTicks(1)));
    }
}
