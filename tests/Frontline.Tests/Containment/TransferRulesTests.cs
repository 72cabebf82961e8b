using Frontline.Containment;
using Frontline.Platform;
using Microsoft.Extensions.Configuration;

namespace Frontline.Tests.Containment;

/// <summary>The transfer rules as tables, against domain-rules.md ("Quarantine facilities and transfers"), for each policy set.</summary>
public sealed class TransferRulesTests
{
    static PolicySet Policy(string name) =>
        new PolicySets(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Frontline:PolicySet"] = name }).Build()).Active;

    static readonly DateTime Requested = new(2022, 3, 14, 1, 30, 0, DateTimeKind.Utc);

    [Theory]
    // Close contacts within 6 hours of identification (the default of every set); positives sooner: the set's own hours (3 h).
    [InlineData("edition-8-three-zones", TransferUrgency.CloseContact, 6)]
    [InlineData("edition-8-three-zones", TransferUrgency.Positive, 3)]
    [InlineData("edition-9-risk-areas", TransferUrgency.CloseContact, 6)]
    [InlineData("edition-9-risk-areas", TransferUrgency.Positive, 3)]
    [InlineData("twenty-measures", TransferUrgency.CloseContact, 6)]
    [InlineData("twenty-measures", TransferUrgency.Positive, 3)]
    public void The_deadline_is_the_policys_hours_from_the_request_for_each_urgency(string policy, TransferUrgency urgency, int hours)
    {
        Assert.Equal(Requested.AddHours(hours), TransferRules.DueBy(Policy(policy), urgency, Requested));
    }

    [Theory]
    [InlineData(6, 3)]
    [InlineData(8, 2)]
    [InlineData(2, 1)]
    public void Each_urgency_reads_its_own_field_of_the_policy_not_a_constant(int closeHours, int positiveHours)
    {
        var policy = Policy("edition-8-three-zones") with { TransferDueHours = closeHours, PositiveTransferDueHours = positiveHours };
        Assert.Equal(positiveHours, TransferRules.DueHours(policy, TransferUrgency.Positive));
        Assert.Equal(closeHours, TransferRules.DueHours(policy, TransferUrgency.CloseContact));
    }

    [Theory]
    // The rules name no number for these three: every set keeps the hours the code used before they became data.
    [InlineData("edition-8-three-zones", 4, 1, 12)]
    [InlineData("edition-9-risk-areas", 4, 1, 12)]
    [InlineData("twenty-measures", 4, 1, 12)]
    public void Self_report_and_capacity_tasks_are_due_by_the_policys_hours(string name, int missedHours, int alertHours, int capacityHours)
    {
        var policy = Policy(name);
        Assert.Equal(Requested.AddHours(missedHours), SelfReportRules.MissedReportDueBy(policy, Requested));
        Assert.Equal(Requested.AddHours(alertHours), SelfReportRules.AlertDueBy(policy, Requested));
        Assert.Equal(Requested.AddHours(capacityHours), FacilityRules.CapacityTaskDueBy(policy, Requested));
        var changed = policy with { SelfReportMissedDueHours = 2, SelfReportAlertDueHours = 3, FacilityCapacityTaskHours = 24 };
        Assert.Equal(Requested.AddHours(2), SelfReportRules.MissedReportDueBy(changed, Requested));
        Assert.Equal(Requested.AddHours(3), SelfReportRules.AlertDueBy(changed, Requested));
        Assert.Equal(Requested.AddHours(24), FacilityRules.CapacityTaskDueBy(changed, Requested));
    }

    [Theory]
    [InlineData(TransferStatus.Requested, TransferStatus.Dispatched, TransferStep.Apply)]
    [InlineData(TransferStatus.Dispatched, TransferStatus.PickedUp, TransferStep.Apply)]
    [InlineData(TransferStatus.PickedUp, TransferStatus.Arrived, TransferStep.Apply)]
    [InlineData(TransferStatus.Requested, TransferStatus.Cancelled, TransferStep.Apply)]
    [InlineData(TransferStatus.Dispatched, TransferStatus.Cancelled, TransferStep.Apply)]
    [InlineData(TransferStatus.Requested, TransferStatus.PickedUp, TransferStep.Refused)]
    [InlineData(TransferStatus.Requested, TransferStatus.Arrived, TransferStep.Refused)]
    [InlineData(TransferStatus.Dispatched, TransferStatus.Arrived, TransferStep.Refused)]
    [InlineData(TransferStatus.PickedUp, TransferStatus.Cancelled, TransferStep.Refused)]
    [InlineData(TransferStatus.Arrived, TransferStatus.Cancelled, TransferStep.Refused)]
    [InlineData(TransferStatus.Cancelled, TransferStatus.Dispatched, TransferStep.Refused)]
    [InlineData(TransferStatus.Cancelled, TransferStatus.Arrived, TransferStep.Refused)]
    [InlineData(TransferStatus.Dispatched, TransferStatus.Dispatched, TransferStep.AlreadyDone)]
    [InlineData(TransferStatus.Arrived, TransferStatus.Arrived, TransferStep.AlreadyDone)]
    [InlineData(TransferStatus.Cancelled, TransferStatus.Cancelled, TransferStep.AlreadyDone)]
    [InlineData(TransferStatus.PickedUp, TransferStatus.Dispatched, TransferStep.AlreadyDone)]
    [InlineData(TransferStatus.Arrived, TransferStatus.Dispatched, TransferStep.AlreadyDone)]
    [InlineData(TransferStatus.Arrived, TransferStatus.PickedUp, TransferStep.AlreadyDone)]
    public void Steps_go_in_order_and_a_retry_changes_nothing(TransferStatus current, TransferStatus wanted, TransferStep step) =>
        Assert.Equal(step, TransferRules.Next(current, wanted));

    [Theory]
    [InlineData(TransferStatus.Requested, -1, false, 0)]
    [InlineData(TransferStatus.Requested, 0, true, 0)]
    [InlineData(TransferStatus.Dispatched, 95, true, 95)]
    [InlineData(TransferStatus.PickedUp, 10, true, 10)]
    [InlineData(TransferStatus.Arrived, 95, false, 0)]
    [InlineData(TransferStatus.Cancelled, 95, false, 0)]
    public void An_open_transfer_past_due_is_late_by_whole_minutes(TransferStatus status, int minutesPastDue, bool late, int minutes)
    {
        var due = Requested.AddHours(6);
        var now = due.AddMinutes(minutesPastDue).AddSeconds(minutesPastDue >= 0 ? 30 : 0);
        Assert.Equal(late, TransferRules.IsLate(status, due, now));
        Assert.Equal(minutes, TransferRules.MinutesLate(status, due, now));
    }

    [Theory]
    [InlineData(10, 0, 10)]
    [InlineData(10, 4, 6)]
    [InlineData(3, 5, 0)]
    public void Rooms_kept_for_open_transfers_are_not_free_for_a_new_one(int free, int kept, int left) =>
        Assert.Equal(left, TransferRules.FreeRoomsLeft(free, kept));

    [Theory]
    [InlineData("宝安区松岗街道红星路12号3栋502", "宝安区松岗街道红星路12号****")]
    [InlineData("红星社区5栋1201", "红星社区5栋****")]
    [InlineData("海裕小区", "海裕****")]
    [InlineData("12号", "1****")]
    public void A_pickup_address_without_pii_view_keeps_the_road_and_hides_the_door(string address, string masked) =>
        Assert.Equal(masked, Masking.Address(address));
}

/// <summary>The self-report rules: the alert (domain-rules.md: fever ≥ 37.3 °C or any symptom) for each policy set, the half-day slots, the link's life.</summary>
public sealed class SelfReportRulesTests
{
    static PolicySet Policy(string name) =>
        new PolicySets(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Frontline:PolicySet"] = name }).Build()).Active;

    [Theory]
    [InlineData("edition-8-three-zones", 36.5, "", false)]
    [InlineData("edition-8-three-zones", 37.2, "", false)]
    [InlineData("edition-8-three-zones", 37.3, "", true)]
    [InlineData("edition-8-three-zones", 38.1, "", true)]
    [InlineData("edition-8-three-zones", 36.5, "cough", true)]
    [InlineData("edition-9-risk-areas", 37.2, "", false)]
    [InlineData("edition-9-risk-areas", 37.3, "", true)]
    [InlineData("edition-9-risk-areas", 36.8, "sore-throat,fatigue", true)]
    [InlineData("twenty-measures", 37.2, "", false)]
    [InlineData("twenty-measures", 37.3, "", true)]
    [InlineData("twenty-measures", 36.4, "smell-taste", true)]
    public void A_fever_at_or_above_the_threshold_or_any_symptom_is_an_alert(string policy, double temperature, string symptoms, bool alert) =>
        Assert.Equal(alert, StayRules.IsAlert(Policy(policy), temperature, symptoms.Split(',', StringSplitOptions.RemoveEmptyEntries)));

    [Theory]
    // China time = UTC + 8: 03:59 UTC is 11:59 in Beijing (morning), 04:00 UTC is noon (afternoon), 16:00 UTC is the next day's midnight.
    [InlineData("2022-03-14T03:59:00Z", "2022-03-14-am", "2022-03-13-pm", "2022-03-13-am")]
    [InlineData("2022-03-14T04:00:00Z", "2022-03-14-pm", "2022-03-14-am", "2022-03-13-pm")]
    [InlineData("2022-03-14T16:00:00Z", "2022-03-15-am", "2022-03-14-pm", "2022-03-14-am")]
    public void The_day_has_two_report_slots_on_beijings_clock(string nowUtc, string current, string lastEnded, string before)
    {
        var now = DateTime.Parse(nowUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.Equal(current, SelfReportRules.SlotOf(now).Key);
        Assert.Equal([lastEnded, before], SelfReportRules.EndedSlots(now).Select(s => s.Key));
        var slot = SelfReportRules.SlotOf(now);
        Assert.True(slot.StartUtc <= now && now < slot.EndUtc);
    }

    [Theory]
    // A link issued during a slot does not make that slot due; days outside the stay never are.
    [InlineData("2022-03-13T23:00:00Z", "2022-03-14", true)]
    [InlineData("2022-03-14T05:00:00Z", "2022-03-14", false)]
    [InlineData("2022-03-10T00:00:00Z", "2022-03-11", false)]
    [InlineData("2022-03-10T00:00:00Z", "2022-03-20", false)]
    public void A_slot_is_due_only_with_a_link_for_all_of_it_within_the_stay(string issuedUtc, string day, bool due)
    {
        var issued = DateTime.Parse(issuedUtc, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        var slot = new ReportSlot(DateOnly.Parse(day), Afternoon: true);
        Assert.Equal(due, SelfReportRules.IsDue(slot, issued, new DateOnly(2022, 3, 12), new DateOnly(2022, 3, 18)));
    }

    [Fact]
    public void A_link_expires_at_the_end_of_the_stays_last_day_in_beijing()
    {
        Assert.Equal(new DateTime(2022, 3, 18, 16, 0, 0, DateTimeKind.Utc), SelfReportRules.ExpiresAt(new DateOnly(2022, 3, 18)));
    }

    [Fact]
    public void Tokens_are_256_random_bits_url_safe_and_only_their_hash_is_kept()
    {
        var tokens = Enumerable.Range(0, 200).Select(_ => SelfReportRules.NewToken()).ToList();
        Assert.Equal(200, tokens.Distinct().Count());
        Assert.All(tokens, t => Assert.True(SelfReportRules.LooksLikeToken(t), t));
        Assert.All(tokens, t => Assert.Equal(32, Convert.FromBase64String(t.Replace('-', '+').Replace('_', '/') + "=").Length));
        Assert.Equal(64, SelfReportRules.Hash(tokens[0]).Length);
        Assert.NotEqual(SelfReportRules.Hash(tokens[0]), SelfReportRules.Hash(tokens[1]));
        Assert.DoesNotContain(tokens[0], SelfReportRules.Hash(tokens[0]));
        Assert.False(SelfReportRules.LooksLikeToken("short"));
        Assert.False(SelfReportRules.LooksLikeToken(tokens[0][..42] + "/"));
    }
}
