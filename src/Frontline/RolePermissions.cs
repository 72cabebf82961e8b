using Frontline.Command.Staff;
using Frontline.Command.Inspections;
using Frontline.Command.Notices;
using Frontline.Command.Requests;
using Frontline.Containment;
using Frontline.Investigation;
using Frontline.Platform;
using Frontline.Registry;
using Frontline.Supervision;
using Frontline.Testing;

namespace Frontline;

/// <summary>
/// Which role holds which permission: one readable table, because it is policy that a commander reviews.
/// It lives beside the composition root, the one place that knows every module's permissions.
/// </summary>
public static class RolePermissions
{
    const string DashboardRead = Frontline.Command.Dashboard.DashboardPermissions.Read;

    static readonly string[] Every =
    [
        RegistryPermissions.Read, RegistryPermissions.Write, RegistryPermissions.Import, RegistryPermissions.Verify,
        RegistryPermissions.Grids,
        Permissions.PiiView, Permissions.AuditRead, Permissions.PolicyRead, Permissions.UsersManage, Permissions.SchedulerRun,
        TestingPermissions.Sample, TestingPermissions.Result, TestingPermissions.Manage, TestingPermissions.Read, TestingPermissions.Review,
        InvestigationPermissions.Write, InvestigationPermissions.Read, InvestigationPermissions.Approve, InvestigationPermissions.CheckIn,
        InvestigationPermissions.CallsWork, InvestigationPermissions.CallsManage,
        SupervisionPermissions.Read, SupervisionPermissions.Manage,
        ContainmentPermissions.Read, ContainmentPermissions.ZoneWrite, ContainmentPermissions.ZoneRelease, ContainmentPermissions.ZoneOverride,
        ContainmentPermissions.FacilityManage, ContainmentPermissions.Stay, ContainmentPermissions.Transfer, ContainmentPermissions.TransferRequest,
        InspectionPermissions.Write, InspectionPermissions.Read,
        DashboardRead,
        StaffPermissions.Read, StaffPermissions.Manage,
        RequestPermissions.Write, RequestPermissions.Handle, RequestPermissions.Read,
        NoticePermissions.Send, NoticePermissions.Read,
    ];

    public static readonly RoleTable Table = new(new Dictionary<string, string[]>
    {
        [Roles.Administrator] = Every,
        [Roles.DistrictCommander] =
        [
            RegistryPermissions.Read, Permissions.PiiView, Permissions.PolicyRead, TestingPermissions.Manage, TestingPermissions.Read,
            TestingPermissions.Review, InvestigationPermissions.Read, InvestigationPermissions.Approve, InvestigationPermissions.CallsManage, SupervisionPermissions.Read, SupervisionPermissions.Manage, DashboardRead,
            ContainmentPermissions.Read, ContainmentPermissions.ZoneWrite, ContainmentPermissions.ZoneRelease, ContainmentPermissions.ZoneOverride,
            ContainmentPermissions.FacilityManage,
            StaffPermissions.Read, StaffPermissions.Manage,
            InspectionPermissions.Write, InspectionPermissions.Read,
            RequestPermissions.Read, NoticePermissions.Send, NoticePermissions.Read,
        ],
        [Roles.StreetCommander] =
        [
            RegistryPermissions.Read, Permissions.PiiView, Permissions.PolicyRead, TestingPermissions.Manage, TestingPermissions.Read,
            TestingPermissions.Review, InvestigationPermissions.Read, InvestigationPermissions.Approve, InvestigationPermissions.CallsManage,
            SupervisionPermissions.Read, SupervisionPermissions.Manage, DashboardRead,
            ContainmentPermissions.Read, ContainmentPermissions.ZoneWrite, ContainmentPermissions.ZoneRelease,
            StaffPermissions.Read, StaffPermissions.Manage,
            InspectionPermissions.Write, InspectionPermissions.Read,
            RequestPermissions.Read, RequestPermissions.Handle, NoticePermissions.Send, NoticePermissions.Read,
        ],
        [Roles.CommunityWorker] =
        [
            RegistryPermissions.Read, RegistryPermissions.Write, RegistryPermissions.Import, RegistryPermissions.Verify, Permissions.PiiView,
            Permissions.PolicyRead, TestingPermissions.Read, SupervisionPermissions.Read, SupervisionPermissions.Manage, InvestigationPermissions.CallsWork,
            ContainmentPermissions.Read, InspectionPermissions.Read,
            RequestPermissions.Write, RequestPermissions.Handle, RequestPermissions.Read, NoticePermissions.Read,
            RegistryPermissions.Grids, ContainmentPermissions.TransferRequest,
        ],
        [Roles.Sampler] = [RegistryPermissions.Read, Permissions.PolicyRead, TestingPermissions.Sample, NoticePermissions.Read],
        [Roles.Lab] = [Permissions.PolicyRead, TestingPermissions.Result, TestingPermissions.Review, NoticePermissions.Read],
        [Roles.Investigator] =
        [
            RegistryPermissions.Read, Permissions.PiiView, Permissions.PolicyRead, InvestigationPermissions.Write, InvestigationPermissions.Read,
            InvestigationPermissions.CheckIn, InvestigationPermissions.CallsWork, InvestigationPermissions.CallsManage,
            SupervisionPermissions.Read, SupervisionPermissions.Manage, ContainmentPermissions.Read, NoticePermissions.Read
        ],
        [Roles.Dispatcher] =
        [
            RegistryPermissions.Read, Permissions.PiiView, Permissions.PolicyRead, ContainmentPermissions.Read, ContainmentPermissions.Transfer,
            ContainmentPermissions.TransferRequest,
            SupervisionPermissions.Read, NoticePermissions.Read
        ],
        [Roles.FacilityStaff] = [RegistryPermissions.Read, Permissions.PiiView, Permissions.PolicyRead, ContainmentPermissions.Read, ContainmentPermissions.Stay, NoticePermissions.Read],
        [Roles.Auditor] = [RegistryPermissions.Read, Permissions.PolicyRead, Permissions.AuditRead],
        [Roles.Inspector] = [RegistryPermissions.Read, Permissions.PolicyRead, SupervisionPermissions.Read, InspectionPermissions.Write, InspectionPermissions.Read, NoticePermissions.Read],
        [Roles.HotlineOperator] = [RegistryPermissions.Read, Permissions.PolicyRead, RequestPermissions.Write, RequestPermissions.Read, NoticePermissions.Read],
    });
}
