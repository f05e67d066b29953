using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Azure.ResourceManager;
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

        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.AddSingleton(sp => CreateClient(sp, maxRetries: 5));
        // The poll repeats every few seconds anyway: retrying one cycle for long would only delay the stale warning.
        services.AddKeyedSingleton(AzureCloud.PollClient, (sp, _) => CreateClient(sp, maxRetries: 1));
        services.AddSingleton<AzureCloud>();
        services.AddSingleton<ICloud>(sp => sp.GetRequiredService<AzureCloud>());
        return services;
    }

    private static ArmClient CreateClient(IServiceProvider sp, int maxRetries)
    {
        var azure = sp.GetRequiredService<IOptions<AzureOptions>>().Value;
        var options = new ArmClientOptions { Environment = new ArmEnvironment(azure.ResourceManagerEndpoint, azure.Audience) };
        options.SetApiVersion(AzureCloud.NetworkInterfaceType, AzureCloud.NetworkApiVersion);
        // Azure.Core retries 429 and 5xx and waits as long as Retry-After asks.
        options.Retry.MaxRetries = maxRetries;
        options.Retry.Mode = RetryMode.Exponential;
        if (sp.GetService<HttpPipelineTransport>() is { } transport)
            options.Transport = transport;
        return new ArmClient(sp.GetRequiredService<TokenCredential>(), azure.SubscriptionId, options);
    }
}
