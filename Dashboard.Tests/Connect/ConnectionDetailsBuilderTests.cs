using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using static Dashboard.Tests.Connect.ConnectSessions;

namespace Dashboard.Tests.Connect;

public sealed class ConnectionDetailsBuilderTests
{
    [Fact]
    public void A_Linux_pool_machine_gets_an_ssh_command_and_neither_rdp_nor_a_browser_url()
    {
        var details = Details(PythonWorkshop, "python-workshop-03");

        Assert.Equal(MachineOs.Linux, details.Os);
        Assert.Equal("python-workshop-03.sim.internal", details.Host);
        Assert.Equal("ssh azureuser@python-workshop-03.sim.internal", details.SshCommand);
        Assert.Null(details.RdpFile);
        Assert.Null(details.BrowserUrl);
    }

    [Fact]
    public void The_Windows_target_of_the_desktop_lab_gets_an_rdp_file_and_the_guacamole_url_through_its_proxy()
    {
        var details = Details(DesktopLab, "desktop-lab-target");

        Assert.Equal(MachineOs.Windows, details.Os);
        Assert.Null(details.SshCommand);
        var lines = details.RdpFile!.Split("\r\n");
        Assert.Contains("full address:s:desktop-lab-target.sim.internal:3389", lines);
        Assert.Contains("username:s:azureuser", lines);
        Assert.Contains("prompt for credentials:i:1", lines);
        Assert.DoesNotContain(lines, l => l.Contains("password", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("desktop-lab-target.rdp", details.RdpFileName);
        Assert.Equal("https://desktop-lab-proxy.sim.internal/guacamole/#/client/desktop-lab-target", details.BrowserUrl);
    }

    [Fact]
    public void The_big_data_master_gets_ssh_and_its_yarn_ui_through_the_proxy()
    {
        var details = Details(SparkAnalytics, "spark-analytics-master");

        Assert.Equal("ssh azureuser@spark-analytics-master.sim.internal", details.SshCommand);
        Assert.Equal("https://spark-analytics-proxy.sim.internal/spark-analytics-master/yarn/", details.BrowserUrl);
    }

    [Theory]
    [InlineData("spark-analytics-proxy")]
    [InlineData("spark-analytics-worker-01")]
    public void Big_data_roles_without_a_template_get_no_browser_url(string machine)
    {
        var details = Details(SparkAnalytics, machine);

        Assert.NotNull(details.SshCommand);
        Assert.Null(details.BrowserUrl);
    }

    [Fact]
    public void The_hpc_head_has_no_proxy_so_its_template_reaches_it_directly()
    {
        var details = Details(GenomicsHpc, "genomics-hpc-head");

        Assert.Equal("ssh azureuser@genomics-hpc-head.sim.internal", details.SshCommand);
        Assert.Equal("https://genomics-hpc-head.sim.internal/ood/", details.BrowserUrl);
        Assert.Null(Details(GenomicsHpc, "genomics-hpc-compute-01").BrowserUrl);
    }

    [Fact]
    public void Templates_fill_in_every_placeholder_from_the_settings()
    {
        var options = new ConnectOptions { HostSuffix = "westeurope.cloudapp.azure.com", AdminUser = "labadmin" };
        options.Browser["BigDataCluster"]["Master"] = "https://{proxy}.{suffix}/{session}/{machine}/spark/?as={user}";

        var details = Details(SparkAnalytics, "spark-analytics-master", options);

        Assert.Equal("https://spark-analytics-proxy.westeurope.cloudapp.azure.com/spark-analytics/spark-analytics-master/spark/?as=labadmin",
            details.BrowserUrl);
        Assert.Equal("ssh labadmin@spark-analytics-master.westeurope.cloudapp.azure.com", details.SshCommand);
    }

    [Fact]
    public void An_empty_template_means_no_browser_url()
    {
        var options = new ConnectOptions();
        options.Browser["HpcCluster"]["Head"] = "";

        Assert.Null(Details(GenomicsHpc, "genomics-hpc-head", options).BrowserUrl);
    }

    [Fact]
    public void A_template_through_the_proxy_gives_no_url_once_the_proxy_is_gone()
    {
        var lab = DesktopLab.WithoutMachine(DesktopLab.Machine("desktop-lab-proxy").Id);

        Assert.Null(Details(lab, "desktop-lab-target").BrowserUrl);
    }

    [Theory]
    [InlineData("MicrosoftWindowsDesktop:windows-11:win11-24h2-pro:latest", MachineOs.Windows)]
    [InlineData("MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition:latest", MachineOs.Windows)]
    [InlineData("/subscriptions/s/resourceGroups/g/providers/Microsoft.Compute/images/lab-windows-golden", MachineOs.Windows)]
    [InlineData("Canonical:ubuntu-24_04-lts:server:latest", MachineOs.Linux)]
    [InlineData("microsoft-dsvm:ubuntu-hpc:2204:latest", MachineOs.Linux)]
    [InlineData("", MachineOs.Linux)]
    public void The_operating_system_comes_from_the_image(string image, MachineOs expected) =>
        Assert.Equal(expected, ImageOs.Of(image));

    [Fact]
    public void Connection_details_serialize_the_operating_system_by_name()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(Details(DesktopLab, "desktop-lab-target"),
            System.Text.Json.JsonSerializerOptions.Web);

        Assert.Contains("\"os\":\"Windows\"", json, StringComparison.Ordinal);
    }
}
