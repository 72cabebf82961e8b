using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Command.Briefing;

/// <summary>
/// A daily briefing (简报) of one jurisdiction: its figures frozen at the cut-off as a JSON <see cref="BriefingSnapshot"/>.
/// The document, the page and the sentences are all made from the snapshot, so a briefing reads the same however late it is
/// opened or re-run; one per day and jurisdiction.
/// </summary>
public sealed class StoredBriefing
{
    public long Id { get; set; }
    public DateOnly Day { get; set; }
    public required string JurisdictionCode { get; set; }
    /// <summary>The moment the figures are true of: the end of the day, or the moment a briefing of today was made.</summary>
    public DateTime CutoffAt { get; set; }
    public DateTime GeneratedAt { get; set; }
    public required string GeneratedBy { get; set; }
    /// <summary>The <see cref="BriefingSnapshot"/> as JSON.</summary>
    public required string Snapshot { get; set; }
}

sealed class StoredBriefingConfiguration : IEntityTypeConfiguration<StoredBriefing>
{
    public void Configure(EntityTypeBuilder<StoredBriefing> e)
    {
        e.ToTable("briefings");
        e.HasIndex(b => new { b.Day, b.JurisdictionCode }).IsUnique();
        e.HasIndex(b => new { b.JurisdictionCode, b.Day });
        e.Property(b => b.JurisdictionCode).HasMaxLength(12);
        e.Property(b => b.GeneratedBy).HasMaxLength(64);
    }
}

public static class BriefingTables
{
    extension(FrontlineDb db)
    {
        public DbSet<StoredBriefing> Briefings => db.Set<StoredBriefing>();
    }
}
