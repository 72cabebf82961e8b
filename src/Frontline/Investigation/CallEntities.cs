using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Investigation;

public enum CallListSource { Place, Case, File, Persons }

/// <summary>
/// 外呼名单: the people an outbound-call team must reach — everyone who checked in at a place over a span, a case's
/// contacts (and, through <see cref="CallLists.AddPersonsAsync"/>, its companions), or a spreadsheet other teams sent.
/// It belongs to one jurisdiction; whoever works it must hold calls.work there.
/// </summary>
public sealed class CallList
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string JurisdictionCode { get; set; }
    public CallListSource Source { get; set; }
    public long? PlaceId { get; set; }
    public long? CaseId { get; set; }
    public DateTime? From { get; set; }
    public DateTime? To { get; set; }
    /// <summary>Calls on the list (one per person), kept with the list so the managers' list of lists needs no count.</summary>
    public int Total { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}

public enum CallStatus { Open, Done }

/// <summary>What a call attempt found. <see cref="Unreachable"/> is no attempt's outcome: a call closed after its last unanswered try.</summary>
public enum CallOutcome { Reached, NoAnswer, WrongNumber, Refused, LeftArea, Unreachable }

/// <summary>
/// One person to call on one list. Name, phone and document number are the list's own copy (a spreadsheet's people
/// need not be registered, and the number a team sent may be newer than the registry's), shown masked by default.
/// </summary>
public sealed class Call
{
    public long Id { get; set; }
    public long CallListId { get; set; }
    /// <summary>One call per person per list: "p{personId}" for a registered person, else "d{document}" or "m{phone}".</summary>
    public required string PersonKey { get; set; }
    public long? PersonId { get; set; }
    public required string Name { get; set; }
    public string? Phone { get; set; }
    public string? IdNumber { get; set; }
    public string? AssignedTo { get; set; }
    public CallStatus Status { get; set; }
    /// <summary>The last attempt's outcome, or <see cref="CallOutcome.Unreachable"/> once the tries ran out.</summary>
    public CallOutcome? Outcome { get; set; }
    public int Attempts { get; set; }
    /// <summary>When an unanswered call comes back; null for a call never tried.</summary>
    public DateTime? DueAt { get; set; }
    public DateTime? LastAttemptAt { get; set; }
    public string? WhereTo { get; set; }
    public string? Note { get; set; }
}

/// <summary>One try of a call, kept as it was recorded. A client key makes a repeated request (a phone's retry) one attempt.</summary>
public sealed class CallAttempt
{
    public long Id { get; set; }
    public long CallId { get; set; }
    public DateTime At { get; set; }
    public required string By { get; set; }
    public CallOutcome Outcome { get; set; }
    public string? Note { get; set; }
    public string? WhereTo { get; set; }
    public string? ClientKey { get; set; }
}

/// <summary>The one reason a caller gave, once per list, to see the full names and numbers of the calls assigned to them.</summary>
public sealed class CallListUnmask
{
    public long Id { get; set; }
    public long CallListId { get; set; }
    public required string UserName { get; set; }
    public required string Reason { get; set; }
    public DateTime At { get; set; }
}

sealed class CallConfiguration : IEntityTypeConfiguration<CallList>, IEntityTypeConfiguration<Call>, IEntityTypeConfiguration<CallAttempt>,
    IEntityTypeConfiguration<CallListUnmask>
{
    public void Configure(EntityTypeBuilder<CallList> e)
    {
        e.ToTable("call_lists");
        e.Property(l => l.Name).HasMaxLength(CallLists.MaxName);
        e.Property(l => l.JurisdictionCode).HasMaxLength(12);
        e.Property(l => l.Source).HasConversion<string>().HasMaxLength(16);
        e.Property(l => l.CreatedBy).HasMaxLength(64);
        e.HasIndex(l => new { l.JurisdictionCode, l.Id });
    }

    public void Configure(EntityTypeBuilder<Call> e)
    {
        e.ToTable("calls");
        e.Property(c => c.PersonKey).HasMaxLength(40);
        e.Property(c => c.Name).HasMaxLength(64);
        e.Property(c => c.Phone).HasMaxLength(20);
        e.Property(c => c.IdNumber).HasMaxLength(32);
        e.Property(c => c.AssignedTo).HasMaxLength(64);
        e.Property(c => c.Status).HasConversion<string>().HasMaxLength(8);
        e.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(16);
        e.Property(c => c.WhereTo).HasMaxLength(CallLists.MaxWhereTo);
        e.Property(c => c.Note).HasMaxLength(CallLists.MaxNote);
        e.HasIndex(c => new { c.CallListId, c.PersonKey }).IsUnique();
        // A caller's work: their open calls, the due retries first. A list's split reads its open unassigned calls.
        e.HasIndex(c => new { c.AssignedTo, c.Status, c.DueAt });
        e.HasIndex(c => new { c.CallListId, c.Status, c.AssignedTo });
        e.HasOne<CallList>().WithMany().HasForeignKey(c => c.CallListId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CallAttempt> e)
    {
        e.ToTable("call_attempts");
        e.Property(a => a.By).HasMaxLength(64);
        e.Property(a => a.Outcome).HasConversion<string>().HasMaxLength(16);
        e.Property(a => a.Note).HasMaxLength(CallLists.MaxNote);
        e.Property(a => a.WhereTo).HasMaxLength(CallLists.MaxWhereTo);
        e.Property(a => a.ClientKey).HasMaxLength(64);
        e.HasIndex(a => new { a.CallId, a.ClientKey }).IsUnique();
        e.HasOne<Call>().WithMany().HasForeignKey(a => a.CallId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<CallListUnmask> e)
    {
        e.ToTable("call_list_unmasks");
        e.Property(u => u.UserName).HasMaxLength(64);
        e.Property(u => u.Reason).HasMaxLength(500);
        e.HasIndex(u => new { u.CallListId, u.UserName }).IsUnique();
    }
}

/// <summary>The outbound-call tables on the one context.</summary>
public static class CallTables
{
    extension(FrontlineDb db)
    {
        public DbSet<CallList> CallLists => db.Set<CallList>();
        public DbSet<Call> Calls => db.Set<Call>();
        public DbSet<CallAttempt> CallAttempts => db.Set<CallAttempt>();
        public DbSet<CallListUnmask> CallListUnmasks => db.Set<CallListUnmask>();
    }
}
