using Microsoft.EntityFrameworkCore;
using Frontline.Platform;

namespace Frontline.Registry;

/// <summary>The registry's tables on the one context: Platform's context declares none of a module's tables.</summary>
public static class RegistryTables
{
    extension(FrontlineDb db)
    {
        public DbSet<Jurisdiction> Jurisdictions => db.Set<Jurisdiction>();
        public DbSet<Building> Buildings => db.Set<Building>();
        public DbSet<Person> Persons => db.Set<Person>();
        public DbSet<Place> Places => db.Set<Place>();
        public DbSet<RosterImport> RosterImports => db.Set<RosterImport>();
        public DbSet<RosterImportRejection> RosterImportRejections => db.Set<RosterImportRejection>();
        public DbSet<VerificationTap> VerificationTaps => db.Set<VerificationTap>();
    }
}
