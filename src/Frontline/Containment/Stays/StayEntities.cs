using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Containment;

/// <summary>集中隔离 / 居家隔离 / 居家健康监测.</summary>
public enum StayKind { Centralised, HomeQuarantine, HomeMonitoring }

/// <summary>Active until released; a positive during the stay ends it for hospital care (转院).</summary>
public enum StayStatus { Active, Released, ToHospital, Cancelled }

/// <summary>
/// A person's quarantine or health-monitoring period: where (a facility's room, or at home), why, and its end and
/// test days, planned from the policy set in force at its start (day 1 is the day after the last exposure).
/// </summary>
public sealed class Stay
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public StayKind Kind { get; set; }
    public StayStatus Status { get; set; }
    public long? FacilityId { get; set; }
    public long? RoomId { get; set; }
    /// <summary>Who sees the stay: the facility's community for a centralised stay, the person's own for one at home.</summary>
    public required string JurisdictionCode { get; set; }
    /// <summary>The person's community at intake (for the dashboard's figures by where people live).</summary>
    public required string PersonCommunityCode { get; set; }
    public required string Reason { get; set; }
    /// <summary>The investigation's contact record this stay carries out, when there is one.</summary>
    public long? ContactId { get; set; }
    /// <summary>The transfer that brought the person in, when one did (an arrival delivered twice starts one stay).</summary>
    public long? TransferId { get; set; }
    public DateTime LastExposureAt { get; set; }
    /// <summary>The policy set the end and test days were planned from (a later change of policy does not move them).</summary>
    public required string PolicySet { get; set; }
    public DateOnly StartsOn { get; set; }
    public DateOnly EndsOn { get; set; }
    public DateTime CheckedInAt { get; set; }
    public required string CheckedInBy { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? EndedBy { get; set; }
    public string? EndNote { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>Where a health check came from: hotel or community staff, or the person through their self-report link.</summary>
public enum HealthCheckSource { Staff, SelfReport }

/// <summary>A temperature and symptoms, twice a day; a fever or a symptom is an alert until medical staff handle it.</summary>
public sealed class HealthCheck
{
    public long Id { get; set; }
    public long StayId { get; set; }
    public DateTime At { get; set; }
    public double? Temperature { get; set; }
    /// <summary>Symptom codes, comma-separated (empty when none).</summary>
    public string Symptoms { get; set; } = "";
    public HealthCheckSource Source { get; set; }
    public string? RecordedBy { get; set; }
    /// <summary>A fever (at or above the policy's threshold) or any symptom: medical staff are alerted.</summary>
    public bool Alert { get; set; }
    public DateTime? AlertHandledAt { get; set; }
    public string? AlertHandledBy { get; set; }
    public string? AlertNote { get; set; }
}

sealed class StayConfiguration : IEntityTypeConfiguration<Stay>
{
    public void Configure(EntityTypeBuilder<Stay> e)
    {
        e.ToTable("stays");
        e.Property(s => s.Kind).HasConversion<string>().HasMaxLength(24);
        e.Property(s => s.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(s => s.JurisdictionCode).HasMaxLength(12);
        e.Property(s => s.PersonCommunityCode).HasMaxLength(12);
        e.Property(s => s.Reason).HasMaxLength(200);
        e.Property(s => s.PolicySet).HasMaxLength(64);
        e.Property(s => s.CheckedInBy).HasMaxLength(64);
        e.Property(s => s.EndedBy).HasMaxLength(64);
        e.Property(s => s.EndNote).HasMaxLength(500);
        e.HasIndex(s => new { s.PersonId, s.Status });
        e.HasIndex(s => new { s.FacilityId, s.Status });
        e.HasIndex(s => new { s.JurisdictionCode, s.Status });
        e.HasIndex(s => s.RoomId);
        e.HasIndex(s => s.ContactId);
        // One active stay per person, held by the database: two intakes of the same person at once cannot both succeed.
        e.HasIndex(s => s.PersonId).IsUnique().HasFilter("status = 'Active'").HasDatabaseName("ux_stays_person_active");
        e.HasIndex(s => new { s.TransferId, s.PersonId });
    }
}

sealed class HealthCheckConfiguration : IEntityTypeConfiguration<HealthCheck>
{
    public void Configure(EntityTypeBuilder<HealthCheck> e)
    {
        e.ToTable("health_checks");
        e.Property(h => h.Symptoms).HasMaxLength(200);
        e.Property(h => h.Source).HasConversion<string>().HasMaxLength(16);
        e.Property(h => h.RecordedBy).HasMaxLength(64);
        e.Property(h => h.AlertHandledBy).HasMaxLength(64);
        e.Property(h => h.AlertNote).HasMaxLength(500);
        e.HasIndex(h => new { h.StayId, h.At });
        e.HasIndex(h => new { h.Alert, h.AlertHandledAt });
    }
}

/// <summary>A counselling note (心理疏导) on a stay: what was talked about, by whom.</summary>
public sealed class StayNote
{
    public long Id { get; set; }
    public long StayId { get; set; }
    public required string Text { get; set; }
    public DateTime At { get; set; }
    public required string By { get; set; }
}

/// <summary>
/// A person who arrived on a transfer but could not be taken in (no free room, already staying elsewhere): kept for the
/// facility's staff to see and resolve by hand, never dropped silently.
/// </summary>
public sealed class IntakeFailure
{
    public long Id { get; set; }
    public long FacilityId { get; set; }
    public long TransferId { get; set; }
    public long PersonId { get; set; }
    public required string Code { get; set; }
    public DateTime At { get; set; }
    public DateTime? ResolvedAt { get; set; }
    public string? ResolvedBy { get; set; }
    /// <summary>How the staff resolved it: taken in after all, sent to another facility or hospital, or never arrived.</summary>
    public IntakeResolution? Resolution { get; set; }
    /// <summary>Where they went or what happened; required unless taken in.</summary>
    public string? ResolutionNote { get; set; }
}

/// <summary>How an arrival that could not be taken in was settled by hand.</summary>
public enum IntakeResolution { TakenIn, SentElsewhere, NotArrived }

sealed class StayNoteConfiguration : IEntityTypeConfiguration<StayNote>
{
    public void Configure(EntityTypeBuilder<StayNote> e)
    {
        e.ToTable("stay_notes");
        e.Property(n => n.Text).HasMaxLength(1000);
        e.Property(n => n.By).HasMaxLength(64);
        e.HasIndex(n => new { n.StayId, n.At });
    }
}

sealed class IntakeFailureConfiguration : IEntityTypeConfiguration<IntakeFailure>
{
    public void Configure(EntityTypeBuilder<IntakeFailure> e)
    {
        e.ToTable("intake_failures");
        e.Property(f => f.Code).HasMaxLength(40);
        e.Property(f => f.ResolvedBy).HasMaxLength(64);
        e.Property(f => f.Resolution).HasConversion<string>().HasMaxLength(16);
        e.Property(f => f.ResolutionNote).HasMaxLength(500);
        e.HasIndex(f => new { f.TransferId, f.PersonId }).IsUnique();
        e.HasIndex(f => new { f.FacilityId, f.ResolvedAt });
    }
}

/// <summary>Containment's stay tables on the one context.</summary>
public static class StayTables
{
    extension(FrontlineDb db)
    {
        public DbSet<Stay> Stays => db.Set<Stay>();
        public DbSet<HealthCheck> HealthChecks => db.Set<HealthCheck>();
        public DbSet<StayNote> StayNotes => db.Set<StayNote>();
        public DbSet<IntakeFailure> IntakeFailures => db.Set<IntakeFailure>();
    }
}
