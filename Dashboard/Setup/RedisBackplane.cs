using Dashboard.Core.Scaling;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashboard.Setup;

public static class RedisBackplane
{
    /// <summary>
    /// With Redis, hub messages addressed to a connection, group or user reach it on whichever server holds it, over the
    /// connection the rest of the scale-out uses. Session changes themselves reach every server through the shared live
    /// picture, and each server sends them to its own connections, filtered for who may see what.
    /// </summary>
    public static ISignalRServerBuilder AddRedisBackplane(this ISignalRServerBuilder signalR, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ScaleOutOptions.Section).Get<ScaleOutOptions>() ?? new ScaleOutOptions();
        if (!settings.Enabled)
            return signalR;
        signalR.AddStackExchangeRedis();
        signalR.Services.AddOptions<RedisOptions>().Configure<IConnectionMultiplexer>((o, redis) =>
        {
            o.Configuration.ChannelPrefix = RedisChannel.Literal(settings.Key("signalr"));
            o.ConnectionFactory = _ => Task.FromResult(redis);
        });
        return signalR;
    }
}
