using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Frontline.Command.Inspections;

/// <summary>督导检查: one visit to a key place, answering one version of its kind's checklist.</summary>
public sealed class Inspection
{
    public long Id { get; set; }
    /// <summary>The place as the API names it: <c>place:12</c> (a registered place), <c>site:4</c> (a sampling site), <c>facility:7</c> (a quarantine facility).</summary>
    public required string PlaceId { get; set; }
    public required string PlaceKind { get; set; }
    /// <summary>The place's name when inspected (a renamed place keeps its history readable).</summary>
    public required string PlaceName { get; set; }
    /// <summary>The community the place stands in: scope, and the jurisdiction its rectification tasks go to.</summary>
    public required string JurisdictionCode { get; set; }
    public required string Template { get; set; }
    public int TemplateVersion { get; set; }
    /// <summary>The answers, item id → true/false, a number or a text, as checked against the template version.</summary>
    public required string AnswersJson { get; set; }
    public DateTime InspectedAt { get; set; }
    public required string InspectedBy { get; set; }
    /// <summary>The phone form's id of this submission: a retried submit answers the inspection it made the first time.</summary>
    public string? RequestId { get; set; }
    /// <summary>Findings it raised that are still open (kept with each re-inspection, for the list's filter).</summary>
    public int OpenFindings { get; set; }
    public int Findings { get; set; }
    /// <summary>How many earlier findings this visit re-checked (a re-inspection when above 0).</summary>
    public int Rechecked { get; set; }
}

public enum FindingStatus { Open = 0, Fixed = 1 }

/// <summary>A finding (问题) with its rectification deadline; its supervised task has the finding's id as subject.</summary>
public sealed class InspectionFinding
{
    public long Id { get; set; }
    public long InspectionId { get; set; }
    public required string PlaceId { get; set; }
    public required string JurisdictionCode { get; set; }
    public required string Text { get; set; }
    public DateTime FixBy { get; set; }
    public FindingStatus Status { get; set; }
    public DateTime? FixedAt { get; set; }
    public string? FixedBy { get; set; }
    /// <summary>The re-inspection that found it fixed.</summary>
    public long? FixedInspectionId { get; set; }
}

/// <summary>One re-check of a finding at a re-inspection: fixed or not, and a new deadline when one was given.</summary>
public sealed class FindingCheck
{
    public long Id { get; set; }
    public long FindingId { get; set; }
    public long InspectionId { get; set; }
    public bool Fixed { get; set; }
    public DateTime? NewFixBy { get; set; }
    public string? Note { get; set; }
    public DateTime At { get; set; }
    public required string By { get; set; }
}

sealed class InspectionConfiguration : IEntityTypeConfiguration<Inspection>, IEntityTypeConfiguration<InspectionFinding>, IEntityTypeConfiguration<FindingCheck>
{
    public void Configure(EntityTypeBuilder<Inspection> e)
    {
        e.ToTable("inspections");
        e.Property(i => i.PlaceId).HasMaxLength(32);
        e.Property(i => i.PlaceKind).HasMaxLength(32);
        e.Property(i => i.PlaceName).HasMaxLength(128);
        e.Property(i => i.JurisdictionCode).HasMaxLength(12);
        e.Property(i => i.Template).HasMaxLength(32);
        e.Property(i => i.InspectedBy).HasMaxLength(64);
        e.Property(i => i.RequestId).HasMaxLength(64);
        e.HasIndex(i => i.RequestId).IsUnique();
        e.HasIndex(i => new { i.PlaceId, i.InspectedAt });
        e.HasIndex(i => new { i.JurisdictionCode, i.InspectedAt });
        e.HasIndex(i => new { i.PlaceKind, i.JurisdictionCode, i.InspectedAt });
    }

    public void Configure(EntityTypeBuilder<InspectionFinding> e)
    {
        e.ToTable("inspection_findings");
        e.Property(f => f.PlaceId).HasMaxLength(32);
        e.Property(f => f.JurisdictionCode).HasMaxLength(12);
        e.Property(f => f.Text).HasMaxLength(InspectionRules.MaxText);
        e.Property(f => f.FixedBy).HasMaxLength(64);
        e.HasIndex(f => f.InspectionId);
        e.HasIndex(f => new { f.PlaceId, f.Status });
    }

    public void Configure(EntityTypeBuilder<FindingCheck> e)
    {
        e.ToTable("inspection_finding_checks");
        e.Property(c => c.Note).HasMaxLength(InspectionRules.MaxText);
        e.Property(c => c.By).HasMaxLength(64);
        e.HasIndex(c => c.FindingId);
        e.HasIndex(c => c.InspectionId);
    }
}
