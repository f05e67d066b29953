using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Dashboard.Tests.ArmEmulator;

using Dashboard.ArmEmulator;

/// <summary>ARM's create-only PUTs, its refusal to create an OS disk over a disk, and tag updates, on the wire.</summary>
public sealed class ArmEmulatorCreateOnlyTests
{
    private const string Group = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers";
    private const string Vm = Group + "/Microsoft.Compute/virtualMachines/vm-1?api-version=2023-03-01";
    private const string Nic = Group + "/Microsoft.Network/networkInterfaces/vm-1-nic?api-version=2023-09-01";

    private static (ArmEmulator Emulator, HttpClient Http) Start()
    {
        var emulator = new ArmEmulator(new ArmEmulatorOptions());
        var http = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("https://arm.local/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "token");
        return (emulator, http);
    }

    private static HttpRequestMessage CreateOnly(string url, JsonObject body)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        return request;
    }

    private static JsonObject VmBody(string diskName) => new()
    {
        ["location"] = "westeurope",
        ["tags"] = new JsonObject { ["owner"] = "dashboard" },
        ["properties"] = new JsonObject
        {
            ["hardwareProfile"] = new JsonObject { ["vmSize"] = "Standard_B2s" },
            ["storageProfile"] = new JsonObject
            {
                ["osDisk"] = new JsonObject { ["name"] = diskName, ["createOption"] = "FromImage", ["deleteOption"] = "Delete" },
            },
            ["networkProfile"] = new JsonObject
            {
                ["networkInterfaces"] = new JsonArray(new JsonObject { ["id"] = Group + "/Microsoft.Network/networkInterfaces/vm-1-nic" }),
            },
        },
    };

    [Fact]
    public async Task A_missing_vm_reads_as_404()
    {
        var (_, http) = Start();

        var missing = await http.GetAsync(Vm);

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_create_only_put_on_an_existing_vm_is_refused_with_412_and_changes_nothing()
    {
        var (emulator, http) = Start();
        emulator.AddVirtualMachine("rg", "vm-1", tags: new Dictionary<string, string> { ["team"] = "theirs" });

        var refused = await http.SendAsync(CreateOnly(Vm, VmBody("vm-1-osdisk")));

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("theirs", emulator.TagsOf("vm-1")["team"]);
        Assert.Null(emulator.LastPutBody("vm-1"));
        // Without the header a PUT on an existing VM is an update, as in ARM.
        var update = await http.PutAsJsonAsync(Vm, VmBody("vm-1-osdisk"));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal("dashboard", emulator.TagsOf("vm-1")["owner"]);
    }

    [Fact]
    public async Task A_create_only_put_on_an_existing_nic_is_refused_with_412()
    {
        var (emulator, http) = Start();
        emulator.AddNetworkInterface("rg", "vm-1-nic", new Dictionary<string, string> { ["team"] = "theirs" });
        var body = JsonNode.Parse("""{"location":"westeurope","properties":{"ipConfigurations":[]}}""")!.AsObject();

        var refused = await http.SendAsync(CreateOnly(Nic, body));

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("theirs", (string?)emulator.PlainResourceOf(emulator.NetworkInterfaceId("rg", "vm-1-nic"))!["tags"]!["team"]);
    }

    [Fact]
    public async Task Creating_an_os_disk_over_an_existing_disk_is_refused_and_the_disk_kept()
    {
        var (emulator, http) = Start();
        emulator.AddNetworkInterface("rg", "vm-1-nic");
        emulator.AddDisk("rg", "vm-1-osdisk", new Dictionary<string, string> { ["team"] = "theirs" });

        var refused = await http.SendAsync(CreateOnly(Vm, VmBody("vm-1-osdisk")));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("Only CreateOption.Attach is supported", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(emulator.VirtualMachineNames);
        var disk = emulator.PlainResourceOf(emulator.DiskId("rg", "vm-1-osdisk"))!;
        Assert.Equal("Unattached", (string?)disk["properties"]!["diskState"]);
        Assert.Null(disk["managedBy"]);
    }

    [Fact]
    public async Task A_patch_replaces_the_vm_tags()
    {
        var (emulator, http) = Start();
        emulator.AddVirtualMachine("rg", "vm-1", tags: new Dictionary<string, string> { ["team"] = "theirs" });

        var patched = await http.PatchAsync(Vm, JsonContent.Create(JsonNode.Parse("""{"tags":{"team":"theirs","adopted":"yes"}}""")));

        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("yes", emulator.TagsOf("vm-1")["adopted"]);
        Assert.Equal("running", emulator.PowerStateOf("vm-1"));
    }
}
