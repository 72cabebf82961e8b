using Frontline.Platform;

namespace Frontline.Containment;

/// <summary>A transfer's life: requested, dispatched (vehicle, driver, escort), picked up, arrived; or cancelled before pick-up.</summary>
public enum TransferStatus { Requested, Dispatched, PickedUp, Arrived, Cancelled }

/// <summary>Who is moved decides how soon: close contacts within the policy's hours, positives sooner.</summary>
public enum TransferUrgency { CloseContact, Positive }

/// <summary>What a status event does to a transfer: applied, a retry of one already applied (nothing changes), or refused.</summary>
public enum TransferStep { Apply, AlreadyDone, Refused }

/// <summary>The transfer rules (domain-rules.md, "Quarantine facilities and transfers"), pure functions of (policy, facts).</summary>
public static class TransferRules
{
    /// <summary>
    /// When the people must be at the facility: close contacts within the policy's <c>TransferDueHours</c> of the request
    /// (6 h in every set), a transfer carrying a positive within its <c>PositiveTransferDueHours</c> (the rules say only
    /// "positives sooner"; 3 h in every set). A caller may give an earlier deadline, never a later one.
    /// </summary>
    public static DateTime DueBy(PolicySet policy, TransferUrgency urgency, DateTime requestedAt) =>
        requestedAt.AddHours(DueHours(policy, urgency));

    public static int DueHours(PolicySet policy, TransferUrgency urgency) => urgency switch
    {
        TransferUrgency.Positive => policy.PositiveTransferDueHours,
        _ => policy.TransferDueHours,
    };

    /// <summary>The allowed order: requested → dispatched → picked up → arrived; cancelled only before the people are on board.</summary>
    public static TransferStep Next(TransferStatus current, TransferStatus wanted)
    {
        if (current == wanted) return TransferStep.AlreadyDone;
        return (current, wanted) switch
        {
            (TransferStatus.Requested, TransferStatus.Dispatched) => TransferStep.Apply,
            (TransferStatus.Dispatched, TransferStatus.PickedUp) => TransferStep.Apply,
            (TransferStatus.PickedUp, TransferStatus.Arrived) => TransferStep.Apply,
            (TransferStatus.Requested or TransferStatus.Dispatched, TransferStatus.Cancelled) => TransferStep.Apply,
            // A retry of an earlier step that a later one has already passed: the transfer is past it, nothing to do.
            (TransferStatus.PickedUp or TransferStatus.Arrived, TransferStatus.Dispatched) => TransferStep.AlreadyDone,
            (TransferStatus.Arrived, TransferStatus.PickedUp) => TransferStep.AlreadyDone,
            _ => TransferStep.Refused,
        };
    }

    /// <summary>The rooms a new transfer may still count on: free rooms less those kept for the facility's open transfers.</summary>
    public static int FreeRoomsLeft(int freeRooms, int keptForOpenTransfers) => Math.Max(0, freeRooms - keptForOpenTransfers);

    public static bool IsOpen(TransferStatus status) => status is not (TransferStatus.Arrived or TransferStatus.Cancelled);

    /// <summary><see cref="IsOpen"/> as a filter the database runs.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<Transfer, bool>> Open =
        t => t.Status != TransferStatus.Arrived && t.Status != TransferStatus.Cancelled;

    /// <summary>Past due and not yet arrived or cancelled: the board lists it first and the sweep raises its task.</summary>
    public static bool IsLate(TransferStatus status, DateTime dueBy, DateTime now) => IsOpen(status) && now >= dueBy;

    /// <summary>Whole minutes past due (0 when on time or closed): the board's "late by".</summary>
    public static int MinutesLate(TransferStatus status, DateTime dueBy, DateTime now) =>
        IsLate(status, dueBy, now) ? (int)Math.Floor((now - dueBy).TotalMinutes) : 0;

    /// <summary>The statuses as the API spells them.</summary>
    static readonly Dictionary<TransferStatus, string> Codes = new()
    {
        [TransferStatus.Requested] = "requested",
        [TransferStatus.Dispatched] = "dispatched",
        [TransferStatus.PickedUp] = "picked-up",
        [TransferStatus.Arrived] = "arrived",
        [TransferStatus.Cancelled] = "cancelled",
    };

    public static string Code(TransferStatus status) => Codes[status];

    public static TransferStatus? Parse(string? code) => Codes.FirstOrDefault(c => c.Value == code) is { Value: not null } found ? (TransferStatus?)found.Key : null;

    static readonly Dictionary<TransferUrgency, string> UrgencyCodes = new()
    {
        [TransferUrgency.CloseContact] = "close-contact",
        [TransferUrgency.Positive] = "positive",
    };

    public static string Code(TransferUrgency urgency) => UrgencyCodes[urgency];

    public static TransferUrgency? ParseUrgency(string? code) =>
        string.IsNullOrEmpty(code) ? TransferUrgency.CloseContact : UrgencyCodes.FirstOrDefault(c => c.Value == code) is { Value: not null } found ? found.Key : null;

    public static string Label(TransferStatus status) => status switch
    {
        TransferStatus.Requested => Ui.T("待派车", "Requested"),
        TransferStatus.Dispatched => Ui.T("已派车", "Dispatched"),
        TransferStatus.PickedUp => Ui.T("已接上", "Picked up"),
        TransferStatus.Arrived => Ui.T("已送达", "Arrived"),
        _ => Ui.T("已取消", "Cancelled"),
    };
}
