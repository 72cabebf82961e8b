using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Command.Notices;

/// <summary>收发文: a notice a command sends to jurisdictions or roles, each receiving unit acknowledging it (签收).</summary>
public sealed class Notice
{
    public long Id { get; set; }
    public required string Title { get; set; }
    public required string Text { get; set; }
    /// <summary>The sending command's jurisdiction (the sender's own): it and the commands above it see who has acknowledged.</summary>
    public required string SenderCode { get; set; }
    public required string SentBy { get; set; }
    public DateTime SentAt { get; set; }
    /// <summary>The recipient codes as the sender gave them, comma-separated (the units are their expansion).</summary>
    public required string Recipients { get; set; }
    public int Units { get; set; }
    public string? ClientKey { get; set; }
}

/// <summary>
/// One receiving unit of a notice: a jurisdiction's command (its code: a street command, a community) or a role within the
/// sender's jurisdiction (<c>role:dispatcher</c>). The unit has acknowledged when one of its people did.
/// </summary>
public sealed class NoticeUnit
{
    public long Id { get; set; }
    public long NoticeId { get; set; }
    public required string UnitCode { get; set; }
    /// <summary>Where the unit's people are: the jurisdiction itself, or for a role the sender's jurisdiction (its people in it).</summary>
    public required string ScopeCode { get; set; }
    public DateTime? AcknowledgedAt { get; set; }
    public string? AcknowledgedBy { get; set; }
    public DateTime? RemindedAt { get; set; }
    public int Reminders { get; set; }
}

/// <summary>A reminder (催办) the sender sent to the units that had not acknowledged.</summary>
public sealed class NoticeReminder
{
    public long Id { get; set; }
    public long NoticeId { get; set; }
    public DateTime At { get; set; }
    public required string By { get; set; }
    public int Pending { get; set; }
}

sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>, IEntityTypeConfiguration<NoticeUnit>, IEntityTypeConfiguration<NoticeReminder>
{
    public void Configure(EntityTypeBuilder<Notice> e)
    {
        e.ToTable("notices");
        e.Property(n => n.Title).HasMaxLength(NoticeRules.MaxTitle);
        e.Property(n => n.Text).HasMaxLength(NoticeRules.MaxText);
        e.Property(n => n.SenderCode).HasMaxLength(12);
        e.Property(n => n.SentBy).HasMaxLength(64);
        e.Property(n => n.Recipients).HasMaxLength(4000);
        e.Property(n => n.ClientKey).HasMaxLength(64);
        // The sent box: a command's notices, newest first.
        e.HasIndex(n => new { n.SenderCode, n.SentAt });
        e.HasIndex(n => n.ClientKey).IsUnique();
    }

    public void Configure(EntityTypeBuilder<NoticeUnit> e)
    {
        e.ToTable("notice_units");
        e.Property(u => u.UnitCode).HasMaxLength(40);
        e.Property(u => u.ScopeCode).HasMaxLength(12);
        e.Property(u => u.AcknowledgedBy).HasMaxLength(64);
        e.HasIndex(u => new { u.NoticeId, u.UnitCode }).IsUnique();
        // The inbox: a unit's notices, pending first.
        e.HasIndex(u => new { u.UnitCode, u.ScopeCode, u.AcknowledgedAt });
    }

    public void Configure(EntityTypeBuilder<NoticeReminder> e)
    {
        e.ToTable("notice_reminders");
        e.Property(r => r.By).HasMaxLength(64);
        e.HasIndex(r => r.NoticeId);
    }
}

public static class NoticeTables
{
    extension(FrontlineDb db)
    {
        public DbSet<Notice> Notices => db.Set<Notice>();
        public DbSet<NoticeUnit> NoticeUnits => db.Set<NoticeUnit>();
        public DbSet<NoticeReminder> NoticeReminders => db.Set<NoticeReminder>();
    }
}
