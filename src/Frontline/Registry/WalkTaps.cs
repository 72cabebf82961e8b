using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Registry;

/// <summary>
/// A household-check tap already applied, kept by the phone's event id: a tap queued offline may be sent again (the answer
/// was lost on a weak signal) and must then change nothing and be answered as saved.
/// </summary>
public sealed class VerificationTap
{
    public long Id { get; set; }
    public required string EventId { get; set; }
    public long PersonId { get; set; }
    public VerificationStatus Status { get; set; }
    public required string UserName { get; set; }
    public DateTime At { get; set; }
}

sealed class VerificationTapConfiguration : IEntityTypeConfiguration<VerificationTap>
{
    public void Configure(EntityTypeBuilder<VerificationTap> e)
    {
        e.ToTable("verification_taps");
        e.Property(t => t.EventId).HasMaxLength(WalkTaps.MaxEventId);
        e.Property(t => t.UserName).HasMaxLength(64);
        e.Property(t => t.Status).HasConversion<int>();
        e.HasIndex(t => t.EventId).IsUnique();
        e.HasIndex(t => t.PersonId);
    }
}

public sealed record WalkTap(
    [Required, Description("The phone's id for this tap (1–64 letters, digits, '-' or '_'): sent again, it changes nothing.")] string? EventId,
    [Required] string? PersonId,
    [Required, OneOf("present", "moved-out", "absent")] string? Status,
    string? Note);

public sealed record WalkTapBatch([Required] WalkTap[]? Taps);

public sealed record WalkTapRejection(string EventId, string Code, string Message);

/// <summary>
/// <c>Saved</c>: applied now or before (a repeat). <c>Rejected</c>: will never apply (the phone drops them and says why).
/// <c>Retry</c>: not applied this time (someone else checked the person at the same moment); the phone sends them again.
/// </summary>
public sealed record WalkTapAnswer(IReadOnlyList<string> Saved, IReadOnlyList<WalkTapRejection> Rejected, IReadOnlyList<string> Retry);

/// <summary>
/// The household walk's taps as the phone queued them (in the order tapped), so that a worker on a weak signal loses
/// nothing: each is a <see cref="Persons.VerifyAsync"/> keyed by its event id. The page posts here with the worker's
/// cookie and the page's antiforgery token: a Blazor circuit does not survive the signal dropping, a fetch retried does.
/// </summary>
public sealed class WalkTaps(Persons persons)
{
    public const int MaxBatch = 200;
    public const int MaxEventId = 64;

    public async Task<WalkTapAnswer> SaveAsync(Caller caller, IReadOnlyList<WalkTap>? taps, CancellationToken ct = default)
    {
        if (taps is null || taps.Count == 0) throw new DomainException("missing-field", field: "taps", args: "taps");
        if (taps.Count > MaxBatch) throw new DomainException("batch-too-large", field: "taps", args: MaxBatch);
        List<string> saved = [], retry = [];
        List<WalkTapRejection> rejected = [];
        foreach (var tap in taps)
        {
            var eventId = tap.EventId?.Trim() ?? "";
            if (eventId.Length is 0 or > MaxEventId || !eventId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                rejected.Add(Rejection(eventId, new DomainException("invalid-event-id", field: "eventId")));
                continue;
            }
            var status = Persons.ParseVerification(tap.Status);
            if (!long.TryParse(tap.PersonId, out var personId) || status is null)
            {
                rejected.Add(Rejection(eventId, status is null ? new DomainException("invalid-verification", field: "status") : new NotFoundException("person")));
                continue;
            }
            try
            {
                await persons.VerifyAsync(caller, personId, status.Value, tap.Note, ct, eventId);
                saved.Add(eventId);
            }
            catch (DomainException e) when (e.Code == "verification-changed")
            {
                retry.Add(eventId);
            }
            catch (DomainException e)
            {
                rejected.Add(Rejection(eventId, e));
            }
            catch (DbUpdateException)
            {
                // The same tap sent twice at once (a retry while the first was still on its way): the other one wrote it.
                // Anything else is the database's fault, not the tap's.
                if (!await persons.TapAppliedAsync(eventId, ct)) throw;
                saved.Add(eventId);
            }
        }
        return new WalkTapAnswer(saved, rejected, retry);
    }

    static WalkTapRejection Rejection(string eventId, DomainException e) => new(eventId, e.Code, ErrorCatalog.Describe(e));

    /// <summary>POST /registry/walk/taps, for the walk page's queue (cookie and antiforgery token, not part of the bearer API).</summary>
    internal static async Task<IResult> PostFromPage(WalkTapBatch batch, HttpContext http, IAntiforgery antiforgery, WalkTaps taps)
    {
        if (!await antiforgery.IsRequestValidAsync(http)) throw new DomainException("invalid-form-token");
        return TypedResults.Ok(await taps.SaveAsync(Caller.From(http), batch.Taps, http.RequestAborted));
    }
}
