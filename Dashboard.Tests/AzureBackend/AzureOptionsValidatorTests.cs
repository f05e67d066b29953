using Dashboard.Core.Cloud.Azure;

namespace Dashboard.Tests.AzureBackend;

public sealed class AzureOptionsValidatorTests
{
    private static AzureOptions Valid() => new()
    {
        SubscriptionId = "00000000-0000-0000-0000-000000000001",
        ResourceGroup = "sessions",
        Location = "westeurope",
        SubnetId = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default",
        SshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA test",
    };

    [Fact]
    public void Complete_settings_are_accepted() =>
        Assert.True(new AzureOptionsValidator().Validate(null, Valid()).Succeeded);

    [Fact]
    public void Watching_needs_neither_an_ssh_key_nor_a_windows_password()
    {
        var options = Valid();
        options.SshPublicKey = "";
        options.WindowsAdminPassword = "";
        options.WatchResourceGroups = ["legacy"];

        Assert.True(new AzureOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData("SubscriptionId", "not-a-guid", "Azure:SubscriptionId")]
    [InlineData("ResourceGroup", "", "Azure:ResourceGroup")]
    [InlineData("Location", " ", "Azure:Location")]
    [InlineData("SubnetId", "default", "Azure:SubnetId")]
    [InlineData("SshPublicKey", "AAAAC3NzaC1lZDI1NTE5AAAA", "Azure:SshPublicKey")]
    [InlineData("WindowsAdminPassword", "short", "Azure:WindowsAdminPassword")]
    public void Each_missing_or_wrong_setting_is_named(string property, string value, string named)
    {
        var options = Valid();
        typeof(AzureOptions).GetProperty(property)!.SetValue(options, value);

        var result = new AzureOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(named, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_http_endpoint_is_refused()
    {
        var options = Valid();
        options.ResourceManagerEndpoint = new Uri("http://localhost:8080/");

        Assert.Contains("Azure:ResourceManagerEndpoint", new AzureOptionsValidator().Validate(null, options).FailureMessage, StringComparison.Ordinal);
    }
}
