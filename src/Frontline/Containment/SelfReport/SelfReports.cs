using System.ComponentModel;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using Frontline.Platform;
using Frontline.Supervision;

namespace Frontline.Containment;

public sealed record SelfReportLinkIssued(string Url, DateTimeOffset ExpiresAt, [Description("The link as a QR code (SVG) to print or show on a phone.")] string QrSvg);

public sealed record SelfReportInput(
    [Description("°C, one decimal; 34–43.")] double? Temperature,
    [Description("Symptom codes as for staff checks (StayRules.Symptoms): fever, cough, sore-throat, fatigue, smell-taste, congestion, muscle-ache, conjunctivitis, diarrhoea, short-breath.")] string[]? Symptoms);

public sealed record SelfReportRecorded(bool Alert);

/// <summary>What the phone page may show: the stay's last day, and whether this half-day's report is in. Nothing about the person.</summary>
public sealed record SelfReportForm(DateOnly EndsOn, bool ReportedThisHalfDay);

/// <summary>
/// Self-report links (what Sara Alert does for home monitoring): a person at home reports temperature and symptoms from
/// their own link, without an account. The token is the only key, so every failure to find a live link is the same 404.
/// </summary>
public sealed class SelfReports(IDbContextFactory<FrontlineDb> dbs, AuditLog audit, TimeProvider clock, PolicySets policies)
{
    /// <summary>A second tap on "submit" within this time with the same values is the same report.</summary>
    static readonly TimeSpan RetryWindow = TimeSpan.FromMinutes(2);

    public const string PagePath = "/r/";

    /// <summary>
    /// Issues the stay's link (and revokes the one before). Returns the token only here: it is not stored, so a lost
    /// link is replaced, never recovered.
    /// </summary>
    public async Task<(string Token, DateTime ExpiresAt)> IssueAsync(Caller caller, long stayId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var stay = await db.Stays.AsNoTracking().InScope(caller.Scope, nameof(Stay.JurisdictionCode)).FirstOrDefaultAsync(s => s.Id == stayId, ct)
            ?? throw new NotFoundException("self-report-stay");
        if (stay.Kind == StayKind.Centralised) throw new DomainException("self-report-not-at-home", StatusCodes.Status409Conflict);
        var expiresAt = SelfReportRules.ExpiresAt(stay.EndsOn);
        if (stay.Status != StayStatus.Active || expiresAt <= now) throw new DomainException("self-report-stay-ended", StatusCodes.Status409Conflict);

        var token = SelfReportRules.NewToken();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var revoked = await db.SelfReportLinks.Where(l => l.StayId == stayId && l.RevokedAt == null).ExecuteUpdateAsync(u => u.SetProperty(l => l.RevokedAt, now), ct);
        db.SelfReportLinks.Add(new SelfReportLink { StayId = stayId, TokenHash = SelfReportRules.Hash(token), IssuedAt = now, IssuedBy = caller.UserName, ExpiresAt = expiresAt });
        db.Audit.Add(audit.Entry(caller, SelfReportAuditActions.LinkIssue, $"stay:{stayId}", stay.JurisdictionCode, null,
            new { expiresAt = expiresAt.ToChina(), revokedBefore = revoked }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return (token, expiresAt);
    }

    public static string QrSvg(string url)
    {
        using var generator = new QRCodeGenerator();
        // Level M: a link shown on a phone or printed on a notice at the door; a long URL stays a readable size.
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M, forceUtf8: true);
        return new SvgQRCode(data).GetGraphic(new System.Drawing.Size(320, 320), "#000000", "#ffffff", drawQuietZones: true,
            sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>The live link's stay, or null: unknown, revoked, expired and ended alike (the caller answers 404 for all).</summary>
    static async Task<(SelfReportLink Link, Stay Stay)?> FindAsync(FrontlineDb db, string? token, DateTime now, CancellationToken ct)
    {
        if (!SelfReportRules.LooksLikeToken(token)) return null;
        var hash = SelfReportRules.Hash(token!);
        var row = await db.SelfReportLinks.AsNoTracking().Where(l => l.TokenHash == hash && l.RevokedAt == null && l.ExpiresAt > now)
            .Join(db.Stays.Where(s => s.Status == StayStatus.Active), l => l.StayId, s => s.Id, (l, s) => new { L = l, S = s }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.L, row.S);
    }

    public async Task<SelfReportForm?> FormAsync(string? token, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await FindAsync(db, token, now, ct) is not { } found) return null;
        var slot = SelfReportRules.SlotOf(now);
        var reported = await db.HealthChecks.AnyAsync(h => h.StayId == found.Stay.Id && h.At >= slot.StartUtc && h.At < slot.EndUtc, ct);
        return new SelfReportForm(found.Stay.EndsOn, reported);
    }

    /// <summary>
    /// Writes the person's health check (source SelfReport) with the alert rule of the stay's own policy set; an alert
    /// raises a task for the person's community in the same transaction.
    /// </summary>
    public async Task<SelfReportRecorded> ReportAsync(string? token, SelfReportInput input, string? ip, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbs.CreateDbContextAsync(ct);
        // Looked up before the input is checked: a bad token learns nothing, not even which fields it got wrong.
        if (await FindAsync(db, token, now, ct) is not { } found) throw new NotFoundException("self-report-link");
        var errors = new List<FieldError>();
        if (input.Temperature is not { } temperature) errors.Add(new("temperature", "missing-field", "temperature"));
        else if (double.IsNaN(temperature) || temperature < StayRules.MinTemperature || temperature > StayRules.MaxTemperature)
            errors.Add(new("temperature", "self-report-invalid-temperature", StayRules.MinTemperature, StayRules.MaxTemperature));
        var symptoms = (input.Symptoms ?? []).Select(s => s?.Trim() ?? "").Where(s => s.Length > 0).Distinct().ToList();
        foreach (var s in symptoms.Where(s => !StayRules.Symptoms.ContainsKey(s)))
            errors.Add(new("symptoms", "self-report-invalid-symptom", s.Length > 40 ? s[..40] : s));
        if (errors.Count > 0) throw new ValidationFailed(errors);

        var stay = found.Stay;
        var reading = Math.Round(input.Temperature!.Value, 1);
        var codes = string.Join(',', symptoms.Order(StringComparer.Ordinal));
        var policy = policies.Find(stay.PolicySet) ?? policies.Active;
        var alert = StayRules.IsAlert(policy, reading, symptoms);

        var since = now - RetryWindow;
        var retried = await db.HealthChecks.AsNoTracking().AnyAsync(h => h.StayId == stay.Id && h.Source == HealthCheckSource.SelfReport && h.At >= since
            && h.Temperature == reading && h.Symptoms == codes, ct);
        if (retried) return new SelfReportRecorded(alert);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var check = new HealthCheck { StayId = stay.Id, At = now, Temperature = reading, Symptoms = codes, Source = HealthCheckSource.SelfReport, Alert = alert };
        db.HealthChecks.Add(check);
        await db.SaveChangesAsync(ct);
        if (alert)
            await SupervisedTasks.RaiseAsync(db, TaskKinds.SelfReport, $"health-check:{check.Id}", stay.PersonCommunityCode,
                AlertTitle(stay, reading, symptoms), now, SelfReportRules.AlertDueBy(policies.Active, now), ct);
        var person = new Caller("self-report", new JurisdictionScope(stay.JurisdictionCode), new ClaimsPrincipal(), ip);
        db.Audit.Add(audit.Entry(person, SelfReportAuditActions.Report, $"stay:{stay.Id}", stay.PersonCommunityCode, null,
            new { temperature = reading, symptoms = codes, alert }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new SelfReportRecorded(alert);
    }

    static string AlertTitle(Stay stay, double temperature, IReadOnlyCollection<string> symptoms)
    {
        var what = symptoms.Count == 0 ? "" : "，" + string.Join("、", symptoms.Select(s => StayRules.Symptoms[s].Zh));
        return $"{KindWord(stay.Kind)}人员自报异常：体温 {temperature:0.0} °C{what}（隔离记录 {stay.Id}）";
    }

    public static string KindWord(StayKind kind) => kind == StayKind.HomeQuarantine ? "居家隔离" : kind == StayKind.HomeMonitoring ? "居家健康监测" : "集中隔离";
}
