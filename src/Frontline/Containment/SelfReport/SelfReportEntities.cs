using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Containment;

/// <summary>A personal self-report link of a home stay: only the token's hash is kept; a new link revokes the old.</summary>
public sealed class SelfReportLink
{
    public long Id { get; set; }
    public long StayId { get; set; }
    public required string TokenHash { get; set; }
    public DateTime IssuedAt { get; set; }
    public required string IssuedBy { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

sealed class SelfReportLinkConfiguration : IEntityTypeConfiguration<SelfReportLink>
{
    public void Configure(EntityTypeBuilder<SelfReportLink> e)
    {
        e.ToTable("self_report_links");
        e.Property(l => l.TokenHash).HasMaxLength(64);
        e.Property(l => l.IssuedBy).HasMaxLength(64);
        e.HasIndex(l => l.TokenHash).IsUnique();
        // The missed-report sweep reads the live links; a stay's new link revokes its old one.
        e.HasIndex(l => new { l.RevokedAt, l.ExpiresAt });
        e.HasIndex(l => l.StayId);
    }
}

public static class SelfReportTables
{
    extension(FrontlineDb db)
    {
        public DbSet<SelfReportLink> SelfReportLinks => db.Set<SelfReportLink>();
    }
}
