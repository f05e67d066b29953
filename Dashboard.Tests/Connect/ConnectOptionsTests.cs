using Dashboard.Core.Actions;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Connect;

/// <summary>Section Connect: defaults, binding over them, and the start-up check of the browser templates.</summary>
public sealed class ConnectOptionsTests
{
    [Fact]
    public void The_defaults_have_a_template_for_the_lab_target_the_big_data_master_and_the_hpc_head_only()
    {
        var options = new ConnectOptions();

        Assert.NotNull(options.BrowserTemplate(FormationKind.VirtualLab, MachineRole.Target));
        Assert.NotNull(options.BrowserTemplate(FormationKind.BigDataCluster, MachineRole.Master));
        Assert.NotNull(options.BrowserTemplate(FormationKind.HpcCluster, MachineRole.Head));
        Assert.Null(options.BrowserTemplate(FormationKind.MachinePool, MachineRole.PoolMember));
        Assert.Null(options.BrowserTemplate(FormationKind.BigDataCluster, MachineRole.Worker));
        Assert.True(new ConnectOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void The_operator_settings_file_carries_the_same_templates_as_the_defaults()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();

        var bound = configuration.GetSection(ConnectOptions.Section).Get<ConnectOptions>()!;

        var defaults = new ConnectOptions();
        foreach (var (kind, role) in new[] { (FormationKind.VirtualLab, MachineRole.Target), (FormationKind.BigDataCluster, MachineRole.Master), (FormationKind.HpcCluster, MachineRole.Head) })
            Assert.Equal(defaults.BrowserTemplate(kind, role), bound.BrowserTemplate(kind, role));
    }

    [Fact]
    public void A_setting_overrides_one_template_blanks_another_and_keeps_the_rest()
    {
        var options = Bind(new()
        {
            ["Connect:Browser:virtuallab:target"] = "https://{proxy}.{suffix}/rdp/{machine}",
            ["Connect:Browser:HpcCluster:Head"] = "",
        });

        Assert.Equal("https://{proxy}.{suffix}/rdp/{machine}", options.BrowserTemplate(FormationKind.VirtualLab, MachineRole.Target));
        Assert.Null(options.BrowserTemplate(FormationKind.HpcCluster, MachineRole.Head));
        Assert.Equal("https://{proxy}.{suffix}/{machine}/yarn/", options.BrowserTemplate(FormationKind.BigDataCluster, MachineRole.Master));
    }

    [Theory]
    [InlineData("Connect:Browser:VirtualLab:Target", "https://{proxy}.{suffix}/{host}/",
        "Connect:Browser:VirtualLab:Target = \"https://{proxy}.{suffix}/{host}/\": unknown placeholder {host}")]
    [InlineData("Connect:Browser:BigDataCluster:Master", "https://{proxy}.{suffix/yarn/", "a brace without its pair")]
    [InlineData("Connect:Browser:BigDataCluster:Master", "javascript:alert({machine})", "absolute http or https address")]
    [InlineData("Connect:Browser:HpcCluster:Head", "https://{proxy}.{suffix}/ood/", "HPC Cluster sessions have no proxy")]
    [InlineData("Connect:Browser:VirtualLabs:Target", "https://{machine}.{suffix}/", "Connect:Browser:VirtualLabs: VirtualLabs is not a formation kind")]
    [InlineData("Connect:Browser:VirtualLab:Master", "https://{machine}.{suffix}/", "Connect:Browser:VirtualLab:Master: Virtual Lab sessions have no role Master")]
    public void A_bad_template_is_refused_with_a_message_naming_the_setting(string key, string template, string expected)
    {
        var result = new ConnectOptionsValidator().Validate(null, Bind(new() { [key] = template }));

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dashboard_does_not_start_with_an_unknown_placeholder_and_says_which_setting()
    {
        await using var app = new DashboardAppFactory(new Dictionary<string, string?>
        {
            ["Connect:Browser:HpcCluster:Head"] = "https://{machine}.{domain}/ood/",
        });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services);

        Assert.Contains("Connect:Browser:HpcCluster:Head", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown placeholder {domain}", error.Message, StringComparison.Ordinal);
    }

    private static ConnectOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddOptions<ConnectOptions>().BindConfiguration(ConnectOptions.Section);
        return services.BuildServiceProvider().GetRequiredService<IOptions<ConnectOptions>>().Value;
    }
}
