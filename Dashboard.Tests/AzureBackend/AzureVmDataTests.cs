using Azure.Core;
using Azure.ResourceManager;
using Azure.ResourceManager.Compute.Models;
using Dashboard.Core.Cloud;
using Dashboard.Core.Cloud.Azure;
using Dashboard.Core.Domain;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.AzureBackend;

public sealed class AzureVmDataTests
{
    private static readonly ResourceIdentifier Nic = new("/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/sessions/providers/Microsoft.Network/networkInterfaces/vm-nic");

    private static readonly ArmClient Client = new(new FixedTokenCredential());

    private static AzureCloud Cloud() => new(Client, Client, Options.Create(new AzureOptions
    {
        SubscriptionId = "00000000-0000-0000-0000-000000000001",
        ResourceGroup = "sessions",
        Location = "westeurope",
        SshPublicKey = "ssh-ed25519 AAAA test",
        SpotMaxPrice = 0.05m,
    }));

    private static CloudMachineSpec Spec(MachinePriority priority, EvictionPolicy? policy, bool hibernation) => new(
        "spark-worker-01", "Standard_E4s_v5", "Canonical:ubuntu-24_04-lts:server:latest", priority, policy, hibernation,
        new Dictionary<string, string> { [CloudTags.Session] = "spark", [CloudTags.Role] = "Worker", [CloudTags.Kind] = "BigDataCluster" });

    [Fact]
    public void A_spot_worker_gets_spot_priority_its_eviction_policy_and_max_price()
    {
        var data = Cloud().VmDataFor(Spec(MachinePriority.Spot, EvictionPolicy.Delete, hibernation: false), Nic);

        Assert.Equal(VirtualMachinePriorityType.Spot, data.Priority);
        Assert.Equal(VirtualMachineEvictionPolicyType.Delete, data.EvictionPolicy);
        Assert.Equal(0.05, data.BillingMaxPrice);
        Assert.Null(data.AdditionalCapabilities?.HibernationEnabled);
    }

    [Fact]
    public void A_regular_machine_asked_to_hibernate_gets_the_capability()
    {
        var data = Cloud().VmDataFor(Spec(MachinePriority.Regular, null, hibernation: true), Nic);

        Assert.Equal(VirtualMachinePriorityType.Regular, data.Priority);
        Assert.True(data.AdditionalCapabilities?.HibernationEnabled);
        Assert.Null(data.EvictionPolicy);
    }

    [Fact]
    public void Machines_carry_the_tags_that_rebuild_the_session_tree_and_delete_their_nic_and_disk_with_them()
    {
        var data = Cloud().VmDataFor(Spec(MachinePriority.Regular, null, hibernation: false), Nic);

        Assert.Equal("spark", data.Tags[CloudTags.Session]);
        Assert.Equal("Worker", data.Tags[CloudTags.Role]);
        Assert.Equal("BigDataCluster", data.Tags[CloudTags.Kind]);
        Assert.Equal(DiskDeleteOptionType.Delete, data.StorageProfile.OSDisk.DeleteOption);
        Assert.Equal(ComputeDeleteOption.Delete, data.NetworkProfile.NetworkInterfaces.Single().DeleteOption);
        Assert.Equal(Nic, data.NetworkProfile.NetworkInterfaces.Single().Id);
        Assert.Equal("ubuntu-24_04-lts", data.StorageProfile.ImageReference.Offer);
    }

    [Fact]
    public void An_image_that_is_neither_a_urn_nor_an_id_is_refused_in_plain_words()
    {
        var error = Assert.Throws<CloudOperationException>(() => AzureCloud.ImageReferenceFor("ubuntu"));
        Assert.Contains("publisher:offer:sku:version", error.Message, StringComparison.Ordinal);
    }
}
