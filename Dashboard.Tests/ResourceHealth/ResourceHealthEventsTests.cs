using Dashboard.Core.Cloud.Azure.ResourceHealth;

namespace Dashboard.Tests.ResourceHealth;

public sealed class ResourceHealthEventsTests
{
    private const string Vm = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/sessions/providers/Microsoft.Compute/virtualMachines/spark-worker-001";

    [Theory]
    [InlineData(EventSchema.EventGrid, true)]
    [InlineData(EventSchema.EventGrid, false)]
    [InlineData(EventSchema.CloudEvents, true)]
    [InlineData(EventSchema.CloudEvents, false)]
    public void Both_health_event_types_name_their_vm_in_either_schema_and_encoding(EventSchema schema, bool base64)
    {
        Assert.Equal([Vm], ResourceHealthEvents.VirtualMachineIds(HealthEventMessages.Preempted(Vm, schema, base64)));
        Assert.Equal([Vm], ResourceHealthEvents.VirtualMachineIds(HealthEventMessages.Unavailable(Vm, schema, base64)));
    }

    [Fact]
    public void Other_events_and_scale_set_instances_name_no_machine()
    {
        const string other = """{"id":"1","eventType":"Microsoft.Storage.BlobCreated","subject":"/blobServices/default","data":{}}""";
        var scaleSetVm = HealthEventMessages.Preempted(
            Vm.Replace("virtualMachines/spark-worker-001", "virtualMachineScaleSets/pool/virtualMachines/3", StringComparison.Ordinal),
            EventSchema.EventGrid, base64: false);

        Assert.Empty(ResourceHealthEvents.VirtualMachineIds(other));
        Assert.Empty(ResourceHealthEvents.VirtualMachineIds(scaleSetVm));
    }

    [Theory]
    [InlineData("not an event")]
    [InlineData("e30=x")]
    [InlineData("{\"eventType\": ")]
    [InlineData("[42]")]
    [InlineData("{\"eventType\":\"Microsoft.ResourceNotifications.HealthResources.ResourceAnnotated\",\"data\":{}}")]
    public void A_message_that_is_no_readable_event_is_a_format_error(string message) =>
        Assert.Throws<FormatException>(() => ResourceHealthEvents.VirtualMachineIds(message));
}
