using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AuditKit;

/// <summary>Registers committed-log subscriptions (<see cref="IAuditSubscriber"/>); see docs/subscriptions.md.</summary>
public static class AuditSubscriptionBuilderExtensions
{
    /// <summary>
    /// Adds a named subscription: a hosted service that delivers every committed event of every stream to
    /// <typeparamref name="THandler"/> (resolved from the container; registered as a singleton unless the host registered
    /// it), at least once, in batches, resuming from positions kept in the store. Of all instances that share the store
    /// and register the same name, one at a time delivers (a lease in the store).
    /// </summary>
    /// <typeparam name="THandler">The subscriber.</typeparam>
    /// <param name="builder">The AuditKit builder.</param>
    /// <param name="name">The subscription's name, unique in the store: lower-case letters, digits, '.', '-' and '_' (at most 115 characters).</param>
    /// <param name="configure">Sets <see cref="AuditSubscriptionOptions"/>.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException">The name is not valid.</exception>
    /// <exception cref="InvalidOperationException">A subscription of this name is already registered.</exception>
    public static IAuditKitBuilder AddSubscription<THandler>(this IAuditKitBuilder builder, string name, Action<AuditSubscriptionOptions>? configure = null)
        where THandler : class, IAuditSubscriber
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        AuditSettingsDocument.ValidateName(AuditSubscriptionLease.DocumentName(name), nameof(name));
        var services = builder.Services;
        if (services.Any(d => d.ServiceType == typeof(SubscriptionName) && d.ImplementationInstance is SubscriptionName { Name: var existing } && existing == name))
        {
            throw new InvalidOperationException($"An audit subscription named '{name}' is already registered; give each subscription its own name.");
        }

        services.AddSingleton(new SubscriptionName(name));
        var optionsBuilder = services.AddOptions<AuditSubscriptionOptions>(name);
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        optionsBuilder.Validate(o => o.BatchSize is >= 1 and <= 10_000, $"AuditSubscriptionOptions.BatchSize of subscription '{name}' must be between 1 and 10,000.")
            .Validate(o => o.PollInterval > TimeSpan.Zero, $"AuditSubscriptionOptions.PollInterval of subscription '{name}' must be positive.")
            .Validate(o => o.LeaseDuration >= TimeSpan.FromSeconds(1) && o.LeaseDuration > o.PollInterval, $"AuditSubscriptionOptions.LeaseDuration of subscription '{name}' must be at least 1 second and longer than PollInterval.")
            .Validate(o => o.RetryDelay > TimeSpan.Zero && o.MaxRetryDelay >= o.RetryDelay, $"AuditSubscriptionOptions.RetryDelay of subscription '{name}' must be positive and not above MaxRetryDelay.")
            .ValidateOnStart();
        services.TryAddSingleton<THandler>();
        services.TryAddSingleton(sp => new AuditSubscriptionMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddSingleton<IHostedService>(sp => new AuditSubscription(
            name,
            sp.GetRequiredService<THandler>(),
            sp.GetRequiredService<AuditStore>(),
            sp.GetRequiredService<IOptionsMonitor<AuditSubscriptionOptions>>().Get(name),
            sp.GetRequiredService<AuditSubscriptionMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            (sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger<AuditSubscription>()));
        return builder;
    }

    /// <summary>Marks a registered subscription name, so a second registration of it fails early.</summary>
    private sealed record SubscriptionName(string Name);
}
