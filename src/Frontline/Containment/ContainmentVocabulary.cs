using Frontline.Platform;

namespace Frontline.Containment;

public static class ContainmentPermissions
{
    /// <summary>See zones, facilities, stays and transfers in one's jurisdiction.</summary>
    public const string Read = "containment.read";
    /// <summary>Designate zones and accept or reject the proposals that new cases raise.</summary>
    public const string ZoneWrite = "zone.write";
    /// <summary>Release a zone on or after its eligible date (a commander's decision).</summary>
    public const string ZoneRelease = "zone.release";
    /// <summary>Release a zone before it is eligible, with a stated reason (audited).</summary>
    public const string ZoneOverride = "zone.override";
    /// <summary>Set up quarantine facilities and their rooms.</summary>
    public const string FacilityManage = "facility.manage";
    /// <summary>Take people in, move them between rooms, record health checks and release them (hotel staff).</summary>
    public const string Stay = "containment.stay";
    /// <summary>Dispatch and track transfers (转运): the dispatcher's board and each transfer's steps.</summary>
    public const string Transfer = "containment.transfer";
    /// <summary>Ask for a transfer of people of one's jurisdiction (the dispatcher, and the community worker who knows the door).</summary>
    public const string TransferRequest = "containment.transfer-request";
}

/// <summary>The containment module's shared words; each part (zones, stays, transfers) adds a vocabulary of its own.</summary>
static class ContainmentVocabulary
{
    public static readonly ModuleVocabulary Words = new()
    {
        Module = "Containment",
        Errors = new Dictionary<string, Words>
        {
            // Both an intake and a transfer request meet it: one code, one wording.
            ["facility-full"] = new("该隔离场所空余房间不足：需要 {0} 间，可用 {1} 间", "The facility has too few free rooms: {0} needed, {1} available"),
        },
        Terms = new Dictionary<string, Words>
        {
            ["field:driver"] = new("司机", "Driver"),
            ["field:facilityId"] = new("隔离场所", "Facility"),
            ["field:pickupAddress"] = new("接人地址", "Pick-up address"),
            ["field:roomNumber"] = new("房号", "Room"),
            ["field:rooms"] = new("房间", "Rooms"),
            ["field:temperature"] = new("体温", "Temperature"),
            ["field:vehicle"] = new("车辆", "Vehicle"),
            ["facility"] = new("该隔离场所", "Facility"),
            ["room"] = new("该房间", "Room"),
        },
    };
}
