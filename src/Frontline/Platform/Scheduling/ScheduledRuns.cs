using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Frontline.Platform.Scheduling;

/// <summary>
/// One run of a piece of scheduled work, written by the job wrapper on whichever node ran it: the evidence that a
/// nightly evaluation happened, where, and how it ended. A row without an outcome is a run in progress, or one whose
/// node died under it.
/// </summary>
public sealed class ScheduledRun
{
    public const int ErrorLength = 1000;

    public long Id { get; set; }
    public required string WorkName { get; set; }
    /// <summary>The occurrence this run is for (the trigger's fire time, UTC): two nodes running one occurrence share it.</summary>
    public DateTime ScheduledFor { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public required string NodeId { get; set; }
    public ScheduledRunOutcome? Outcome { get; set; }
    public string? Error { get; set; }
}

public enum ScheduledRunOutcome { Ok, Failed }

sealed class ScheduledRunConfiguration : IEntityTypeConfiguration<ScheduledRun>
{
    public void Configure(EntityTypeBuilder<ScheduledRun> e)
    {
        e.ToTable("scheduled_runs");
        e.Property(r => r.WorkName).HasMaxLength(100);
        e.Property(r => r.NodeId).HasMaxLength(200);
        e.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(8);
        e.Property(r => r.Error).HasMaxLength(ScheduledRun.ErrorLength);
        // The last run of each work, and its history newest first.
        e.HasIndex(r => new { r.WorkName, r.StartedAt });
        e.HasIndex(r => new { r.WorkName, r.ScheduledFor });
    }
}
