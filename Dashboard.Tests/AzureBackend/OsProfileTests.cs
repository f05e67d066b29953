using Dashboard.Core.Cloud;
using Dashboard.Core.Cloud.Azure;
using Dashboard.Core.Domain;
using Dashboard.Core.Sessions;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.AzureBackend;

/// <summary>Watching needs no secret; creating Linux machines needs an SSH key, Windows machines an admin password.</summary>
public sealed class OsProfileTests
{
    private const string Password = "Lab-Desk-2026-ok!";

    private static Dictionary<string, string?> With(string? sshKey = null, string? password = null) => new()
    {
        ["Azure:SshPublicKey"] = sshKey ?? "",
        ["Azure:WindowsAdminPassword"] = password ?? "",
    };

    private static async Task<CreateSessionResult> CreateAsync(AzureHarness azure, FormationKind kind, string name)
    {
        var formation = (await azure.Core.Store.GetFormationsAsync(CancellationToken.None)).Single(f => f.Kind == kind);
        return await azure.Core.Provisioner.CreateAsync(new CreateSessionRequest
        {
            FormationId = formation.Id, Name = name, Count = 1, Size = formation.Size,
        }, TestViewers.Instructor, CancellationToken.None);
    }

    [Fact]
    public async Task Without_an_ssh_key_the_dashboard_starts_watches_and_refuses_linux_creation_in_plain_words()
    {
        await using var azure = await AzureHarness.StartAsync(
            arm => arm.AddVirtualMachine(AzureHarness.ResourceGroup, "old-01", tags: AzureHarness.CreatedTags("old", "PoolMember", "MachinePool")),
            settings: With());
        await azure.AdoptAsync("old", 1);

        var result = await CreateAsync(azure, FormationKind.MachinePool, "prod");

        Assert.Equal("prod-01 was not created: Azure:SshPublicKey is required to create Linux machines: set an OpenSSH public key (ssh-ed25519 ...).",
            Assert.Single(result.Errors).Message);
        Assert.Null(azure.Core.Monitor.FindSession("prod"));
        Assert.DoesNotContain("prod-01", azure.Emulator.VirtualMachineNames);
    }

    [Fact]
    public async Task Windows_machines_get_a_windows_profile_with_the_password_and_a_computer_name_windows_accepts()
    {
        await using var azure = await AzureHarness.StartAsync(settings: With(password: Password));

        var result = await CreateAsync(azure, FormationKind.VirtualLab, "desktop-lab-2026");

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Message)));
        await Eventually.TrueAsync(() => azure.Emulator.LastPutBody("desktop-lab-2026-target") is not null, "the target is sent");
        var profile = azure.Emulator.LastPutBody("desktop-lab-2026-target")!["properties"]!["osProfile"]!;
        Assert.NotNull(profile["windowsConfiguration"]);
        Assert.Null(profile["linuxConfiguration"]);
        Assert.Equal(Password, profile["adminPassword"]!.GetValue<string>());
        Assert.Equal(WindowsComputerName.From("desktop-lab-2026-target"), profile["computerName"]!.GetValue<string>());
        Assert.True(profile["computerName"]!.GetValue<string>().Length <= 15);
    }

    [Fact]
    public async Task A_windows_creation_without_a_password_is_refused_in_plain_words_before_anything_is_sent()
    {
        await using var azure = await AzureHarness.StartAsync();
        var spec = new CloudMachineSpec("win-01", "Standard_D4s_v5", "MicrosoftWindowsServer:WindowsServer:2022-datacenter-azure-edition:latest",
            MachinePriority.Regular, null, false, new Dictionary<string, string>());
        azure.Emulator.ResetCounts();

        var error = await Assert.ThrowsAsync<CloudOperationException>(() => azure.Cloud.CreateAsync(spec, CancellationToken.None));

        Assert.Equal("win-01 was not created: Azure:WindowsAdminPassword is required to create Windows machines.", error.Message);
        Assert.Equal(0, azure.Emulator.Counts.Write);
    }

    [Fact]
    public async Task A_windows_lab_without_a_password_is_refused_at_the_form()
    {
        await using var azure = await AzureHarness.StartAsync();

        var result = await CreateAsync(azure, FormationKind.VirtualLab, "desk");

        Assert.Contains("Azure:WindowsAdminPassword is required", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
        Assert.Null(azure.Core.Monitor.FindSession("desk"));
    }

    [Theory]
    [InlineData("lab-target")]
    [InlineData("desktop-lab-2026-target")]
    [InlineData("123456")]
    [InlineData("a_b.c!d")]
    [InlineData("0123456789012345678901")]
    public void A_windows_computer_name_is_short_not_all_digits_without_forbidden_characters_and_stable(string vmName)
    {
        var name = WindowsComputerName.From(vmName);

        Assert.InRange(name.Length, 1, 15);
        Assert.False(name.All(char.IsAsciiDigit));
        Assert.All(name, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c == '-', $"'{c}' in {name}"));
        Assert.Equal(name, WindowsComputerName.From(vmName));
    }

    [Fact]
    public void Long_vm_names_that_share_a_start_get_different_computer_names() =>
        Assert.NotEqual(WindowsComputerName.From("desktop-lab-2026-target-01"), WindowsComputerName.From("desktop-lab-2026-target-02"));

    [Theory]
    [InlineData("Short1!", "12 to 123 characters")]
    [InlineData("P@ssw0rd", "12 to 123 characters")]
    [InlineData("azureuser-Pass-2026", "must not contain the admin user name")]
    [InlineData("alllowercase-but-long", "needs three of")]
    [InlineData("Lab-Desk-2026-ok!", null)]
    public void Windows_passwords_are_checked_against_azures_rules(string password, string? expected)
    {
        var problem = WindowsPassword.Problem(password, "azureuser");

        if (expected is null)
            Assert.Null(problem);
        else
            Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
