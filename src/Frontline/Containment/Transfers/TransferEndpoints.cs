using System.ComponentModel;
using Microsoft.AspNetCore.Http.HttpResults;
using Frontline.Platform;
using Frontline.Platform.Scheduling;

namespace Frontline.Containment;

/// <summary>The transfer API (转运): requests, their steps, the board and one transfer with its people.</summary>
public static class TransferEndpoints
{
    const string UnmaskText = "Full pickup addresses, names, document numbers and phones (permission pii.view; audited with the reason).";
    const string ReasonText = "Why the personal data is needed: required with unmask=true (else 400 reason-required), at most 500 characters.";

    public static IServiceCollection AddTransfers(this IServiceCollection services) => services
        .AddVocabulary(TransfersVocabulary.Words)
        .AddScoped<Transfers>()
        .AddScoped<TransferCandidates>()
        .AddSingleton(new Investigation.CasePagePanel("transfer", "隔离转运", "Quarantine and transfer", typeof(Pages.CaseTransferPanel), 550))
        .AddScoped<Demo.TransfersDemo>()
        .AddScoped<IDemoActivity>(sp => sp.GetRequiredService<Demo.TransfersDemo>())
        .AddScheduledWork<TransferDeadlineSweep>(TransferDeadlineSweep.Name, WorkSchedule.Interval(TimeSpan.FromMinutes(1)));

    public static void MapTransferEndpoints(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("").WithTags("Containment");
        group.MapPost("/transfers", RequestTransfer).RequirePermission(ContainmentPermissions.TransferRequest)
            .WithSummary("Requests a transfer (转运) of people from a pickup address to a quarantine facility")
            .WithDescription("Due by the policy's transferDueHours from now for close contacts (positiveTransferDueHours for positives) unless an earlier time is " +
                "given. The facility must have a free room for each person, counting the rooms kept for its other open transfers (409 facility-full). " +
                "A person outside the caller's jurisdiction is answered 404. A retried request (same people, same facility) answers the same transfer.")
            .Answers(400, "missing-field", "field-too-long", "invalid-field", "transfer-no-people", "transfer-too-many-people", "transfer-duplicate-person",
                "transfer-due-in-past", "transfer-due-beyond-policy", "transfer-unknown-room")
            .Answers(404, "not-found").Answers(409, "facility-full", "already-on-transfer", "transfer-room-taken")
            .Example(new ApiExample { Body = new TransferInput(["1", "2"], null, "宝安区松岗街道红星路12号3栋", "1", null, "close-contact", "一人需轮椅") });
        group.MapPost("/transfers/{id:long}/events", StepTransfer).RequirePermission(ContainmentPermissions.Transfer)
            .WithSummary("Records a transfer's step: dispatched (vehicle, driver, escort), picked-up, arrived or cancelled")
            .WithDescription("In order: requested → dispatched → picked-up → arrived; cancelled before pick-up only (409 transfer-wrong-order otherwise). " +
                "A retried step changes nothing and answers the transfer. Arrival starts each person's centralised stay in the facility and closes the overdue task.")
            .Answers(400, "missing-field", "field-too-long", "transfer-invalid-status", "transfer-at-in-future", "transfer-before-previous")
            .Answers(404, "not-found").Answers(409, "transfer-wrong-order")
            .Example(new ApiExample { Path = { ["id"] = 1 }, Body = new TransferEventInput("dispatched", null, "粤B·D12345", "王师傅", "李医生", null) });
        group.MapGet("/transfers", TransferBoard).RequirePermission(ContainmentPermissions.Read)
            .WithSummary("The transfer board: late first (most late at the top), then by due time; paged")
            .WithDescription("`open` (default): not arrived or cancelled; `late`: open and past due; `closed`; `all`. Pickup addresses masked unless unmasked.")
            .Answers(400, "invalid-field", "reason-required", "field-too-long")
            .Example(new ApiExample { Query = { ["status"] = "open", ["jurisdiction"] = "440306005000" } });
        group.MapGet("/transfers/{id:long}", GetTransfer).RequirePermission(ContainmentPermissions.Read)
            .WithSummary("A transfer with its people (masked unless unmasked with a reason): the driver's manifest")
            .Answers(400, "reason-required", "field-too-long").Answers(404, "not-found")
            .Example(new ApiExample { Path = { ["id"] = 1 } });
    }

    static async Task<Created<TransferCreated>> RequestTransfer(TransferInput input, HttpContext http, Transfers transfers)
    {
        var created = await transfers.RequestAsync(Caller.From(http), input, http.RequestAborted);
        return TypedResults.Created($"/api/transfers/{created.Id}", created);
    }

    static async Task<Ok<TransferView>> StepTransfer(long id, TransferEventInput input, HttpContext http, Transfers transfers) =>
        TypedResults.Ok(await transfers.StepAsync(Caller.From(http), id, input, http.RequestAborted));

    static async Task<Ok<Paged<TransferView>>> TransferBoard([OneOf("open", "late", "closed", "all")] string? status, [Description("Only transfers to this facility.")] long? facilityId,
        string? jurisdiction, int? page, int? pageSize, [Description(UnmaskText)] bool? unmask, [Description(ReasonText)] string? reason, HttpContext http, Transfers transfers) =>
        TypedResults.Ok(await transfers.BoardAsync(Caller.From(http), status, facilityId, jurisdiction, PageRequest.From(page, pageSize), unmask == true, reason, http.RequestAborted));

    static async Task<Ok<TransferDetail>> GetTransfer(long id, [Description(UnmaskText)] bool? unmask, [Description(ReasonText)] string? reason, HttpContext http, Transfers transfers) =>
        TypedResults.Ok(await transfers.GetAsync(Caller.From(http), id, unmask == true, reason, http.RequestAborted));
}
