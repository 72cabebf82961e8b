using Frontline.Platform;
using Frontline.Testing;

namespace Frontline.Investigation;

/// <summary>Where a contact stands: under measures, waiting for its close contact's first results, released, a case itself, or moved to a new case.</summary>
public enum ContactState { Monitoring, AwaitingCloseResults, Released, BecameCase, Reclassified }

/// <summary>
/// A contact's measures from the policy set (shared/domain-rules.md): days count from the last exposure, day 1 is the
/// day after it. <see cref="EndsOn"/> is the last day of the whole period (centralised then home for a close contact);
/// test days are calendar days.
/// </summary>
public sealed record ContactPlan(ContactKind Kind, string Measure, DateOnly LastExposureDay, DateOnly? CentralisedEndsOn, DateOnly EndsOn,
    IReadOnlyList<DateOnly> TestDays);

/// <summary>The linked rules of close and secondary contacts as pure functions of the policy set; table-tested against all three sets.</summary>
public static class ContactRules
{
    /// <summary>接触场景: the short list of settings a contact is recorded under, with the words the pages show.</summary>
    public static readonly IReadOnlyDictionary<string, Words> Settings = new Dictionary<string, Words>
    {
        ["household"] = new("同住家属", "Household"),
        ["carer"] = new("陪护/照料", "Carer"),
        ["workplace"] = new("同办公室/同工位", "Workplace"),
        ["classroom"] = new("同班级/同教室", "Classroom"),
        ["meal"] = new("同餐", "Shared meal"),
        ["lift"] = new("同乘电梯", "Shared lift"),
        ["vehicle"] = new("同乘交通工具", "Same vehicle"),
        ["venue"] = new("同场所", "Same venue"),
        ["other"] = new("其他", "Other"),
    };

    /// <summary>The district whose residents the registry holds: a contact living elsewhere becomes an assist-check request (协查).</summary>
    public const string District = "440306";

    /// <summary>A setting code from a code or its Chinese or English word, any letter case; null when none fits.</summary>
    public static string? ParseSetting(string? text)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t)) return null;
        foreach (var (code, words) in Settings)
            if (string.Equals(code, t, StringComparison.OrdinalIgnoreCase) || words.Zh == t || string.Equals(words.En, t, StringComparison.OrdinalIgnoreCase))
                return code;
        return t switch { "家庭" or "同住" or "家属" => "household", "同事" or "工作" => "workplace", "同学" => "classroom", "聚餐" => "meal", "电梯" => "lift", "同车" => "vehicle", _ => null };
    }

    /// <summary>close / secondary, or 密接 / 次密接.</summary>
    public static ContactKind? ParseKind(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "close" or "密接" or "密切接触者" => ContactKind.Close,
        "secondary" or "次密接" or "密接的密接" => ContactKind.Secondary,
        _ => null,
    };

    public static string Code(ContactKind kind) => kind == ContactKind.Close ? "close" : "secondary";

    static readonly Dictionary<ContactState, string> StateCodes = new()
    {
        [ContactState.Monitoring] = "monitoring",
        [ContactState.AwaitingCloseResults] = "awaiting-close-results",
        [ContactState.Released] = "released",
        [ContactState.BecameCase] = "became-case",
        [ContactState.Reclassified] = "reclassified",
    };

    public static string Code(ContactState state) => StateCodes[state];

    /// <summary>Why an assist-check was raised: the investigator said so, or an unregistered person's ID was issued elsewhere.</summary>
    public const string OutsideByFlag = "flag", OutsideByIdRegion = "id-region";

    /// <summary>Whether the policy set identifies secondary contacts at all (twenty-measures does not).</summary>
    public static string? CheckSecondaryAllowed(PolicySet policy) => policy.SecondaryContact.Identified ? null : "secondary-not-identified";

    public static DateOnly Day(DateTime utc) => DateOnly.FromDateTime(utc.ToChina().DateTime);

    /// <summary>
    /// A close contact: the centralised days, then the home days, tests on the policy's day numbers of each period
    /// (the home period's numbers count from its own first day). A secondary contact: the policy's days and test days;
    /// null where the policy does not identify secondary contacts.
    /// </summary>
    public static ContactPlan? Plan(PolicySet policy, ContactKind kind, DateTime lastExposureAt)
    {
        var exposed = Day(lastExposureAt);
        if (kind == ContactKind.Close)
        {
            var rule = policy.CloseContact;
            var centralisedEnd = exposed.AddDays(rule.CentralisedDays);
            var tests = rule.CentralisedTestDays.Select(d => exposed.AddDays(d))
                .Concat(rule.HomeTestDays.Select(d => centralisedEnd.AddDays(d))).Distinct().Order().ToList();
            return new ContactPlan(kind, "centralised", exposed, centralisedEnd, centralisedEnd.AddDays(rule.HomeDays), tests);
        }
        var secondary = policy.SecondaryContact;
        if (!secondary.Identified) return null;
        return new ContactPlan(kind, secondary.Kind ?? "centralised", exposed, secondary.Kind == "centralised" ? exposed.AddDays(secondary.Days) : null,
            exposed.AddDays(secondary.Days), secondary.TestDays.Select(d => exposed.AddDays(d)).ToList());
    }

    /// <summary>
    /// Whether a close contact's first tests after its exposure clear its secondary contacts: the first
    /// <see cref="PolicySet.SecondaryReleaseAfterCloseNegatives"/> results, in sampling order, all negative. Pending or
    /// invalid results do not count yet; a positive among them never clears.
    /// </summary>
    public static bool CloseContactCleared(PolicySet policy, IReadOnlyList<Outcome> closeResultsInOrder)
    {
        var needed = policy.SecondaryReleaseAfterCloseNegatives;
        var resulted = closeResultsInOrder.Where(o => o is Outcome.Negative or Outcome.Positive).Take(needed).ToList();
        return resulted.Count >= needed && resulted.All(o => o == Outcome.Negative);
    }

    /// <summary>
    /// A contact's state on <paramref name="today"/>. A close contact is released once its period is over; a secondary
    /// contact once its own period is over and its close contact's first results cleared it — before that it waits.
    /// A contact who became a case is a case; a secondary contact whose close contact became one was moved to the new case.
    /// </summary>
    public static ContactState State(PolicySet policy, ContactKind kind, DateTime lastExposureAt, DateOnly today, bool isCase,
        bool viaBecameCase, IReadOnlyList<Outcome> viaResultsInOrder)
    {
        if (isCase) return ContactState.BecameCase;
        if (kind == ContactKind.Secondary && viaBecameCase) return ContactState.Reclassified;
        var plan = Plan(policy, kind, lastExposureAt);
        // A secondary contact recorded under an earlier policy set that identified them, now read under one that does not:
        // nothing holds them any more.
        if (plan is null) return ContactState.Released;
        if (today <= plan.EndsOn) return ContactState.Monitoring;
        if (kind == ContactKind.Secondary && !CloseContactCleared(policy, viaResultsInOrder)) return ContactState.AwaitingCloseResults;
        return ContactState.Released;
    }

    /// <summary>
    /// Whether a contact lives outside the district: said so by the investigator, or (for someone the registry does not
    /// hold) an ID issued elsewhere. A registered person lives in the district.
    /// </summary>
    public static bool LivesOutside(bool? flagged, bool registered, string? residentId) =>
        flagged ?? (!registered && residentId is { Length: 18 } && !residentId.StartsWith(District, StringComparison.Ordinal));

    /// <summary>An assist-check request is due this many hours after the contact was identified.</summary>
    public static DateTime AssistCheckDue(PolicySet policy, DateTime identifiedAt) => identifiedAt.AddHours(policy.AssistCheckHours);
}
