using Azure.Core;
using Azure.Core.Pipeline;
using Dashboard.ArmEmulator;
using Dashboard.Core.Setup;
using Dashboard.Tests.AzureBackend;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.Setup;

public sealed class CloudBindingTests
{
    [Fact]
    public async Task A_demo_database_started_against_Azure_refuses_to_start_and_names_the_setting_and_the_folder()
    {
        await using var demo = await CoreHost.StartAsync();
        Assert.NotEmpty(demo.Monitor.Sessions);
        var folder = await demo.StopKeepingDataAsync();

        var refused = await Assert.ThrowsAsync<CloudMismatchException>(() => StartOnAzureAsync(folder));

        Assert.Contains("simulated cloud", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Cloud:Provider", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Database:DataDirectory", refused.Message, StringComparison.Ordinal);
        Assert.Contains(folder.Path, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_from_before_bindings_with_demo_people_counts_as_the_simulated_clouds()
    {
        await using var demo = await CoreHost.StartAsync();
        await using (var db = demo.CreateDbContext())
            await db.CloudBindings.ExecuteDeleteAsync();
        var folder = await demo.StopKeepingDataAsync();

        await Assert.ThrowsAsync<CloudMismatchException>(() => StartOnAzureAsync(folder));
    }

    [Fact]
    public async Task An_Azure_database_refuses_another_resource_group_and_starts_again_on_its_own()
    {
        var azure = await StartOnAzureAsync(new TempFolder());
        var folder = await azure.StopKeepingDataAsync();

        var refused = await Assert.ThrowsAsync<CloudMismatchException>(() =>
            StartOnAzureAsync(folder, new Dictionary<string, string?> { ["Azure:ResourceGroup"] = "someone-elses" }));
        Assert.Contains($"resource group {AzureHarness.ResourceGroup}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("resource group someone-elses", refused.Message, StringComparison.Ordinal);

        await using var again = await StartOnAzureAsync(folder);
        await using var check = again.CreateDbContext();
        Assert.Empty(await check.Users.ToListAsync());
    }

    [Fact]
    public async Task The_bootstrap_never_makes_an_existing_account_Admin_but_creates_a_new_one()
    {
        var settings = new Dictionary<string, string?> { ["Demo:SeedOnFirstRun"] = "false" };
        var first = await CoreHost.StartAsync(settings);
        using (var scope = first.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Dashboard.Core.People.DashboardUser>>();
            var squatter = new Dashboard.Core.People.DashboardUser { UserName = "boss@example.test", Email = "boss@example.test" };
            Assert.True((await users.CreateAsync(squatter, "Squatter-pass-1!")).Succeeded);
        }

        var folder = await first.StopKeepingDataAsync();
        settings["Bootstrap:AdminEmail"] = "boss@example.test";
        settings["Bootstrap:AdminPassword"] = "Bootstrap-pass-1!";
        var second = await CoreHost.StartAsync(folder, settings);
        Assert.False(await IsAdminAsync(second, "boss@example.test"));
        await using (var db = second.CreateDbContext())
        {
            var entry = await db.ActionLog.SingleAsync(e => e.Action == Dashboard.Core.Domain.AuditAction.BootstrapAdmin);
            Assert.Equal(Dashboard.Core.Domain.ActionOutcome.Refused, entry.Outcome);
        }

        folder = await second.StopKeepingDataAsync();
        settings["Bootstrap:AdminEmail"] = "new-admin@example.test";
        await using var third = await CoreHost.StartAsync(folder, settings);
        Assert.True(await IsAdminAsync(third, "new-admin@example.test"));
        Assert.False(await IsAdminAsync(third, "boss@example.test"));
    }

    private static async Task<bool> IsAdminAsync(CoreHost core, string email)
    {
        using var scope = core.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Dashboard.Core.People.DashboardUser>>();
        return await users.FindByEmailAsync(email) is { } user && await users.IsInRoleAsync(user, Dashboard.Core.People.Roles.Admin);
    }

    private static Task<CoreHost> StartOnAzureAsync(TempFolder folder, IDictionary<string, string?>? overrides = null)
    {
        var emulator = new Dashboard.ArmEmulator.ArmEmulator(new ArmEmulatorOptions { SubscriptionId = AzureHarness.Subscription });
        var settings = AzureHarness.Settings();
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            settings[key] = value;
        return CoreHost.StartAsync(folder, settings, services =>
        {
            services.AddSingleton<TokenCredential>(new FixedTokenCredential());
            services.AddSingleton<HttpPipelineTransport>(new HttpClientTransport(emulator.CreateHandler()));
        });
    }
}
