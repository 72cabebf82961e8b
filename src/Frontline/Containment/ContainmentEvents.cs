namespace Frontline.Containment;

/// <summary>The events containment's parts pass to each other through the outbox.</summary>
public static class ContainmentEvents
{
    /// <summary>A transfer arrived at its facility: each person on it starts a centralised stay there.</summary>
    public const string TransferArrived = "containment.transfer-arrived";
}

/// <summary>A person on an arrived transfer: the room assigned to them (null: the facility gives the next free one), and why they came.</summary>
public sealed record ArrivingPerson(long PersonId, string? RoomNumber, DateTime? LastExposureAt, long? ContactId, string Reason);

public sealed record TransferArrivedEvent(long TransferId, long FacilityId, IReadOnlyList<ArrivingPerson> People, DateTime ArrivedAt, string ArrivedBy);
