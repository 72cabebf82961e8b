using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Frontline.Platform;

/// <summary>
/// A fact of a lower module that causes work in a module above it (a positive re-test makes a case).
/// Written in the same transaction as the fact; delivered after commit, at least once.
/// </summary>
public sealed class DomainEvent
{
    public long Id { get; set; }
    public required string Type { get; set; }
    public required string Payload { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTime? NextAttemptAt { get; set; }
}

sealed class DomainEventConfiguration : IEntityTypeConfiguration<DomainEvent>
{
    public void Configure(EntityTypeBuilder<DomainEvent> e)
    {
        e.ToTable("domain_events");
        e.Property(x => x.Type).HasMaxLength(64);
        e.Property(x => x.LastError).HasMaxLength(2000);
        e.HasIndex(x => new { x.DeliveredAt, x.Id });
    }
}

/// <summary>A module's handler of one event type. Must be idempotent: an event can arrive twice.</summary>
public interface IDomainEventHandler
{
    string EventType { get; }
    Task HandleAsync(DomainEvent domainEvent, IServiceProvider services, CancellationToken ct);
}

/// <summary>Writes events into the outbox and delivers them to the handlers of the modules above.</summary>
public sealed class Outbox(IDbContextFactory<FrontlineDb> dbs, IServiceProvider services, TimeProvider clock, ILogger<Outbox> log)
{
    readonly SemaphoreSlim wake = new(0);
    readonly SemaphoreSlim dispatching = new(1, 1);
    // Resolved on first dispatch, not in the constructor: handlers may themselves depend on the outbox.
    readonly Lazy<ILookup<string, IDomainEventHandler>> handlers = new(() => services.GetServices<IDomainEventHandler>().ToLookup(h => h.EventType));

    public static void Add(FrontlineDb db, string type, object payload, DateTime now) =>
        db.Set<DomainEvent>().Add(new DomainEvent { Type = type, Payload = JsonSerializer.Serialize(payload, JsonSerializerOptions.Web), CreatedAt = now });

    /// <summary>For hot paths that write with their own commands inside their own transaction.</summary>
    public static async Task AddAsync(DbConnection connection, DbTransaction transaction, string type, object payload, DateTime now, CancellationToken ct)
    {
        await using var cmd = Sql.Command(connection, transaction,
            "INSERT INTO domain_events (type, payload, created_at, attempts) VALUES (@t, @p, @c, 0)", "@t", "@p", "@c");
        cmd.Set("@t", type);
        cmd.Set("@p", JsonSerializer.Serialize(payload, JsonSerializerOptions.Web));
        cmd.Set("@c", now);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Tells the dispatcher that something was committed, so it does not wait for its next poll.</summary>
    public void Notify()
    {
        if (wake.CurrentCount == 0) wake.Release();
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => wake.WaitAsync(timeout, ct);

    public static T Read<T>(DomainEvent e) => JsonSerializer.Deserialize<T>(e.Payload, JsonSerializerOptions.Web)!;

    /// <summary>Delivers every due event; returns how many were delivered. Jobs and tests call this directly.</summary>
    public async Task<int> DispatchPendingAsync(CancellationToken ct = default)
    {
        await dispatching.WaitAsync(ct);
        try
        {
            var delivered = 0;
            while (true)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                await using var db = await dbs.CreateDbContextAsync(ct);
                var due = await db.Set<DomainEvent>().Where(e => e.DeliveredAt == null && (e.NextAttemptAt == null || e.NextAttemptAt <= now))
                    .OrderBy(e => e.Id).Take(200).ToListAsync(ct);
                if (due.Count == 0) return delivered;
                foreach (var e in due)
                {
                    try
                    {
                        await using var scope = services.CreateAsyncScope();
                        foreach (var handler in handlers.Value[e.Type]) await handler.HandleAsync(e, scope.ServiceProvider, ct);
                        e.DeliveredAt = clock.GetUtcNow().UtcDateTime;
                        delivered++;
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        e.Attempts++;
                        e.LastError = ex.Message.Length > 2000 ? ex.Message[..2000] : ex.Message;
                        e.NextAttemptAt = now.AddSeconds(Math.Min(300, Math.Pow(2, e.Attempts)));
                        log.LogError(ex, "Domain event {Id} ({Type}) failed, attempt {Attempts}", e.Id, e.Type, e.Attempts);
                    }
                }
                await db.SaveChangesAsync(ct);
                if (due.All(e => e.DeliveredAt is null)) return delivered;
            }
        }
        finally
        {
            dispatching.Release();
        }
    }
}

/// <summary>Delivers outbox events shortly after each commit, and every few seconds whatever happens.</summary>
public sealed class OutboxDispatcher(Outbox outbox, ILogger<OutboxDispatcher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await outbox.DispatchPendingAsync(stoppingToken);
                await outbox.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Outbox dispatch failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }
}
