using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Command.Staff;

/// <summary>
/// 下沉干部: a cadre sent from their home organisation (区总工会, 区教育局) to work in a community or a task force.
/// The row carries the current run of duty days (<see cref="StreakStart"/>, <see cref="StreakUntil"/>) and where the
/// cadre works now, maintained on every write and by the daily rollover, so the list filters and sorts by index
/// instead of computing each person's deployments on every request.
/// </summary>
public sealed class StaffMember
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>派出单位: the home organisation that sent the cadre.</summary>
    public required string Organisation { get; set; }
    /// <summary>Personal data: masked for callers without pii.view.</summary>
    public required string Phone { get; set; }
    /// <summary>Optional resident ID (GB 11643 checked); personal data.</summary>
    public string? IdNumber { get; set; }
    /// <summary>The user account the cadre works under, for the workload figures read from the other modules.</summary>
    public string? UserName { get; set; }
    /// <summary>The command that registered the cadre: who sees them while they have no deployment.</summary>
    public required string HomeJurisdictionCode { get; set; }
    /// <summary>
    /// Who sees the cadre: the jurisdiction of the current (else the next, else the last) deployment, or the home command.
    /// A task-force deployment carries the deploying command's jurisdiction.
    /// </summary>
    public required string JurisdictionCode { get; set; }
    /// <summary>The task force of the current deployment (流调, 隔离酒店, …), null for a community or command posting.</summary>
    public string? TaskForce { get; set; }
    public string? Role { get; set; }
    /// <summary>The first day of the run of consecutive duty days that holds today (or the next one to come); null when none.</summary>
    public DateOnly? StreakStart { get; set; }
    /// <summary>The run's last day as planned (a deployment's end, the eve of a rest day); null while open-ended.</summary>
    public DateOnly? StreakUntil { get; set; }
    public DateTime? LastCareAt { get; set; }
    public string? LastCareKind { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A posting of one cadre, to a community or command (jurisdiction code) or to a task force, from a day to a day (or open-ended).</summary>
public sealed class Deployment
{
    public long Id { get; set; }
    public long StaffId { get; set; }
    /// <summary>The community or command worked in; for a task force, the deploying command's jurisdiction. Decides who sees it.</summary>
    public required string JurisdictionCode { get; set; }
    public string? TaskForce { get; set; }
    public required string Role { get; set; }
    public DateOnly From { get; set; }
    /// <summary>The last day on duty, both ends included; null while open-ended.</summary>
    public DateOnly? To { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? EndedBy { get; set; }
}

/// <summary>A day off (轮休): it breaks the run of consecutive duty days.</summary>
public sealed class RestDay
{
    public long Id { get; set; }
    public long StaffId { get; set; }
    public DateOnly Date { get; set; }
    public string? Note { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
}

public enum CareKind { Visit, Supplies, Counselling, RestArranged }

/// <summary>关心关爱: a visit (走访慰问), supplies (物资), counselling (心理疏导) or a rest arranged for a cadre.</summary>
public sealed class CareRecord
{
    public long Id { get; set; }
    public long StaffId { get; set; }
    public CareKind Kind { get; set; }
    public DateTime At { get; set; }
    public string? Note { get; set; }
    public required string By { get; set; }
    public DateTime CreatedAt { get; set; }
}

sealed class StaffConfiguration : IEntityTypeConfiguration<StaffMember>, IEntityTypeConfiguration<Deployment>,
    IEntityTypeConfiguration<RestDay>, IEntityTypeConfiguration<CareRecord>
{
    public void Configure(EntityTypeBuilder<StaffMember> e)
    {
        e.ToTable("staff");
        e.Property(s => s.Name).HasMaxLength(StaffRules.MaxName);
        e.Property(s => s.Organisation).HasMaxLength(StaffRules.MaxOrganisation);
        e.Property(s => s.Phone).HasMaxLength(20);
        e.Property(s => s.IdNumber).HasMaxLength(18);
        e.Property(s => s.UserName).HasMaxLength(64);
        e.Property(s => s.HomeJurisdictionCode).HasMaxLength(12);
        e.Property(s => s.JurisdictionCode).HasMaxLength(12);
        e.Property(s => s.TaskForce).HasMaxLength(32);
        e.Property(s => s.Role).HasMaxLength(StaffRules.MaxRole);
        e.Property(s => s.LastCareKind).HasMaxLength(16);
        e.Property(s => s.CreatedBy).HasMaxLength(64);
        // The list: in scope, longest run first (the care alerts lead), by the stored run start.
        e.HasIndex(s => new { s.JurisdictionCode, s.StreakStart, s.Id });
        e.HasIndex(s => new { s.StreakStart, s.StreakUntil });
        // The daily rollover finds the runs that ended.
        e.HasIndex(s => s.StreakUntil);
        e.HasIndex(s => new { s.Organisation, s.Id });
        // A roster re-imported finds its cadres again by phone.
        e.HasIndex(s => s.Phone).IsUnique();
        e.HasIndex(s => s.UserName);
    }

    public void Configure(EntityTypeBuilder<Deployment> e)
    {
        e.ToTable("staff_deployments");
        e.Property(d => d.JurisdictionCode).HasMaxLength(12);
        e.Property(d => d.TaskForce).HasMaxLength(32);
        e.Property(d => d.Role).HasMaxLength(StaffRules.MaxRole);
        e.Property(d => d.CreatedBy).HasMaxLength(64);
        e.Property(d => d.EndedBy).HasMaxLength(64);
        e.HasIndex(d => new { d.StaffId, d.From });
        e.HasIndex(d => new { d.JurisdictionCode, d.From });
    }

    public void Configure(EntityTypeBuilder<RestDay> e)
    {
        e.ToTable("staff_rest_days");
        e.Property(r => r.Note).HasMaxLength(200);
        e.Property(r => r.CreatedBy).HasMaxLength(64);
        e.HasIndex(r => new { r.StaffId, r.Date }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<CareRecord> e)
    {
        e.ToTable("staff_care");
        e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(c => c.Note).HasMaxLength(500);
        e.Property(c => c.By).HasMaxLength(64);
        e.HasIndex(c => new { c.StaffId, c.At });
    }
}

/// <summary>The staff tables on the one context.</summary>
public static class StaffTables
{
    extension(FrontlineDb db)
    {
        public DbSet<StaffMember> Staff => db.Set<StaffMember>();
        public DbSet<Deployment> Deployments => db.Set<Deployment>();
        public DbSet<RestDay> RestDays => db.Set<RestDay>();
        public DbSet<CareRecord> CareRecords => db.Set<CareRecord>();
    }
}
