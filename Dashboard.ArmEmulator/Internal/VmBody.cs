using System.Text.Json.Nodes;

namespace Dashboard.ArmEmulator.Internal;

/// <summary>Checks and normalises a VM create body the way the Compute provider does.</summary>
internal static class VmBody
{
    /// <summary>The checks that need nothing but the body; null when it is acceptable.</summary>
    public static ArmResponse? Validate(JsonObject body)
    {
        if (Json.Str(body["location"]) is null)
            return ArmResponse.Error(400, "LocationRequired", "The location property is required for this definition.");
        if (body["properties"] is not JsonObject properties)
            return ArmResponse.Error(400, "InvalidParameter", "Required parameter 'properties' is missing (null).");
        if (Json.Str(properties["hardwareProfile"]?["vmSize"]) is null)
            return ArmResponse.Error(400, "InvalidParameter", "Required parameter 'hardwareProfile.vmSize' is missing (null).");
        var probe = new VmState("/probe", "", properties);
        if (probe.Spot && probe.HibernationEnabled)
            return ArmResponse.Error(400, "OperationNotAllowed", "Hibernation is not supported for Spot VMs.");
        if (!probe.Nics.Any() && properties["networkProfile"]?["networkInterfaceConfigurations"] is null)
            return ArmResponse.Error(400, "InvalidParameter", "Required parameter 'networkProfile' is missing (null).");
        return null;
    }

    /// <summary>
    /// The properties to store: secrets dropped (ARM never returns them) and the OS disk named and
    /// given the managed disk id it will have, as ARM reports it.
    /// </summary>
    public static JsonObject Properties(JsonObject body, string subscription, string resourceGroup, string vmName)
    {
        var properties = (JsonObject)body["properties"]!.DeepClone();
        if (properties["osProfile"] is JsonObject osProfile)
        {
            osProfile.Remove("adminPassword");
            osProfile.Remove("customData");
        }
        var osDisk = Json.Child(Json.Child(properties, "storageProfile"), "osDisk");
        var diskName = Json.Str(osDisk["name"])
            ?? (Json.Str(osDisk["managedDisk"]?["id"]) is { } given ? Ids.NameOf(given) : $"{vmName}_OsDisk_1_{Guid.NewGuid():N}");
        osDisk["name"] = diskName;
        osDisk["osType"] ??= properties["osProfile"]?["windowsConfiguration"] is null ? "Linux" : "Windows";
        osDisk["createOption"] ??= "FromImage";
        osDisk["deleteOption"] ??= "Detach";
        var managedDisk = Json.Child(osDisk, "managedDisk");
        managedDisk["storageAccountType"] ??= "Premium_LRS";
        // An attached disk keeps its own id; a disk the VM creates is named in the VM's resource group.
        var attached = string.Equals(Json.Str(osDisk["createOption"]), "Attach", StringComparison.OrdinalIgnoreCase)
            && Json.Str(managedDisk["id"]) is not null;
        if (!attached)
            managedDisk["id"] = Ids.Of(subscription, resourceGroup, Ids.DiskType, diskName);
        return properties;
    }

    /// <summary>A create body like the SDK's, for VMs seeded by tests.</summary>
    public static JsonObject Seed(string location, string size, bool spot, string? evictionPolicy, bool hibernation,
        string osDiskName, string nicId)
    {
        var properties = new JsonObject
        {
            ["hardwareProfile"] = new JsonObject { ["vmSize"] = size },
            ["storageProfile"] = new JsonObject
            {
                ["imageReference"] = new JsonObject
                {
                    ["publisher"] = "Canonical", ["offer"] = "ubuntu-24_04-lts", ["sku"] = "server", ["version"] = "latest",
                },
                ["osDisk"] = new JsonObject
                {
                    ["name"] = osDiskName, ["createOption"] = "FromImage", ["deleteOption"] = "Delete",
                    ["managedDisk"] = new JsonObject { ["storageAccountType"] = "Premium_LRS" },
                },
            },
            ["networkProfile"] = new JsonObject
            {
                ["networkInterfaces"] = new JsonArray(new JsonObject
                {
                    ["id"] = nicId, ["properties"] = new JsonObject { ["primary"] = true, ["deleteOption"] = "Delete" },
                }),
            },
            ["priority"] = spot ? "Spot" : "Regular",
        };
        if (spot)
        {
            properties["evictionPolicy"] = evictionPolicy ?? "Deallocate";
            properties["billingProfile"] = new JsonObject { ["maxPrice"] = -1 };
        }
        if (hibernation)
            properties["additionalCapabilities"] = new JsonObject { ["hibernationEnabled"] = true };
        return new JsonObject { ["location"] = location, ["properties"] = properties };
    }
}
