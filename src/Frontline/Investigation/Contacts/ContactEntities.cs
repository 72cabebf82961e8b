using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Investigation;

public enum AssistCheckState { Open, Sent }

/// <summary>
/// 协查: a contact living outside the district, to be handed to the district where they live within the policy's hours
/// (<c>AssistCheckHours</c>) of being identified. One per contact.
/// </summary>
public sealed class AssistCheck
{
    public long Id { get; set; }
    public long ContactId { get; set; }
    public long CaseId { get; set; }
    public long PersonId { get; set; }
    /// <summary>The case's community: the jurisdiction that sends the request.</summary>
    public required string CommunityCode { get; set; }
    /// <summary>Where the contact lives, as the investigator was told (a city or an address); masked in lists.</summary>
    public string? Residence { get; set; }
    /// <summary>Why it is outside: flag (the investigator said so) or id-region (an ID issued elsewhere, not in the registry).</summary>
    public required string Reason { get; set; }
    public DateTime IdentifiedAt { get; set; }
    public DateTime DueBy { get; set; }
    public AssistCheckState State { get; set; }
    public DateTime? SentAt { get; set; }
    public string? SentBy { get; set; }
}

sealed class AssistCheckConfiguration : IEntityTypeConfiguration<AssistCheck>
{
    public void Configure(EntityTypeBuilder<AssistCheck> e)
    {
        e.ToTable("assist_checks");
        e.Property(a => a.CommunityCode).HasMaxLength(12);
        e.Property(a => a.Residence).HasMaxLength(200);
        e.Property(a => a.Reason).HasMaxLength(16);
        e.Property(a => a.SentBy).HasMaxLength(64);
        e.Property(a => a.State).HasConversion<string>().HasMaxLength(8);
        e.HasIndex(a => a.ContactId).IsUnique();
        e.HasIndex(a => new { a.CommunityCode, a.State, a.DueBy });
    }
}

public static class ContactTables
{
    extension(FrontlineDb db)
    {
        public DbSet<AssistCheck> AssistChecks => db.Set<AssistCheck>();
    }
}
