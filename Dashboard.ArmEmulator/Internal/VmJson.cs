using System.Text.Json.Nodes;

namespace Dashboard.ArmEmulator.Internal;

/// <summary>Renders a VM as ARM returns it, optionally with its instance view (statuses).</summary>
internal static class VmJson
{
    public static JsonObject Render(VmState vm, bool instanceView)
    {
        var properties = (JsonObject)vm.Properties.DeepClone();
        properties["provisioningState"] = vm.ProvisioningState;
        properties["vmId"] = vm.VmId;
        properties["timeCreated"] = Json.Time(vm.TimeCreated);
        if (instanceView)
            properties["instanceView"] = InstanceView(vm);
        return new JsonObject
        {
            ["id"] = vm.Id,
            ["name"] = vm.Name,
            ["type"] = Ids.VmType,
            ["location"] = vm.Location,
            ["tags"] = Json.TagsNode(vm.Tags),
            ["properties"] = properties,
        };
    }

    public static JsonObject InstanceView(VmState vm)
    {
        var provisioning = vm.Failure is { } failure && vm.ProvisioningState == "Failed"
            ? new JsonObject
            {
                ["code"] = $"ProvisioningState/failed/{failure.Code}", ["level"] = "Error", ["displayStatus"] = "Provisioning failed",
                ["message"] = failure.Message, ["time"] = Json.Time(failure.At),
            }
            : Status($"ProvisioningState/{vm.ProvisioningState.ToLowerInvariant()}", ProvisioningText(vm.ProvisioningState));
        var statuses = new JsonArray { provisioning, Status($"PowerState/{vm.PowerState}", $"VM {vm.PowerState}") };
        if (vm.Hibernated)
            statuses.Add(Status("HibernationState/Hibernated", "VM hibernated"));
        var view = new JsonObject { ["computerName"] = vm.Name, ["statuses"] = statuses };
        if (Json.Str(vm.OsDisk?["osType"]) is { } osType)
            view["osName"] = osType;
        return view;
    }

    private static JsonObject Status(string code, string display) =>
        new() { ["code"] = code, ["level"] = "Info", ["displayStatus"] = display };

    private static string ProvisioningText(string state) => state switch
    {
        "Succeeded" => "Provisioning succeeded",
        "Failed" => "Provisioning failed",
        _ => state,
    };
}
