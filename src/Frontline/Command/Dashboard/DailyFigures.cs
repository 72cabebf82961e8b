using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Frontline.Platform;

namespace Frontline.Command.Dashboard;

/// <summary>
/// The day's figures of one jurisdiction (a community for most facts; a street or the district for the tasks and zones
/// owned there), kept by <see cref="DailyFiguresRefresh"/> so that the dashboard sums a few hundred rows instead of
/// counting the records. Point-in-time figures (in quarantine, open, occupied) are as at the day's cut-off: the end
/// of the day, or the refresh's time for today.
/// </summary>
public sealed class DailyFigures
{
    public DateOnly Day { get; set; }
    public string JurisdictionCode { get; set; } = "";

    // Cases reported on the day (by classification now), how they were found, and everyone reported up to the cut-off.
    public int NewConfirmed { get; set; }
    public int NewAsymptomatic { get; set; }
    public int NewPending { get; set; }
    /// <summary>Found by mass testing among people not under control (筛查发现).</summary>
    public int NewFoundByScreening { get; set; }
    /// <summary>Found among people already under control: a contact, in quarantine (管控人员中发现).</summary>
    public int NewFoundInControl { get; set; }
    /// <summary>Found otherwise: fever clinics, own report (社区发现).</summary>
    public int NewFoundInCommunity { get; set; }
    public int CumulativeConfirmed { get; set; }
    public int CumulativeAsymptomatic { get; set; }
    public int CumulativeCases { get; set; }

    // Testing rounds open on the day: their eligible residents, sampled and resulted people, positive pools, re-tests.
    /// <summary>应检: the population less the exempt not sampled (infants, recorded exemptions), as the round page counts it (Testing's Coverage).</summary>
    public int Eligible { get; set; }
    public int Sampled { get; set; }
    public int Resulted { get; set; }
    public int PositivePools { get; set; }
    public int RetestsPending { get; set; }
    public int RetestsOverdue { get; set; }

    // Contacts traced on the day and up to the cut-off; people under quarantine or monitoring at the cut-off.
    public int NewCloseContacts { get; set; }
    public int NewSecondaryContacts { get; set; }
    public int CloseContacts { get; set; }
    public int SecondaryContacts { get; set; }
    public int InCentralisedQuarantine { get; set; }
    public int InHomeQuarantine { get; set; }
    public int InHomeMonitoring { get; set; }

    // Zones active at the cut-off by level rank (0: sealed / high …), and the day's changes.
    public int ZonesLevel0 { get; set; }
    public int ZonesLevel1 { get; set; }
    public int ZonesLevel2 { get; set; }
    public int ZonesDesignated { get; set; }
    public int ZonesSteppedDown { get; set; }
    public int ZonesReleased { get; set; }

    // Quarantine facilities in the jurisdiction: rooms in service and rooms occupied at the cut-off, from the rooms' out-of-service
    // spells and the stays (Containment's Facilities.RoomsAtAsync), so a past day is counted as it was at its end.
    public int Rooms { get; set; }
    public int RoomsOccupied { get; set; }

    // Transfers arrived on the day (and of them after their due time); open ones past due at the cut-off.
    public int TransfersDone { get; set; }
    public int TransfersDoneLate { get; set; }
    public int TransfersOverdue { get; set; }

    // Supervised tasks open and overdue at the cut-off, the overdue ones by escalation level: today as the inboxes count them,
    // a past day from the tasks' escalation steps as at its end (Supervision's CountsByJurisdictionAtAsync).
    public int TasksOpen { get; set; }
    public int TasksOverdue { get; set; }
    public int TasksOverdueLevel0 { get; set; }
    public int TasksOverdueLevel1 { get; set; }
    public int TasksOverdueLevel2 { get; set; }
    public int TasksOverdueLevel3 { get; set; }

    // Resident requests logged on the day; open and late at the cut-off.
    public int RequestsNew { get; set; }
    public int RequestsOpen { get; set; }
    public int RequestsLate { get; set; }

    /// <summary>Every figure, in declaration order: what sums, compares and exports walk.</summary>
    public static readonly IReadOnlyList<PropertyInfo> Figures =
        [.. typeof(DailyFigures).GetProperties().Where(p => p.PropertyType == typeof(int)).OrderBy(p => p.MetadataToken)];

    public bool IsEmpty => Figures.All(p => (int)p.GetValue(this)! == 0);

    /// <summary>The sum of <paramref name="rows"/> as one jurisdiction's figures.</summary>
    public static DailyFigures Sum(DateOnly day, string code, IEnumerable<DailyFigures> rows)
    {
        var sum = new DailyFigures { Day = day, JurisdictionCode = code };
        foreach (var row in rows)
            foreach (var p in Figures) p.SetValue(sum, (int)p.GetValue(sum)! + (int)p.GetValue(row)!);
        return sum;
    }
}

/// <summary>When a day's figures were last computed, and whether the day was closed (computed after its end).</summary>
public sealed class FigureDay
{
    public DateOnly Day { get; set; }
    public DateTime ComputedAt { get; set; }
    /// <summary>Computed after the day ended: the job leaves it alone from then on.</summary>
    public bool Closed { get; set; }
}

sealed class DailyFiguresConfiguration : IEntityTypeConfiguration<DailyFigures>, IEntityTypeConfiguration<FigureDay>
{
    public void Configure(EntityTypeBuilder<DailyFigures> e)
    {
        e.ToTable("command_daily_figures");
        e.HasKey(f => new { f.Day, f.JurisdictionCode });
        e.Property(f => f.JurisdictionCode).HasMaxLength(12);
        e.Ignore(f => f.IsEmpty);
    }

    public void Configure(EntityTypeBuilder<FigureDay> e)
    {
        e.ToTable("command_figure_days");
        e.HasKey(d => d.Day);
    }
}

public static class DashboardTables
{
    extension(FrontlineDb db)
    {
        public DbSet<DailyFigures> DailyFigures => db.Set<DailyFigures>();
        public DbSet<FigureDay> FigureDays => db.Set<FigureDay>();
    }
}
