using Dashboard.ArmEmulator;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.AzureBackend;

/// <summary>
/// A local ARM-protocol endpoint reached from settings alone, as a newcomer trying the Azure backend on one machine
/// would: a fixed token and the endpoint's self-signed certificate, over real HTTPS.
/// </summary>
public sealed class LocalEndpointSettingsTests
{
    [Fact]
    public async Task A_token_and_the_endpoints_certificate_in_settings_let_the_dashboard_list_a_local_endpoint()
    {
        await using var server = await Dashboard.ArmEmulator.ArmEmulator.StartAsync(new ArmEmulatorOptions { SubscriptionId = AzureHarness.Subscription });
        server.Emulator.AddVirtualMachine(AzureHarness.ResourceGroup, "legacy-01", tags: new Dictionary<string, string> { ["dashboard-session"] = "legacy" });
        using var folder = new TempFolder();
        var certificate = Path.Combine(folder.Path, "arm.pem");
        await File.WriteAllTextAsync(certificate, server.Certificate.ExportCertificatePem());

        await using var core = await CoreHost.StartAsync(Settings(server.Endpoint, certificate));

        await Eventually.TrueAsync(() => core.Monitor.Health is { LastSuccess: not null, Error: null }, "the local endpoint is listed");
        await AzureHarness.AdoptAsync(core, "legacy", 1);
    }

    [Fact]
    public async Task Without_its_certificate_the_endpoint_is_not_trusted_and_the_dashboard_says_the_cloud_is_unreachable()
    {
        await using var server = await Dashboard.ArmEmulator.ArmEmulator.StartAsync(new ArmEmulatorOptions { SubscriptionId = AzureHarness.Subscription });
        var settings = Settings(server.Endpoint, certificate: null);

        await using var core = await CoreHost.StartAsync(settings);

        await Eventually.TrueAsync(() => core.Monitor.Health.Error is not null, "the untrusted endpoint is not listed");
    }

    [Fact]
    public async Task A_fixed_token_for_an_endpoint_that_is_not_on_this_machine_is_refused_at_start_up()
    {
        var settings = AzureHarness.Settings();
        settings["Azure:ResourceManagerEndpoint"] = "https://management.azure.com/";
        settings["Azure:LocalEndpoint:AccessToken"] = "anything";

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => CoreHost.StartAsync(settings));

        Assert.Contains("Azure:LocalEndpoint:AccessToken", failure.Message);
        Assert.Contains("only for an endpoint on this machine", failure.Message);
    }

    private static Dictionary<string, string?> Settings(Uri endpoint, string? certificate)
    {
        var settings = AzureHarness.Settings();
        settings["Azure:ResourceManagerEndpoint"] = endpoint.ToString();
        settings["Azure:Audience"] = endpoint.ToString();
        settings["Azure:LocalEndpoint:AccessToken"] = "local-token";
        if (certificate is not null)
            settings["Azure:LocalEndpoint:CertificateFile"] = certificate;
        return settings;
    }
}
