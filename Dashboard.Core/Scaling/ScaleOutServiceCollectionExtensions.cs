using Dashboard.Core.Setup;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashboard.Core.Scaling;

public static class ScaleOutServiceCollectionExtensions
{
    /// <summary>
    /// One server by default; with <c>Redis:Configuration</c>, one of several: a lease for polling, claims for
    /// operations, the live picture shared over Redis, and sign-in keys kept there so any server reads any cookie.
    /// </summary>
    public static IServiceCollection AddScaleOut(this IServiceCollection services, IConfiguration configuration, CloudProvider provider)
    {
        var settings = configuration.GetSection(ScaleOutOptions.Section).Get<ScaleOutOptions>() ?? new ScaleOutOptions();
        services.AddOptions<ScaleOutOptions>().BindConfiguration(ScaleOutOptions.Section)
            .Validate(o => !o.Enabled || provider == CloudProvider.Azure,
                "Redis:Configuration is set, but the simulated cloud lives inside one server's process, so several servers cannot share it. "
                + "Use Cloud:Provider=Azure (a subscription, or a local ARM endpoint) for several servers, or remove Redis:Configuration.")
            .Validate(o => o.LeaseSeconds is null or >= 0.5, "Redis:LeaseSeconds must be at least 0.5.")
            .ValidateOnStart();
        services.AddSingleton<InstanceIdentity>();
        services.AddSingleton(sp => new PeerOutbox(sp.GetRequiredService<InstanceIdentity>(), settings.Enabled));
        if (!settings.Enabled)
        {
            services.AddSingleton<ILeadership, SoleInstance>();
            services.AddSingleton<IOperationClaims, LocalClaims>();
            return services;
        }

        services.AddSingleton<IConnectionMultiplexer>(sp => Connect(sp.GetRequiredService<IOptions<ScaleOutOptions>>().Value));
        services.AddSingleton<RedisLeadership>();
        services.AddSingleton<ILeadership>(sp => sp.GetRequiredService<RedisLeadership>());
        services.AddHostedService(sp => sp.GetRequiredService<RedisLeadership>());
        services.AddSingleton<IOperationClaims, RedisOperationClaims>();
        services.AddSingleton<RedisPeerFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<RedisPeerFeed>());
        services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer, IOptions<ScaleOutOptions>>((o, redis, options) =>
            o.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), options.Value.Key("data-protection-keys")));
        return services;
    }

    // A server starts while Redis is away: it follows, claims nothing and says so, and connects when Redis answers.
    private static ConnectionMultiplexer Connect(ScaleOutOptions options)
    {
        var configuration = ConfigurationOptions.Parse(options.Configuration!);
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= "dashboard";
        return ConnectionMultiplexer.Connect(configuration);
    }
}
