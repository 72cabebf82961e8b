using Frontline.Platform;
using Frontline.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Frontline.Tests.Platform;

/// <summary>Each provider's migrations build exactly the model: a change to the model without its migration fails here.</summary>
public abstract class MigrationTests<TApp>(TApp app) where TApp : FrontlineApp
{
    [SkippableFact]
    public async Task The_model_has_no_changes_without_a_migration_and_every_migration_is_applied()
    {
        app.SkipIfUnavailable();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<FrontlineDb>>().CreateDbContextAsync();
        Assert.False(db.Database.HasPendingModelChanges(), $"the {app.Provider} model has changes that no migration carries: add one for each provider");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }
}

public sealed class SqliteMigrationTests(SqliteApp app) : MigrationTests<SqliteApp>(app), IClassFixture<SqliteApp>;
public sealed class PostgresMigrationTests(PostgresApp app) : MigrationTests<PostgresApp>(app), IClassFixture<PostgresApp>;
