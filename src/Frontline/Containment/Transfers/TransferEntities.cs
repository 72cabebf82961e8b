using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Containment;

/// <summary>转运: people moved from a pickup address to a quarantine facility, with each step's time.</summary>
public sealed class Transfer
{
    public long Id { get; set; }
    public long FacilityId { get; set; }
    /// <summary>The community the people are picked up in: the dispatchers and the command over it see the transfer, and its overdue task goes there.</summary>
    public required string JurisdictionCode { get; set; }
    /// <summary>Personal data: masked for callers without pii.view.</summary>
    public required string PickupAddress { get; set; }
    public TransferUrgency Urgency { get; set; }
    public TransferStatus Status { get; set; }
    public DateTime RequestedAt { get; set; }
    public required string RequestedBy { get; set; }
    public DateTime DueBy { get; set; }
    public DateTime? DispatchedAt { get; set; }
    public DateTime? PickedUpAt { get; set; }
    public DateTime? ArrivedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    public string? Vehicle { get; set; }
    public string? Driver { get; set; }
    public string? Escort { get; set; }
    public string? Note { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>A person on a transfer: the room the facility keeps for them (if any) and the contact record they come from.</summary>
public sealed class TransferPerson
{
    public long Id { get; set; }
    public long TransferId { get; set; }
    public long PersonId { get; set; }
    public string? RoomNumber { get; set; }
    public long? ContactId { get; set; }
    public DateTime? LastExposureAt { get; set; }
    public required string Reason { get; set; }
}

sealed class TransferConfiguration : IEntityTypeConfiguration<Transfer>
{
    public void Configure(EntityTypeBuilder<Transfer> e)
    {
        e.ToTable("transfers");
        e.Property(t => t.JurisdictionCode).HasMaxLength(12);
        e.Property(t => t.PickupAddress).HasMaxLength(200);
        e.Property(t => t.Urgency).HasConversion<string>().HasMaxLength(16);
        e.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(t => t.RequestedBy).HasMaxLength(64);
        e.Property(t => t.Vehicle).HasMaxLength(32);
        e.Property(t => t.Driver).HasMaxLength(64);
        e.Property(t => t.Escort).HasMaxLength(64);
        e.Property(t => t.Note).HasMaxLength(500);
        // The board and the deadline sweep read open transfers by due time; closed ones are history.
        e.HasIndex(t => new { t.JurisdictionCode, t.Status, t.DueBy });
        e.HasIndex(t => new { t.Status, t.DueBy });
        e.HasIndex(t => new { t.FacilityId, t.Status });
    }
}

sealed class TransferPersonConfiguration : IEntityTypeConfiguration<TransferPerson>
{
    public void Configure(EntityTypeBuilder<TransferPerson> e)
    {
        e.ToTable("transfer_people");
        e.Property(p => p.RoomNumber).HasMaxLength(16);
        e.Property(p => p.Reason).HasMaxLength(200);
        e.HasIndex(p => new { p.TransferId, p.PersonId }).IsUnique();
        e.HasIndex(p => p.PersonId);
    }
}

/// <summary>The transfers' tables on the one context.</summary>
public static class TransferTables
{
    extension(FrontlineDb db)
    {
        public DbSet<Transfer> Transfers => db.Set<Transfer>();
        public DbSet<TransferPerson> TransferPeople => db.Set<TransferPerson>();
    }
}
