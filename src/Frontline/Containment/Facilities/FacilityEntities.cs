using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Containment;

/// <summary>A quarantine facility (隔离酒店): a hotel or a purpose-built site with numbered rooms on floors.</summary>
public sealed class Facility
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Address { get; set; }
    /// <summary>The community the facility stands in: its staff and the command see it through their jurisdiction.</summary>
    public required string CommunityCode { get; set; }
    public string? Phone { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>A room's state on the room grid (free, occupied, to clean, out of service).</summary>
public enum RoomState { Free, Occupied, Cleaning, OutOfService }

public sealed class Room
{
    public long Id { get; set; }
    public long FacilityId { get; set; }
    public required string Number { get; set; }
    public int Floor { get; set; }
    public RoomState State { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>When the room was added: a past day counts only the rooms there were then (rooms added before this was kept read 0001-01-01, since always).</summary>
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A spell of a room out of service, from "out-of-service" until "back-in-service" (open while it lasts): the history
/// that lets a past day's rooms in service be counted as they were at its cut-off. A room's other states change only
/// through stays, whose own check-in and end times say when it was occupied.
/// </summary>
public sealed class RoomOutage
{
    public long Id { get; set; }
    public long RoomId { get; set; }
    public DateTime Since { get; set; }
    public DateTime? Until { get; set; }
}

sealed class FacilityConfiguration : IEntityTypeConfiguration<Facility>
{
    public void Configure(EntityTypeBuilder<Facility> e)
    {
        e.ToTable("facilities");
        e.Property(f => f.Name).HasMaxLength(100);
        e.Property(f => f.Address).HasMaxLength(200);
        e.Property(f => f.CommunityCode).HasMaxLength(12);
        e.Property(f => f.Phone).HasMaxLength(20);
        e.HasIndex(f => f.CommunityCode);
        e.HasIndex(f => f.Name).IsUnique();
    }
}

sealed class RoomConfiguration : IEntityTypeConfiguration<Room>
{
    public void Configure(EntityTypeBuilder<Room> e)
    {
        e.ToTable("rooms");
        e.Property(r => r.Number).HasMaxLength(16);
        e.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(r => new { r.FacilityId, r.Number }).IsUnique();
        e.HasIndex(r => new { r.FacilityId, r.State });
    }
}

sealed class RoomOutageConfiguration : IEntityTypeConfiguration<RoomOutage>
{
    public void Configure(EntityTypeBuilder<RoomOutage> e)
    {
        e.ToTable("room_outages");
        e.HasOne<Room>().WithMany().HasForeignKey(o => o.RoomId).OnDelete(DeleteBehavior.Cascade);
        // A room's open spell (closed by back-in-service), and a room's spells over a moment (a past day's count).
        e.HasIndex(o => new { o.RoomId, o.Until });
    }
}

/// <summary>Containment's tables on the one context.</summary>
public static class ContainmentTables
{
    extension(FrontlineDb db)
    {
        public DbSet<Facility> Facilities => db.Set<Facility>();
        public DbSet<Room> Rooms => db.Set<Room>();
        public DbSet<RoomOutage> RoomOutages => db.Set<RoomOutage>();
    }
}
