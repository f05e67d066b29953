using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using Dashboard.Core.Domain;
using Dashboard.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.AzureBackend;

using Dashboard.ArmEmulator;

public sealed class AzureSignInFailureTests
{
    /// <summary>A credential whose identity can be taken away mid-test, as when a managed identity loses its token.</summary>
    private sealed class RevocableCredential : TokenCredential
    {
        public volatile bool Revoked;

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            Revoked ? throw new AuthenticationFailedException("ManagedIdentityCredential authentication unavailable.")
                : new AccessToken("test-token", DateTimeOffset.UtcNow.AddMinutes(1));

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }

    [Fact]
    public async Task When_the_dashboard_cannot_sign_in_a_command_fails_in_plain_words_and_leaves_the_machine_as_it_was()
    {
        var emulator = new ArmEmulator(new ArmEmulatorOptions { SubscriptionId = AzureHarness.Subscription, OperationLatency = TimeSpan.FromMilliseconds(200) });
        emulator.AddVirtualMachine(AzureHarness.ResourceGroup, "solo-01", tags: AzureHarness.CreatedTags("solo", "PoolMember", "MachinePool"));
        var credential = new RevocableCredential();
        await using var core = await CoreHost.StartAsync(AzureHarness.Settings(), services =>
        {
            services.AddSingleton<TokenCredential>(credential);
            services.AddSingleton<HttpPipelineTransport>(new HttpClientTransport(emulator.CreateHandler()));
        });
        var machine = (await AzureHarness.AdoptAsync(core, "solo", 1)).Machines.Single();

        credential.Revoked = true;
        var result = await core.Commands.RunAsync(machine.Id, MachineAction.Stop, TestViewers.Admin);

        Assert.Equal(ActionOutcome.Failed, result.Outcome);
        Assert.Contains("could not sign in to Azure", result.Message, StringComparison.Ordinal);
        Assert.Equal(MachineState.Running, core.Monitor.FindMachine(machine.Id)!.State);
        Assert.False(core.Monitor.IsBusy(machine.Id));
    }
}
