using System.Reflection;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Frontline.Platform;

/// <summary>
/// A named, versioned set of the field's numbers (shared/domain-rules.md). Every module reads its
/// periods, test days, windows, pool sizes, thresholds and deadlines from here, never from constants.
/// </summary>
public sealed record PolicySet
{
    public required string Name { get; init; }
    public required string Title { get; init; }
    public required string TitleEn { get; init; }
    public required string EffectiveFrom { get; init; }
    public required string AreaScheme { get; init; }
    public required QuarantineRule CloseContact { get; init; }
    public required SecondaryContactRule SecondaryContact { get; init; }
    public int LookbackDays { get; init; }
    public int CompanionWindowMinutes { get; init; }
    public required Dictionary<string, int> PoolSizeByZoneLevel { get; init; }
    public double CtThreshold { get; init; }
    public double CtThresholdInbound { get; init; }
    public int RetestDueHours { get; init; }
    public int PositivePoolReportHours { get; init; }
    public int CaseReportHours { get; init; }
    /// <summary>Hours after the case report by which the core facts of the investigation are in (identity, onset, home, work, close contacts there).</summary>
    public int InvestigationCoreFactsHours { get; init; }
    /// <summary>Hours after the case report by which the full investigation report is handed in.</summary>
    public int InvestigationReportHours { get; init; }
    /// <summary>Hours after a contact living elsewhere is identified by which the assist-check request (协查) is sent.</summary>
    public int AssistCheckHours { get; init; }
    /// <summary>How many of a close contact's first tests must be negative before its secondary contacts may be released on schedule.</summary>
    public int SecondaryReleaseAfterCloseNegatives { get; init; }
    public int TransferDueHours { get; init; }
    /// <summary>
    /// Hours within which a transfer carrying a positive person reaches the facility. The rules say only "positives sooner"
    /// and name no number: every set keeps the 3 h (half of the close contacts' 6) the code used before it became data.
    /// </summary>
    public int PositiveTransferDueHours { get; init; }
    /// <summary>Hours a community has to reach a person at home who sent no self-report in a half-day (the missed-report task's due time).</summary>
    public int SelfReportMissedDueHours { get; init; }
    /// <summary>Hours a community has to act on a fever or symptom a person at home reported (the self-report alert task's due time).</summary>
    public int SelfReportAlertDueHours { get; init; }
    /// <summary>Hours the command has to find rooms elsewhere once a facility reaches its capacity alert (the capacity task's due time).</summary>
    public int FacilityCapacityTaskHours { get; init; }
    public required Dictionary<string, int> FirstRoundDeadlineHours { get; init; }
    public int ExemptInfantUnderYears { get; init; }
    public double FeverThresholdCelsius { get; init; }
    public required Dictionary<string, ZoneReleaseRule> ZoneRelease { get; init; }
    /// <summary>The serial interval the command's Rt estimate assumes (Cori et al.), and how many cases an estimate must rest on.</summary>
    public SerialIntervalRule SerialInterval { get; init; } = new(3.0, 2.0, 12);
}

/// <param name="MeanDays">Mean of the serial interval (onset of infector to onset of infectee), days.</param>
/// <param name="SdDays">Its standard deviation, days.</param>
/// <param name="MinCases">Fewer cases than this in an estimate's window and the estimate is not shown.</param>
public sealed record SerialIntervalRule(double MeanDays, double SdDays, int MinCases);

public sealed record QuarantineRule(int CentralisedDays, int HomeDays, int[] CentralisedTestDays, int[] HomeTestDays, int ReleaseTestLabs);

public sealed record SecondaryContactRule(bool Identified, string? Kind, int Days, int[] TestDays);

public sealed record ZoneReleaseRule(
    int? NoNewInfectionDays = null,
    int? LastCloseContactDaysPastExposure = null,
    int? AllNegativeRoundWithinDays = null,
    int? AllNegativeRoundOnDay = null,
    bool LiftsWhenAllOthersLifted = false,
    string Becomes = "released");

/// <summary>Loads the shipped policy sets and serves the active one, chosen by Frontline:PolicySet.</summary>
public sealed class PolicySets
{
    public const string DefaultName = "edition-8-three-zones";
    const string SettingKey = "active-policy-set";

    public IReadOnlyList<PolicySet> All { get; }
    public PolicySet Active { get; }

    public PolicySets(IConfiguration config)
    {
        All = Load();
        var name = config["Frontline:PolicySet"] is { Length: > 0 } configured ? configured : DefaultName;
        Active = All.FirstOrDefault(p => p.Name == name)
            ?? throw new InvalidOperationException(
                $"Frontline:PolicySet '{name}' is not a known policy set; choose one of: {string.Join(", ", All.Select(p => p.Name))}");
    }

    public PolicySet? Find(string name) => All.FirstOrDefault(p => p.Name == name);

    static List<PolicySet> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var sets = new List<PolicySet>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.Contains(".PolicySets.") && n.EndsWith(".json", StringComparison.Ordinal)).Order())
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            sets.Add(JsonSerializer.Deserialize<PolicySet>(stream, JsonSerializerOptions.Web)
                ?? throw new InvalidOperationException($"Policy set {resource} is empty"));
        }
        return sets;
    }

    /// <summary>A change of the active set takes effect for new records and is itself audited, once, at the start that makes it.</summary>
    public async Task RecordActivationAsync(FrontlineDb db, AuditLog audit, TimeProvider clock, CancellationToken ct = default)
    {
        var setting = await db.Settings.FindAsync([SettingKey], ct);
        if (setting?.Value == Active.Name) return;
        var previous = setting?.Value;
        if (setting is null) db.Settings.Add(setting = new AppSetting { Key = SettingKey, Value = Active.Name });
        setting.Value = Active.Name;
        setting.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        db.Audit.Add(audit.Entry(Caller.System, AuditActions.PolicyActivate, Active.Name,
            reason: "Frontline:PolicySet", detail: new { previous, active = Active.Name }));
        await db.SaveChangesAsync(ct);
    }
}
