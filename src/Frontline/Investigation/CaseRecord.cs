using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Frontline.Investigation;

/// <summary>临床分型 of a confirmed case (diagnosis and treatment plan, edition 9): 轻型, 普通型, 重型, 危重型.</summary>
public enum CaseSeverity { Mild, Moderate, Severe, Critical }

/// <summary>Where the case is now or how it ended: 居家治疗, 方舱医院, 定点医院, 治愈出院, 死亡.</summary>
public enum CaseOutcome { Home, ShelterHospital, Hospital, Recovered, Died }

/// <summary>The three deadlines of the case file: 网络直报 (from the positive result), core facts and full report (from the case report).</summary>
public enum CaseMilestone { Notified, CoreFacts, ReportSubmitted }

/// <summary>One change on a case's record, for its timeline: what changed, from what, to what, by whom and when. Append-only.</summary>
public sealed class CaseEvent
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    public DateTime At { get; set; }
    public required string UserName { get; set; }
    /// <summary>A <see cref="CaseEventKinds"/> code.</summary>
    public required string Kind { get; set; }
    public string? FromValue { get; set; }
    public string? ToValue { get; set; }
    public string? Note { get; set; }
}

public static class CaseEventKinds
{
    public const string Created = "created";
    public const string Classification = "classification";
    public const string Severity = "severity";
    public const string Outcome = "outcome";
    public const string SampledAt = "sampled-at";
    public const string OnsetDate = "onset-date";
    public const string IsolatedAt = "isolated-at";
    public const string Infector = "infector";
    public const string Milestone = "milestone";
    public const string NoticeDrafted = "notice-drafted";
    public const string NoticeEdited = "notice-edited";
    public const string NoticeApproved = "notice-approved";
    public const string ReportDownloaded = "report-downloaded";
}

/// <summary>
/// 流调轨迹公告: the anonymised trajectory of a case as the district publishes it. Drafted from the trajectory, edited by
/// the investigator, approved by a commander; once approved it is frozen (who approved and when are kept).
/// </summary>
public sealed class TrajectoryNotice
{
    public long Id { get; set; }
    public long CaseId { get; set; }
    /// <summary>The case's community, so that scope applies to notices without a join.</summary>
    public required string CommunityCode { get; set; }
    public required string Text { get; set; }
    public required string DraftedBy { get; set; }
    public DateTime DraftedAt { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTime? ApprovedAt { get; set; }
}

sealed class CaseEventConfiguration : IEntityTypeConfiguration<CaseEvent>
{
    public void Configure(EntityTypeBuilder<CaseEvent> e)
    {
        e.ToTable("case_events");
        e.Property(x => x.UserName).HasMaxLength(64);
        e.Property(x => x.Kind).HasMaxLength(32);
        e.Property(x => x.FromValue).HasMaxLength(200);
        e.Property(x => x.ToValue).HasMaxLength(200);
        e.Property(x => x.Note).HasMaxLength(500);
        e.HasIndex(x => new { x.CaseId, x.Id });
    }
}

sealed class TrajectoryNoticeConfiguration : IEntityTypeConfiguration<TrajectoryNotice>
{
    public void Configure(EntityTypeBuilder<TrajectoryNotice> e)
    {
        e.ToTable("trajectory_notices");
        e.Property(x => x.CommunityCode).HasMaxLength(12);
        e.Property(x => x.Text).HasMaxLength(TrajectoryNotices.MaxText);
        e.Property(x => x.DraftedBy).HasMaxLength(64);
        e.Property(x => x.UpdatedBy).HasMaxLength(64);
        e.Property(x => x.ApprovedBy).HasMaxLength(64);
        e.HasIndex(x => x.CaseId);
        e.HasIndex(x => new { x.CommunityCode, x.DraftedAt });
    }
}

public static class CaseRecordTables
{
    extension(Frontline.Platform.FrontlineDb db)
    {
        public DbSet<CaseEvent> CaseEvents => db.Set<CaseEvent>();
        public DbSet<TrajectoryNotice> TrajectoryNotices => db.Set<TrajectoryNotice>();
    }
}
