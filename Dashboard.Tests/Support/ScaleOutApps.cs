using Azure.Core;
using Azure.Core.Pipeline;
using Dashboard.Tests.AzureBackend;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Support;

using Dashboard.ArmEmulator;

/// <summary>Whole dashboard apps as several servers of one deployment: one folder, one Redis, one ARM endpoint.</summary>
public static class ScaleOutApps
{
    /// <summary>The Azure backend's test settings plus this Redis under a prefix of its own.</summary>
    public static Dictionary<string, string?> Settings(RedisServer redis)
    {
        var settings = AzureHarness.Settings();
        settings["Redis:Configuration"] = redis.Configuration;
        settings["Redis:Prefix"] = RedisServer.NewPrefix();
        settings["Redis:LeaseSeconds"] = "1";
        return settings;
    }

    public static DashboardAppFactory App(TempFolder folder, Dictionary<string, string?> settings, ArmEmulator arm)
    {
        // Built before the app: the factory would otherwise take the emulator's own host for the app's.
        var handler = arm.CreateHandler();
        return new DashboardAppFactory(folder, settings)
        {
            TestServices = services =>
            {
                services.AddSingleton<TokenCredential>(new FixedTokenCredential());
                services.AddSingleton<HttpPipelineTransport>(new HttpClientTransport(handler));
            },
        };
    }
}
