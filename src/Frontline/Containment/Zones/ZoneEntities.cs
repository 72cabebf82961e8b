using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Containment.Zones;

public enum ZoneStatus { Active, Released }

/// <summary>
/// 封控区 / 管控区 / 防范区 (or 高 / 中 / 低风险区): an area designated over buildings or jurisdictions, at a level of the
/// policy set in force when it was designated. Its release evaluation (eligible date, evidence) is stored with it so that
/// the board reads one row per zone.
/// </summary>
public sealed class Zone
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Level { get; set; }
    /// <summary>The policy set the zone was designated under: its release rule stays that set's.</summary>
    public required string PolicySet { get; set; }
    /// <summary>The community (or street, district) that owns the zone: the jurisdiction scope reads it.</summary>
    public required string CommunityCode { get; set; }
    public required string Reason { get; set; }
    public ZoneStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    /// <summary>When the current level began (designation, or the step down from a higher risk level).</summary>
    public DateTime LevelSince { get; set; }
    public DateTime? ReleasedAt { get; set; }
    public string? ReleasedBy { get; set; }
    public int BuildingCount { get; set; }
    public int ResidentCount { get; set; }
    public DateOnly? EligibleOn { get; set; }
    public DateOnly? EarliestOn { get; set; }
    /// <summary>The missing conditions at the last evaluation, comma-separated codes of <see cref="ZoneRules.Missing"/>.</summary>
    public string Missing { get; set; } = "";
    public DateTime? LastInfectionAt { get; set; }
    public DateTime? LastCloseContactExposureAt { get; set; }
    public int CloseContactsWithoutNegative { get; set; }
    public long? LastRoundId { get; set; }
    public DateOnly? LastRoundDay { get; set; }
    public bool? LastRoundAllNegative { get; set; }
    public DateTime? EvaluatedAt { get; set; }
    /// <summary>Optimistic check: two commanders releasing at once, or an evaluation racing a release.</summary>
    public int Version { get; set; }
}

/// <summary>What a zone covers: one building, or one jurisdiction (a community or a street) with everyone registered in it.</summary>
public sealed class ZoneTarget
{
    public long Id { get; set; }
    public long ZoneId { get; set; }
    public long? BuildingId { get; set; }
    public string? JurisdictionCode { get; set; }
}

public sealed class ZoneCase
{
    public long ZoneId { get; set; }
    public long CaseId { get; set; }
}

/// <summary>One step on a zone's history: designated, evaluated to a new date, stepped down, released, released early.</summary>
public sealed class ZoneStep
{
    public long Id { get; set; }
    public long ZoneId { get; set; }
    public DateTime At { get; set; }
    public required string Action { get; set; }
    public required string By { get; set; }
    public string? FromLevel { get; set; }
    public string? ToLevel { get; set; }
    public string? Reason { get; set; }
    public DateOnly? EligibleOn { get; set; }
}

/// <summary>Superseded: a top-level zone covering the building was designated otherwise (by hand, or from another proposal).</summary>
public enum ProposalStatus { Pending, Accepted, Rejected, Superseded }

/// <summary>A new case lives in a building no active top-level zone covers: the commander accepts (a zone is made) or rejects it.</summary>
public sealed class ZoneProposal
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public long PersonId { get; set; }
    public long BuildingId { get; set; }
    public required string CommunityCode { get; set; }
    public required string Level { get; set; }
    public ProposalStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionReason { get; set; }
    public long? ZoneId { get; set; }
}

sealed class ZoneConfiguration : IEntityTypeConfiguration<Zone>, IEntityTypeConfiguration<ZoneTarget>, IEntityTypeConfiguration<ZoneCase>,
    IEntityTypeConfiguration<ZoneStep>, IEntityTypeConfiguration<ZoneProposal>
{
    public void Configure(EntityTypeBuilder<Zone> e)
    {
        e.ToTable("zones");
        e.Property(z => z.Name).HasMaxLength(100);
        e.Property(z => z.Level).HasMaxLength(16);
        e.Property(z => z.PolicySet).HasMaxLength(64);
        e.Property(z => z.CommunityCode).HasMaxLength(12);
        e.Property(z => z.Reason).HasMaxLength(500);
        e.Property(z => z.CreatedBy).HasMaxLength(64);
        e.Property(z => z.ReleasedBy).HasMaxLength(64);
        e.Property(z => z.Missing).HasMaxLength(200);
        e.Property(z => z.Status).HasConversion<string>().HasMaxLength(10);
        e.Property(z => z.Version).IsConcurrencyToken();
        // The board: a jurisdiction's active zones by level, soonest first.
        e.HasIndex(z => new { z.CommunityCode, z.Status, z.Level, z.EligibleOn });
        e.HasIndex(z => new { z.Status, z.Level });
    }

    public void Configure(EntityTypeBuilder<ZoneTarget> e)
    {
        e.ToTable("zone_targets");
        e.Property(t => t.JurisdictionCode).HasMaxLength(12);
        e.HasIndex(t => t.ZoneId);
        e.HasIndex(t => t.BuildingId);
        e.HasIndex(t => t.JurisdictionCode);
        e.HasOne<Zone>().WithMany().HasForeignKey(t => t.ZoneId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ZoneCase> e)
    {
        e.ToTable("zone_cases");
        e.HasKey(c => new { c.ZoneId, c.CaseId });
        e.HasIndex(c => c.CaseId);
        e.HasOne<Zone>().WithMany().HasForeignKey(c => c.ZoneId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ZoneStep> e)
    {
        e.ToTable("zone_steps");
        e.Property(s => s.Action).HasMaxLength(16);
        e.Property(s => s.By).HasMaxLength(64);
        e.Property(s => s.FromLevel).HasMaxLength(16);
        e.Property(s => s.ToLevel).HasMaxLength(16);
        e.Property(s => s.Reason).HasMaxLength(500);
        e.HasIndex(s => new { s.ZoneId, s.At });
        e.HasOne<Zone>().WithMany().HasForeignKey(s => s.ZoneId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ZoneProposal> e)
    {
        e.ToTable("zone_proposals");
        e.Property(p => p.CommunityCode).HasMaxLength(12);
        e.Property(p => p.Level).HasMaxLength(16);
        e.Property(p => p.DecidedBy).HasMaxLength(64);
        e.Property(p => p.DecisionReason).HasMaxLength(500);
        e.Property(p => p.Status).HasConversion<string>().HasMaxLength(10);
        // Delivered at least once: one proposal per case.
        e.HasIndex(p => p.CaseId).IsUnique();
        e.HasIndex(p => new { p.CommunityCode, p.Status, p.CreatedAt });
    }
}

public static class ZoneTables
{
    extension(FrontlineDb db)
    {
        public DbSet<Zone> Zones => db.Set<Zone>();
        public DbSet<ZoneTarget> ZoneTargets => db.Set<ZoneTarget>();
        public DbSet<ZoneCase> ZoneCases => db.Set<ZoneCase>();
        public DbSet<ZoneStep> ZoneSteps => db.Set<ZoneStep>();
        public DbSet<ZoneProposal> ZoneProposals => db.Set<ZoneProposal>();
    }
}
