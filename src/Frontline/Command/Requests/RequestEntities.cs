using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Command.Requests;

public enum RequestStatus { Open, Accepted, Closed }

/// <summary>
/// 民生诉求 / 舆情: a resident's need (medicine, dialysis, a birth, food, care of an old person), a complaint or a public-opinion
/// item, logged by the hotline or a community worker, routed to the community of the address and tracked to closure by its due time.
/// </summary>
public sealed class ResidentRequest
{
    public long Id { get; set; }
    public required string Kind { get; set; }
    public required string Urgency { get; set; }
    /// <summary>The community of the address: its workers handle it, and its late task goes there.</summary>
    public required string CommunityCode { get; set; }
    /// <summary>The registered building the address was resolved to, when it was.</summary>
    public long? BuildingId { get; set; }
    /// <summary>Personal data: masked for callers without pii.view.</summary>
    public required string Address { get; set; }
    /// <summary>Personal data: masked for callers without pii.view.</summary>
    public string? Phone { get; set; }
    public required string Text { get; set; }
    /// <summary>The address lay in a sealed zone when the request was logged (its time limit was the sealed one).</summary>
    public bool SealedZone { get; set; }
    public RequestStatus Status { get; set; }
    public DateTime LoggedAt { get; set; }
    public required string LoggedBy { get; set; }
    public DateTime DueBy { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public string? AcceptedBy { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public string? Outcome { get; set; }
    public DateTime UpdatedAt { get; set; }
    /// <summary>The client's key for a retried log (a double tap, a lost answer): the same key answers the same request.</summary>
    public string? ClientKey { get; set; }
}

/// <summary>One step of a request's handling: accepted, a progress note, closed with its outcome.</summary>
public sealed class RequestStep
{
    public long Id { get; set; }
    public long RequestId { get; set; }
    public DateTime At { get; set; }
    public required string By { get; set; }
    public required string Action { get; set; }
    public string? Note { get; set; }
}

sealed class RequestConfiguration : IEntityTypeConfiguration<ResidentRequest>, IEntityTypeConfiguration<RequestStep>
{
    public void Configure(EntityTypeBuilder<ResidentRequest> e)
    {
        e.ToTable("resident_requests");
        e.Property(r => r.Kind).HasMaxLength(32);
        e.Property(r => r.Urgency).HasMaxLength(16);
        e.Property(r => r.CommunityCode).HasMaxLength(12);
        e.Property(r => r.Address).HasMaxLength(RequestRules.MaxAddress);
        e.Property(r => r.Phone).HasMaxLength(20);
        e.Property(r => r.Text).HasMaxLength(RequestRules.MaxText);
        e.Property(r => r.Status).HasConversion<string>().HasMaxLength(16);
        e.Property(r => r.LoggedBy).HasMaxLength(64);
        e.Property(r => r.AcceptedBy).HasMaxLength(64);
        e.Property(r => r.ClosedBy).HasMaxLength(64);
        e.Property(r => r.Outcome).HasMaxLength(RequestRules.MaxNote);
        e.Property(r => r.ClientKey).HasMaxLength(64);
        // A community's queue and the deadline sweep read open requests by due time; closed ones are history.
        e.HasIndex(r => new { r.CommunityCode, r.Status, r.DueBy });
        e.HasIndex(r => new { r.Status, r.DueBy });
        e.HasIndex(r => r.ClientKey).IsUnique();
    }

    public void Configure(EntityTypeBuilder<RequestStep> e)
    {
        e.ToTable("resident_request_steps");
        e.Property(s => s.By).HasMaxLength(64);
        e.Property(s => s.Action).HasMaxLength(16);
        e.Property(s => s.Note).HasMaxLength(RequestRules.MaxNote);
        e.HasIndex(s => new { s.RequestId, s.At });
    }
}

public static class RequestTables
{
    extension(FrontlineDb db)
    {
        public DbSet<ResidentRequest> ResidentRequests => db.Set<ResidentRequest>();
        public DbSet<RequestStep> RequestSteps => db.Set<RequestStep>();
    }
}
