using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Frontline.Registry;

public enum JurisdictionLevel { District, Street, Community, Grid }

/// <summary>
/// A GB/T 2260 statistical division: district → street → community, and under a community its grids (网格): a set of
/// buildings of a few hundred households with their grid worker (网格员), coded by the community's 12 digits and 3 more.
/// </summary>
public sealed class Jurisdiction
{
    public required string Code { get; set; }
    public required string Name { get; set; }
    public JurisdictionLevel Level { get; set; }
    public string? ParentCode { get; set; }
    /// <summary>Registered persons, kept for communities by every registry write; streets and the district sum their children.</summary>
    public int Population { get; set; }
}

public sealed class Building
{
    public long Id { get; set; }
    public required string CommunityCode { get; set; }
    public required string Name { get; set; }
    public string? Address { get; set; }
    public int Floors { get; set; }
    /// <summary>The grid the building belongs to (at most one), null while none. A grid worker's scope is their grid's buildings.</summary>
    public string? GridCode { get; set; }
}

public enum VerificationStatus { Unverified, Present, MovedOut, Absent }

/// <summary>A resident of the registry. A household is the set of persons sharing a building and a room.</summary>
public sealed class Person
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public DocType DocType { get; set; }
    public required string DocNumber { get; set; }
    /// <summary>
    /// The document's last four characters (身份证后四位), computed by the database from the number: what a worker
    /// asks for at the door, searched through its own index.
    /// </summary>
    public string? DocTail { get; private set; }
    public string? Phone { get; set; }
    /// <summary>
    /// The phone's last four digits (手机尾号), computed by the database from the number: what a person gives at a
    /// hotel's door at night or on the hotline, searched through its own index like <see cref="DocTail"/>.
    /// </summary>
    public string? PhoneTail { get; private set; }
    public required string CommunityCode { get; set; }
    public long BuildingId { get; set; }
    public string? Room { get; set; }
    public int? Floor { get; set; }
    public ResidentType ResidentType { get; set; }
    /// <summary>From the resident ID (GB 11643 carries it); null for other documents. Age rules (infants exempt from a round) read it.</summary>
    public DateOnly? BirthDate { get; set; }
    public string? Note { get; set; }
    public VerificationStatus Verification { get; set; }
    public DateTime? VerifiedAt { get; set; }
    public string? VerifiedBy { get; set; }
    public string? VerificationNote { get; set; }
    /// <summary>Registered on the spot (a sampling scan, a newcomer at the door): a community worker confirms the details.</summary>
    public bool NeedsVerification { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

public enum PlaceKind { Market, Checkpoint, Venue, Workplace, School, Facility }

/// <summary>A registered place; its code is what the venue QR code (场所码) carries.</summary>
public sealed class Place
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public PlaceKind Kind { get; set; }
    public required string CommunityCode { get; set; }
    public DateTime CreatedAt { get; set; }
}

public sealed class RosterImport
{
    public required string Id { get; set; }
    public required string FileName { get; set; }
    public required string Mode { get; set; }
    public required string UserName { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public int Total { get; set; }
    public int Imported { get; set; }
    public int Updated { get; set; }
    public int Unchanged { get; set; }
    public int Rejected { get; set; }
    /// <summary>The header row as read, so the rejected rows can be given back in the same columns.</summary>
    public string HeaderJson { get; set; } = "[]";
}

/// <summary>A row the import refused, kept with its original cells so it can be returned for fixing.</summary>
public sealed class RosterImportRejection
{
    public long Id { get; set; }
    public required string ImportId { get; set; }
    public int Row { get; set; }
    public required string CellsJson { get; set; }
    public required string ErrorsJson { get; set; }
}

sealed class RegistryConfiguration :
    IEntityTypeConfiguration<Jurisdiction>, IEntityTypeConfiguration<Building>, IEntityTypeConfiguration<Person>,
    IEntityTypeConfiguration<Place>, IEntityTypeConfiguration<RosterImport>, IEntityTypeConfiguration<RosterImportRejection>
{
    public void Configure(EntityTypeBuilder<Jurisdiction> e)
    {
        e.ToTable("jurisdictions");
        e.HasKey(j => j.Code);
        e.Property(j => j.Code).HasMaxLength(15);
        e.Property(j => j.Name).HasMaxLength(64);
        e.Property(j => j.ParentCode).HasMaxLength(15);
        e.Property(j => j.Level).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(j => j.ParentCode);
    }

    public void Configure(EntityTypeBuilder<Building> e)
    {
        e.ToTable("buildings");
        e.Property(b => b.CommunityCode).HasMaxLength(12);
        e.Property(b => b.Name).HasMaxLength(64);
        e.Property(b => b.Address).HasMaxLength(200);
        e.HasIndex(b => new { b.CommunityCode, b.Name }).IsUnique();
        e.Property(b => b.GridCode).HasMaxLength(15);
        // A grid's buildings are one index range: the grid worker's every scope check starts here.
        e.HasIndex(b => b.GridCode);
    }

    public void Configure(EntityTypeBuilder<Person> e)
    {
        e.ToTable("persons");
        e.Property(p => p.Name).HasMaxLength(64);
        e.Property(p => p.DocType).HasConversion<int>();
        e.Property(p => p.DocNumber).HasMaxLength(32);
        // Written by the database on every insert and update, so no writer (the bulk writer's own SQL included) can
        // forget it; substr and length read the same on SQLite and PostgreSQL.
        e.Property(p => p.DocTail).HasMaxLength(4).HasComputedColumnSql("substr(doc_number, length(doc_number) - 3, 4)", stored: true);
        e.Property(p => p.PhoneTail).HasMaxLength(4).HasComputedColumnSql("substr(phone, length(phone) - 3, 4)", stored: true);
        e.Property(p => p.Phone).HasMaxLength(20);
        e.Property(p => p.CommunityCode).HasMaxLength(12);
        e.Property(p => p.Room).HasMaxLength(32);
        e.Property(p => p.Note).HasMaxLength(500);
        e.Property(p => p.VerifiedBy).HasMaxLength(64);
        e.Property(p => p.VerificationNote).HasMaxLength(500);
        e.Property(p => p.ResidentType).HasConversion<int>();
        e.Property(p => p.Verification).HasConversion<int>();
        e.HasIndex(p => new { p.DocNumber, p.DocType }).IsUnique();
        // Scope range scans come back in list order from this index.
        e.HasIndex(p => new { p.CommunityCode, p.Id });
        // Name first, community second: a name-prefix search walks only the matching names and filters
        // the scope inside the index. With the community first, SQLite scanned the whole scope instead.
        e.HasIndex(p => new { p.Name, p.CommunityCode });
        e.HasIndex(p => new { p.BuildingId, p.Room });
        e.HasIndex(p => p.Phone);
        // Last four ID characters and room number, each with the community second so the scope filters inside the index.
        e.HasIndex(p => new { p.DocTail, p.CommunityCode });
        e.HasIndex(p => new { p.PhoneTail, p.CommunityCode });
        e.HasIndex(p => new { p.Room, p.CommunityCode });
        // Community first: infants of one community (coverage exemptions) are one short range, counted from the
        // index alone, moved-out ones left out.
        e.HasIndex(p => new { p.CommunityCode, p.BirthDate, p.Verification });
        e.HasOne<Building>().WithMany().HasForeignKey(p => p.BuildingId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Place> e)
    {
        e.ToTable("places");
        e.Property(p => p.Code).HasMaxLength(64);
        e.Property(p => p.Name).HasMaxLength(128);
        e.Property(p => p.CommunityCode).HasMaxLength(12);
        e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(p => p.Code).IsUnique();
        e.HasIndex(p => new { p.CommunityCode, p.Kind });
    }

    public void Configure(EntityTypeBuilder<RosterImport> e)
    {
        e.ToTable("roster_imports");
        e.Property(i => i.Id).HasMaxLength(32);
        e.Property(i => i.FileName).HasMaxLength(260);
        e.Property(i => i.Mode).HasMaxLength(16);
        e.Property(i => i.UserName).HasMaxLength(64);
        e.HasIndex(i => i.StartedAt);
    }

    public void Configure(EntityTypeBuilder<RosterImportRejection> e)
    {
        e.ToTable("roster_import_rejections");
        e.Property(r => r.ImportId).HasMaxLength(32);
        e.HasIndex(r => new { r.ImportId, r.Row });
    }
}
