using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Investigation;

/// <summary>
/// 场所码扫码: one person's scan of a place's venue code. About 15 M a day at district scale, so the row is
/// narrow and carries only what the companion search and the call lists read. Idempotent by the device's event id.
/// </summary>
public sealed class CheckIn
{
    public long Id { get; set; }
    public required string EventId { get; set; }
    public long PlaceId { get; set; }
    public long PersonId { get; set; }
    /// <summary>The place's community: a check-in belongs to the jurisdiction where it happened.</summary>
    public required string CommunityCode { get; set; }
    public DateTime At { get; set; }
}

public enum TrajectorySource { Manual, CheckIn }

/// <summary>轨迹: where a case was over the lookback — a registered place or a free address, over a time span.</summary>
public sealed class TrajectoryEntry
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public long? PlaceId { get; set; }
    /// <summary>A free address, when the place is not registered (a relative's flat, a roadside stall).</summary>
    public string? Address { get; set; }
    public DateTime From { get; set; }
    public DateTime To { get; set; }
    public TrajectorySource Source { get; set; }
    /// <summary>The case's own check-in this entry was taken from, when it was.</summary>
    public long? CheckInId { get; set; }
    public string? Note { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum ContactKind { Close, Secondary }

/// <summary>密接 / 次密接 of a case. A secondary contact is reached through one of the case's close contacts.</summary>
public sealed class Contact
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public long PersonId { get; set; }
    public ContactKind Kind { get; set; }
    /// <summary>The close contact through whom a secondary contact was exposed.</summary>
    public long? ViaContactId { get; set; }
    public DateTime LastExposureAt { get; set; }
    /// <summary>household, workplace, meal, vehicle, lift, venue … (a short code).</summary>
    public required string Setting { get; set; }
    /// <summary>Where the contact was found: manual, companion, import.</summary>
    public required string Source { get; set; }
    /// <summary>The case's community, copied so that a jurisdiction's contacts are read without a join.</summary>
    public required string CommunityCode { get; set; }
    public required string AddedBy { get; set; }
    public DateTime AddedAt { get; set; }
}

sealed class CheckInConfiguration : IEntityTypeConfiguration<CheckIn>
{
    public void Configure(EntityTypeBuilder<CheckIn> e)
    {
        e.ToTable(InvestigationTables.CheckIns);
        e.Property(c => c.EventId).HasMaxLength(64);
        e.Property(c => c.CommunityCode).HasMaxLength(12);
        e.HasIndex(c => c.EventId).IsUnique();
        // The companion search reads one place over a span; a case's own check-ins are one person over a span.
        e.HasIndex(c => new { c.PlaceId, c.At });
        e.HasIndex(c => new { c.PersonId, c.At });
    }
}

sealed class TrajectoryEntryConfiguration : IEntityTypeConfiguration<TrajectoryEntry>
{
    public void Configure(EntityTypeBuilder<TrajectoryEntry> e)
    {
        e.ToTable("trajectory_entries");
        e.Property(t => t.Address).HasMaxLength(200);
        e.Property(t => t.Note).HasMaxLength(500);
        e.Property(t => t.CreatedBy).HasMaxLength(64);
        e.Property(t => t.Source).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(t => new { t.CaseId, t.From });
    }
}

sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> e)
    {
        e.ToTable("contacts");
        e.Property(c => c.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(c => c.Setting).HasMaxLength(32);
        e.Property(c => c.Source).HasMaxLength(16);
        e.Property(c => c.CommunityCode).HasMaxLength(12);
        e.Property(c => c.AddedBy).HasMaxLength(64);
        e.HasIndex(c => new { c.CaseId, c.PersonId }).IsUnique();
        e.HasIndex(c => c.PersonId);
        e.HasIndex(c => c.ViaContactId);
    }
}

/// <summary>Investigation's tables on the one context.</summary>
public static class InvestigationTables
{
    public const string CheckIns = "checkins";

    extension(FrontlineDb db)
    {
        public DbSet<Case> Cases => db.Set<Case>();
        public DbSet<CheckIn> CheckIns => db.Set<CheckIn>();
        public DbSet<TrajectoryEntry> TrajectoryEntries => db.Set<TrajectoryEntry>();
        public DbSet<Contact> Contacts => db.Set<Contact>();
    }
}
