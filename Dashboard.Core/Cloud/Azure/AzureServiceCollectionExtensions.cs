using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
using Dashboard.Core.Cloud.Azure.ResourceHealth;
using Dashboard.Core.Cloud.Pacing;
using Dashboard.Core.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Core.Cloud.Azure;

public static class AzureServiceCollectionExtensions
{
    /// <summary>
    /// Azure through DefaultAzureCredential (managed identity, environment, workload identity, Azure CLI).
    /// Tests may register their own <see cref="TokenCredential"/> and <see cref="HttpPipelineTransport"/> first.
    /// </summary>
    public static IServiceCollection AddAzureCloud(this IServiceCollection services)
    {
        services.AddOptions<AzureOptions>().BindConfiguration(AzureOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AzureOptions>, AzureOptionsValidator>();
        services.AddOptions<MonitorOptions>().PostConfigure<IOptions<AzureOptions>>((m, a) => m.PollSeconds ??= a.Value.PollSeconds);

        services.TryAddSingleton<TokenCredential>(sp =>
            LocalEndpointAccess.CredentialFor(sp.GetRequiredService<IOptions<AzureOptions>>().Value) ?? new DefaultAzureCredential());
        services.AddSingleton(sp => CreateClient(sp, maxRetries: 3));
        // The poll repeats every few seconds anyway: retrying one cycle for long would only delay the stale warning.
        services.AddKeyedSingleton(AzureCloud.PollClient, (sp, _) => CreateClient(sp, maxRetries: 1));
        services.AddSingleton<AzureCloud>();
        services.AddSingleton<ICloud>(sp => sp.GetRequiredService<AzureCloud>());
        services.AddResourceHealthQueue();
        return services;
    }

    /// <summary>
    /// Resource Health events from a Storage queue (section <c>Azure:ResourceHealthQueue</c>), which reconcile the
    /// VMs they name before the next poll. Does nothing unless a queue name is set.
    /// </summary>
    private static void AddResourceHealthQueue(this IServiceCollection services)
    {
        services.AddOptions<ResourceHealthQueueOptions>().BindConfiguration(ResourceHealthQueueOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ResourceHealthQueueOptions>, ResourceHealthQueueOptionsValidator>();
        services.AddHostedService<ResourceHealthQueueConsumer>();
    }

    private static ArmClient CreateClient(IServiceProvider sp, int maxRetries)
    {
        var azure = sp.GetRequiredService<IOptions<AzureOptions>>().Value;
        var options = new ArmClientOptions { Environment = new ArmEnvironment(azure.ResourceManagerEndpoint, azure.Audience) };
        options.SetApiVersion(AzureCloud.NetworkInterfaceType, AzureCloud.NetworkApiVersion);
        // Reads are retried on faults; writes never blindly. Every request waits for its ARM-shaped token, and a 429
        // (refused, so safe to send again) waits out its Retry-After.
        options.RetryPolicy = new ReadOnlyRetryPolicy(maxRetries);
        options.AddPolicy(new ArmPacingPolicy(sp.GetRequiredService<CloudRequestPacer>()), HttpPipelinePosition.PerRetry);
        options.AddPolicy(new CreateOnlyPolicy(), HttpPipelinePosition.PerCall);
        if ((sp.GetService<HttpPipelineTransport>() ?? LocalEndpointAccess.TransportFor(azure)) is { } transport)
            options.Transport = transport;
        return new ArmClient(sp.GetRequiredService<TokenCredential>(), azure.SubscriptionId, options);
    }
}
