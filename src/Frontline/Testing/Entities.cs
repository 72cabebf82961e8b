using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Testing;

public enum RoundState { Planned, Open, Closed }

/// <summary>轮次: a testing round over a set of jurisdictions within a time window.</summary>
public sealed class TestingRound
{
    public long Id { get; set; }
    public required string Name { get; set; }
    /// <summary>The 12-digit codes the round covers, comma-separated (a handful: a district, some streets or communities).</summary>
    public required string ScopeCodes { get; set; }
    public DateTime StartsAt { get; set; }
    public DateTime EndsAt { get; set; }
    public int PoolSize { get; set; }
    public RoundState State { get; set; }
    /// <summary>When a commander closed the round by hand: its window ends there for scans collected later.</summary>
    public DateTime? ClosedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>
    /// User names of lab accounts the commander assigned to the round, comma-separated: they may report results for any
    /// tube of the round, beyond their own jurisdiction (a district's labs serve every street).
    /// </summary>
    public string LabAccounts { get; set; } = "";

    // The round is read from a snapshot shared by every batch and checked twice per scan (its site, its person): the
    // codes are split once per value of ScopeCodes, in one reference so that a reader on another thread sees a pair.
    sealed record ParsedScope(string From, string[] Codes);
    ParsedScope? parsedScope;

    public string[] Scope
    {
        get
        {
            var parsed = parsedScope;
            if (parsed is null || !ReferenceEquals(parsed.From, ScopeCodes))
                parsedScope = parsed = new ParsedScope(ScopeCodes, ScopeCodes.Split(',', StringSplitOptions.RemoveEmptyEntries));
            return parsed.Codes;
        }
    }

    public string[] Labs => LabAccounts.Split(',', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether a community (or any code) lies within the round's scope.</summary>
    public bool Covers(string code)
    {
        foreach (var scope in Scope)
            if (new JurisdictionScope(scope).Contains(code)) return true;
        return false;
    }
}

/// <summary>采样点: a sampling site of a community, known to samplers by its code.</summary>
public sealed class SamplingSite
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public required string Name { get; set; }
    public required string CommunityCode { get; set; }
    /// <summary>User names of the samplers on its teams, comma-separated.</summary>
    public string Samplers { get; set; } = "";
    public DateTime CreatedAt { get; set; }
}

public enum Outcome { Pending = 0, Negative = 1, Positive = 2, Invalid = 3 }

/// <summary>采样管: a barcode tube holding up to its pool size of swabs, in one round only.</summary>
public sealed class Tube
{
    public long Id { get; set; }
    public required string Code { get; set; }
    public long RoundId { get; set; }
    public long SiteId { get; set; }
    public required string CommunityCode { get; set; }
    public int PoolSize { get; set; }
    public int Count { get; set; }
    public DateTime FirstScanAt { get; set; }
    public Outcome Outcome { get; set; }
    public double? CtOrf1ab { get; set; }
    public double? CtN { get; set; }
    public string? Lab { get; set; }
    public DateTime? ResultAt { get; set; }
    /// <summary>A second, different result arrived: kept for a person to review, never applied silently.</summary>
    public bool NeedsReview { get; set; }
}

/// <summary>One scanned swab: a person into a tube. Idempotent by the device's event id.</summary>
public sealed class Sample
{
    public long Id { get; set; }
    public required string EventId { get; set; }
    public long RoundId { get; set; }
    public long TubeId { get; set; }
    public long PersonId { get; set; }
    public required string CommunityCode { get; set; }
    /// <summary>
    /// The building the person lived in when sampled: their result is counted there (<see cref="RoundBuildingCount"/>) even
    /// if they move before it arrives, so that the result moves the same building's counts that the scan added to.
    /// </summary>
    public long BuildingId { get; set; }
    public long SiteId { get; set; }
    public DateTime CollectedAt { get; set; }
    public string? Collector { get; set; }
    /// <summary>Set for an individual re-test; null for the person's sample of the round (one per round).</summary>
    public long? RetestOrderId { get; set; }
    public DateTime ReceivedAt { get; set; }
    public Outcome Outcome { get; set; }
}

public sealed class LabResult
{
    public long Id { get; set; }
    public required string EventId { get; set; }
    public long TubeId { get; set; }
    public Outcome Outcome { get; set; }
    public double? CtOrf1ab { get; set; }
    public double? CtN { get; set; }
    /// <summary>The lab's name as the result gives it: what it says of itself.</summary>
    public string? Lab { get; set; }
    /// <summary>The account that sent the result (null for results received before this was recorded).</summary>
    public string? SentBy { get; set; }
    public DateTime ReportedAt { get; set; }
    public DateTime ReceivedAt { get; set; }
    /// <summary>A different outcome from the one in force when it arrived: kept, not applied, until a person decides.</summary>
    public bool Conflicting { get; set; }
    public DateTime? ReviewedAt { get; set; }
    public string? ReviewedBy { get; set; }
    /// <summary><see cref="ResultReview.Adopt"/> or <see cref="ResultReview.Keep"/>.</summary>
    public string? ReviewDecision { get; set; }
    public string? ReviewNote { get; set; }
}

/// <summary>A lab's result file as uploaded: its counts, and the errors kept for download (<see cref="ResultUploadError"/>).</summary>
public sealed class ResultUpload
{
    public required string Id { get; set; }
    public required string FileName { get; set; }
    public required string UserName { get; set; }
    public DateTime At { get; set; }
    public int Total { get; set; }
    public int Accepted { get; set; }
    public int Duplicates { get; set; }
    public int Rejected { get; set; }
    /// <summary>Results that differ from the one in force: kept for review, counted apart from the refused rows.</summary>
    public int Conflicts { get; set; }
    public int Errors { get; set; }
}

public sealed class ResultUploadError
{
    public long Id { get; set; }
    public required string UploadId { get; set; }
    public int Row { get; set; }
    public required string Column { get; set; }
    /// <summary>The row's tube code as the file has it (a lab finds a row by its tube, not its number); null when the cell was empty.</summary>
    public string? TubeCode { get; set; }
    public required string Code { get; set; }
    public required string Message { get; set; }
}

/// <summary>
/// An individual single-tube test order (单采), due for one person: a re-test ordered by a lab result (单管复核 of a positive
/// pool, re-sampling of an invalid tube), or a scheduled test another module asked for through <see cref="TestOrders"/> (a
/// stay's test day, <see cref="TestOrderReasons.StayTest"/>), due on one China day. One table for all of them, so that the scan
/// ingest finds a person's open orders in one look-up per batch and the lab result flows back the same way for each.
/// </summary>
public sealed class RetestOrder
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    /// <summary>The round of the tube that ordered a re-test; null for a scheduled test (no round ordered it).</summary>
    public long? RoundId { get; set; }
    /// <summary>The tube whose result ordered a re-test; null for a scheduled test.</summary>
    public long? SourceTubeId { get; set; }
    /// <summary>One of <see cref="TestOrderReasons"/>.</summary>
    public required string Reason { get; set; }
    /// <summary>Whose list it is on: the person's community for a re-test, the requester's (a facility's community) for a scheduled test.</summary>
    public required string CommunityCode { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>A re-test is due until this moment; a scheduled test until the end of its China day.</summary>
    public DateTime DueBy { get; set; }
    /// <summary>The China day a scheduled test is to be sampled on: only a scan of that day takes it. Null for a re-test.</summary>
    public DateOnly? ForDay { get; set; }
    /// <summary>The requester's own number of the test (a stay's day N, counted from the last exposure).</summary>
    public int? DayNumber { get; set; }
    /// <summary>Who asked for it, as the requesting module names it ("stay:42"); a re-sampling ordered by its invalid result keeps it.</summary>
    public string? Requester { get; set; }
    /// <summary>Withdrawn by its requester before it was sampled (a stay ended early): no scan takes it any more.</summary>
    public DateTime? CancelledAt { get; set; }
    public long? SampleId { get; set; }
    public DateTime? SampledAt { get; set; }
    public Outcome Outcome { get; set; }
}

/// <summary>Why an individual test is due (the <see cref="RetestOrder.Reason"/> column).</summary>
public static class TestOrderReasons
{
    public const string PositivePool = "positive-pool";
    public const string InvalidTube = "invalid-tube";
    /// <summary>A scheduled test of a stay (隔离期核酸检测), on one of its test days.</summary>
    public const string StayTest = "stay-test";
}

/// <summary>临时管控: everyone of a positive pool stays where they are until their individual re-test is negative.</summary>
public sealed class TemporaryControl
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public long SourceTubeId { get; set; }
    public required string CommunityCode { get; set; }
    public DateTime Since { get; set; }
    public DateTime? LiftedAt { get; set; }
}

/// <summary>A recorded reason a person is not expected at a round: away, bedridden (sampled at home), or another.</summary>
public sealed class TestingExemption
{
    public long Id { get; set; }
    public long PersonId { get; set; }
    public required string CommunityCode { get; set; }
    public required string Reason { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? Until { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// Running counts per round and community, kept in the same transaction as the scans and results that
/// change them, so that coverage of a district reads 120 rows instead of counting millions.
/// </summary>
public sealed class CoverageCount
{
    public long RoundId { get; set; }
    public required string CommunityCode { get; set; }
    public int Sampled { get; set; }
    public int Negative { get; set; }
    public int Positive { get; set; }
    public int Invalid { get; set; }
    /// <summary>Positive tubes holding at least one person of this community.</summary>
    public int PositiveTubes { get; set; }
    /// <summary>
    /// Infants under the policy's age (taken on the round's first day) who were sampled anyway: they count as
    /// sampled, so they must not also count as exempt.
    /// </summary>
    public int InfantsSampled { get; set; }
}

/// <summary>
/// Running counts per round and building of the round's samples (re-tests left out) by outcome, kept in the same
/// transactions as the scans and results that change them, as <see cref="CoverageCount"/> is per community: a zone's
/// release evaluation sums a few rows per building instead of joining its residents to the round's samples. A person is
/// counted in the building they lived in when sampled (<see cref="Sample.BuildingId"/>). Pending is what is sampled and
/// has none of the three outcomes yet.
/// </summary>
public sealed class RoundBuildingCount
{
    public long RoundId { get; set; }
    public long BuildingId { get; set; }
    public int Sampled { get; set; }
    public int Negative { get; set; }
    public int Positive { get; set; }
    public int Invalid { get; set; }
}

sealed class TestingConfiguration :
    IEntityTypeConfiguration<TestingRound>, IEntityTypeConfiguration<SamplingSite>, IEntityTypeConfiguration<Tube>,
    IEntityTypeConfiguration<Sample>, IEntityTypeConfiguration<LabResult>, IEntityTypeConfiguration<RetestOrder>,
    IEntityTypeConfiguration<TemporaryControl>, IEntityTypeConfiguration<TestingExemption>, IEntityTypeConfiguration<CoverageCount>,
    IEntityTypeConfiguration<RoundBuildingCount>, IEntityTypeConfiguration<ResultUpload>, IEntityTypeConfiguration<ResultUploadError>
{
    public void Configure(EntityTypeBuilder<TestingRound> e)
    {
        e.ToTable("testing_rounds");
        e.Property(r => r.Name).HasMaxLength(128);
        e.Property(r => r.ScopeCodes).HasMaxLength(2000);
        e.Property(r => r.CreatedBy).HasMaxLength(64);
        e.Property(r => r.State).HasConversion<string>().HasMaxLength(16);
        e.Property(r => r.LabAccounts).HasMaxLength(2000);
        e.Ignore(r => r.Scope);
        e.Ignore(r => r.Labs);
    }

    public void Configure(EntityTypeBuilder<SamplingSite> e)
    {
        e.ToTable("sampling_sites");
        e.Property(s => s.Code).HasMaxLength(64);
        e.Property(s => s.Name).HasMaxLength(128);
        e.Property(s => s.CommunityCode).HasMaxLength(12);
        e.Property(s => s.Samplers).HasMaxLength(2000);
        e.HasIndex(s => s.Code).IsUnique();
        e.HasIndex(s => s.CommunityCode);
    }

    public void Configure(EntityTypeBuilder<Tube> e)
    {
        e.ToTable("tubes");
        e.Property(t => t.Code).HasMaxLength(64);
        e.Property(t => t.CommunityCode).HasMaxLength(12);
        e.Property(t => t.Lab).HasMaxLength(128);
        e.Property(t => t.Outcome).HasConversion<int>();
        e.HasIndex(t => t.Code).IsUnique();
        e.HasIndex(t => new { t.RoundId, t.Outcome });
        // The review list: the few flagged tubes found without reading the round's hundreds of thousands.
        e.HasIndex(t => new { t.NeedsReview, t.RoundId });
    }

    public void Configure(EntityTypeBuilder<Sample> e)
    {
        e.ToTable("samples");
        e.Property(s => s.EventId).HasMaxLength(64);
        e.Property(s => s.CommunityCode).HasMaxLength(12);
        e.Property(s => s.Collector).HasMaxLength(64);
        e.Property(s => s.Outcome).HasConversion<int>();
        e.HasIndex(s => s.EventId).IsUnique();
        // One sample of the round per person; re-tests are the exception the filter leaves out.
        e.HasIndex(s => new { s.RoundId, s.PersonId }).IsUnique().HasFilter("retest_order_id IS NULL");
        e.HasIndex(s => s.TubeId);
        e.HasIndex(s => new { s.PersonId, s.CollectedAt });
    }

    public void Configure(EntityTypeBuilder<LabResult> e)
    {
        e.ToTable("lab_results");
        e.Property(r => r.EventId).HasMaxLength(64);
        e.Property(r => r.Lab).HasMaxLength(128);
        e.Property(r => r.SentBy).HasMaxLength(64);
        e.Property(r => r.Outcome).HasConversion<int>();
        e.HasIndex(r => r.EventId).IsUnique();
        e.HasIndex(r => r.TubeId);
        e.Property(r => r.ReviewedBy).HasMaxLength(64);
        e.Property(r => r.ReviewDecision).HasMaxLength(16);
        e.Property(r => r.ReviewNote).HasMaxLength(ResultReview.MaxNote);
    }

    public void Configure(EntityTypeBuilder<RetestOrder> e)
    {
        e.ToTable("retest_orders");
        e.Property(r => r.Reason).HasMaxLength(16);
        e.Property(r => r.CommunityCode).HasMaxLength(12);
        e.Property(r => r.Outcome).HasConversion<int>();
        e.HasIndex(r => new { r.SourceTubeId, r.PersonId }).IsUnique();
        e.HasIndex(r => new { r.PersonId, r.SampleId });
        e.HasIndex(r => new { r.RoundId, r.CommunityCode, r.DueBy });
        e.Property(r => r.Requester).HasMaxLength(32);
        e.HasIndex(r => r.Requester);
        // A jurisdiction's tests of a day (the listing), and one scheduled test per requester and day number.
        e.HasIndex(r => new { r.CommunityCode, r.ForDay });
        // The overdue sweep reads the last week's scheduled days.
        e.HasIndex(r => r.ForDay);
        e.HasIndex(r => new { r.Requester, r.DayNumber }).IsUnique().HasFilter("reason = 'stay-test'").HasDatabaseName("ux_retest_orders_scheduled");
    }

    public void Configure(EntityTypeBuilder<TemporaryControl> e)
    {
        e.ToTable("temporary_controls");
        e.Property(c => c.CommunityCode).HasMaxLength(12);
        e.HasIndex(c => new { c.PersonId, c.SourceTubeId }).IsUnique();
        e.HasIndex(c => new { c.CommunityCode, c.LiftedAt });
    }

    public void Configure(EntityTypeBuilder<TestingExemption> e)
    {
        e.ToTable("testing_exemptions");
        e.Property(x => x.CommunityCode).HasMaxLength(12);
        e.Property(x => x.Reason).HasMaxLength(16);
        e.Property(x => x.CreatedBy).HasMaxLength(64);
        e.HasIndex(x => new { x.CommunityCode, x.PersonId });
        e.HasIndex(x => x.PersonId);
    }

    public void Configure(EntityTypeBuilder<ResultUpload> e)
    {
        e.ToTable("result_uploads");
        e.Property(u => u.Id).HasMaxLength(32);
        e.Property(u => u.FileName).HasMaxLength(260);
        e.Property(u => u.UserName).HasMaxLength(64);
        e.HasIndex(u => u.At);
    }

    public void Configure(EntityTypeBuilder<ResultUploadError> e)
    {
        e.ToTable("result_upload_errors");
        e.Property(x => x.UploadId).HasMaxLength(32);
        e.Property(x => x.Column).HasMaxLength(64);
        e.Property(x => x.TubeCode).HasMaxLength(64);
        e.Property(x => x.Code).HasMaxLength(64);
        e.Property(x => x.Message).HasMaxLength(500);
        e.HasIndex(x => new { x.UploadId, x.Row });
    }

    public void Configure(EntityTypeBuilder<CoverageCount> e)
    {
        e.ToTable("coverage_counts");
        e.HasKey(c => new { c.RoundId, c.CommunityCode });
        e.Property(c => c.CommunityCode).HasMaxLength(12);
    }

    public void Configure(EntityTypeBuilder<RoundBuildingCount> e)
    {
        e.ToTable("round_building_counts");
        // A page of zones reads its buildings' rows of a few rounds: (round, building) probes on the key.
        e.HasKey(c => new { c.RoundId, c.BuildingId });
    }
}
