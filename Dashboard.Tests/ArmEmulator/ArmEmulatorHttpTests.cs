using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure;
using Azure.ResourceManager.Compute;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.ArmEmulator;

using Dashboard.ArmEmulator;

/// <summary>The protocol as seen on the wire, in-process and over the real HTTPS server.</summary>
public sealed class ArmEmulatorHttpTests
{
    private const string Vm = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1";

    [Fact]
    public async Task Requests_need_a_bearer_token_an_api_version_and_a_known_route()
    {
        var emulator = new ArmEmulator(new ArmEmulatorOptions());
        using var http = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("https://arm.local/") };

        var anonymous = await http.GetAsync(Vm + "?api-version=2023-03-01");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("AuthenticationFailed", await ErrorCodeAsync(anonymous));

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "token");
        Assert.Equal("MissingApiVersionParameter", await ErrorCodeAsync(await http.GetAsync(Vm)));
        Assert.Equal("ResourceNotFound", await ErrorCodeAsync(await http.GetAsync(Vm + "?api-version=1")));
        var unknown = await http.DeleteAsync(Vm + "/instanceView?api-version=1");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("NotFound", await ErrorCodeAsync(unknown));
        Assert.Equal(4, emulator.Counts.Total);
    }

    [Fact]
    public async Task An_accepted_operation_is_polled_until_it_succeeds()
    {
        var emulator = new ArmEmulator(new ArmEmulatorOptions { OperationLatency = TimeSpan.FromSeconds(1) });
        emulator.AddVirtualMachine("rg", "vm-1");
        using var http = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("https://arm.local/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "token");

        var accepted = await http.PostAsync(Vm.ToUpperInvariant() + "/powerOff?api-version=2023-03-01", null);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var status = accepted.Headers.GetValues("Azure-AsyncOperation").Single();
        var location = accepted.Headers.Location!;
        Assert.Equal("stopping", emulator.PowerStateOf("vm-1"));
        Assert.Equal(HttpStatusCode.Accepted, (await http.GetAsync(location)).StatusCode);
        Assert.Equal("InProgress", (string?)JsonNode.Parse(await http.GetStringAsync(status))!["status"]);

        await Eventually.TrueAsync(() => emulator.PowerStateOf("vm-1") == "stopped", "the VM is stopped");
        Assert.Equal("Succeeded", (string?)JsonNode.Parse(await http.GetStringAsync(status))!["status"]);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(location)).StatusCode);
        Assert.Equal(4, emulator.Counts.OperationPolls);
        Assert.Equal(1, emulator.Counts.Write);
    }

    [Fact]
    public async Task A_nic_put_answers_201_then_200_with_succeeded_and_no_operation_to_poll()
    {
        var emulator = new ArmEmulator(new ArmEmulatorOptions());
        using var http = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("https://arm.local/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "token");
        const string nic = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/vm-1-nic?api-version=2023-09-01";
        var body = """{"location":"westeurope","properties":{"ipConfigurations":[{"name":"ipconfig1","properties":{}}]}}""";

        var created = await http.PutAsync(nic, new StringContent(body));
        var updated = await http.PutAsync(nic, new StringContent(body));

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK), (created.StatusCode, updated.StatusCode));
        foreach (var answer in new[] { created, updated })
        {
            Assert.False(answer.Headers.Contains("Azure-AsyncOperation"));
            Assert.Null(answer.Headers.Location);
            Assert.Equal("Succeeded", (string?)JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["properties"]!["provisioningState"]);
        }
    }

    [Fact]
    public async Task The_https_server_serves_the_sdk_to_clients_that_trust_its_certificate()
    {
        await using var server = await ArmEmulator.StartAsync(new ArmEmulatorOptions { OperationLatency = TimeSpan.FromMilliseconds(150), PageSize = 2 });
        for (var i = 0; i < 5; i++)
            server.Emulator.AddVirtualMachine("rg", $"vm-{i}");
        Assert.Equal("127.0.0.1", server.Endpoint.Host);
        var pinned = server.Certificate.GetCertHashString(HashAlgorithmName.SHA256);
        // Test-only: accept exactly the emulator's freshly generated certificate, nothing else.
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
                certificate is not null && certificate.GetCertHashString(HashAlgorithmName.SHA256) == pinned,
        };
        var subscriptionId = new ArmEmulatorOptions().SubscriptionId;
        var client = ArmHarness.CreateClient(server.Endpoint, handler, subscriptionId);
        var subscription = client.GetSubscriptionResource(Azure.ResourceManager.Resources.SubscriptionResource.CreateResourceIdentifier(subscriptionId));

        var names = new List<string>();
        await foreach (var vm in subscription.GetVirtualMachinesAsync(statusOnly: "true"))
            names.Add(vm.Data.Name);
        var vm1 = client.GetVirtualMachineResource(VirtualMachineResource.CreateResourceIdentifier(subscriptionId, "rg", "vm-1"));
        await vm1.DeallocateAsync(WaitUntil.Completed);

        Assert.Equal(5, names.Count);
        Assert.Equal(3, server.Emulator.Counts.List);
        Assert.Equal("deallocated", server.Emulator.PowerStateOf("vm-1"));
        using var untrusting = new HttpClient();
        await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.GetAsync(server.Endpoint));
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response) =>
        (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())?["error"]?["code"];
}
