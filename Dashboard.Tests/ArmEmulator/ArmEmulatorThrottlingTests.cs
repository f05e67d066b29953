using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Dashboard.Tests.ArmEmulator;

using Dashboard.ArmEmulator;

/// <summary>ARM's subscription token buckets on the wire, driven by a fake clock.</summary>
public sealed class ArmEmulatorThrottlingTests : IDisposable
{
    private const string Group = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg";
    private const string Vms = Group + "/providers/Microsoft.Compute/virtualMachines";
    private const string Api = "?api-version=2023-03-01";
    private const string Reads = "x-ms-ratelimit-remaining-subscription-reads";
    private const string Writes = "x-ms-ratelimit-remaining-subscription-writes";
    private const string Deletes = "x-ms-ratelimit-remaining-subscription-deletes";

    private readonly FakeTimeProvider _clock = new();
    private readonly List<HttpClient> _clients = [];

    public void Dispose()
    {
        foreach (var client in _clients)
            client.Dispose();
    }

    [Fact]
    public void Azure_preset_holds_the_published_subscription_limits_and_throttling_is_off_by_default()
    {
        Assert.Equal(new BucketLimit(250, 25), ArmLimits.Azure.Reads);
        Assert.Equal(new BucketLimit(200, 10), ArmLimits.Azure.Writes);
        Assert.Equal(new BucketLimit(200, 10), ArmLimits.Azure.Deletes);
        Assert.Null(new ArmEmulatorOptions().Throttling);
    }

    [Theory]
    [InlineData(0, 10.0)]
    [InlineData(200, 0.0)]
    [InlineData(200, double.NaN)]
    public void Limits_without_a_burst_or_a_refill_are_refused(int burst, double refillPerSecond) =>
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            new ArmEmulator(new ArmEmulatorOptions { Throttling = ArmLimits.Azure with { Deletes = new BucketLimit(burst, refillPerSecond) } }));

    [Fact]
    public async Task A_write_burst_beyond_the_limit_gets_429_with_retry_after_and_changes_nothing()
    {
        var (emulator, http) = Start(ArmLimits.Azure with { Writes = new BucketLimit(3, 0.5) });
        for (var i = 0; i < 4; i++)
            emulator.AddVirtualMachine("rg", $"vm-{i}");

        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await PowerOffAsync(http, $"vm-{i}")).StatusCode);
        var refused = await PowerOffAsync(http, "vm-3");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("2", refused.Headers.GetValues("Retry-After").Single());
        var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal("TooManyRequests", (string?)error["code"]);
        Assert.Contains("'write' requests", (string?)error["message"]);
        Assert.Equal("0", Remaining(refused, Writes));
        Assert.Equal("running", emulator.PowerStateOf("vm-3"));
        Assert.Equal("stopping", emulator.PowerStateOf("vm-2"));
        Assert.Equal((4, 1), (emulator.Counts.Write, emulator.Counts.Throttled));
    }

    [Fact]
    public async Task Tokens_refill_continuously_up_to_the_burst()
    {
        var (emulator, http) = Start(ArmLimits.Azure with { Writes = new BucketLimit(2, 1) });
        emulator.AddVirtualMachine("rg", "vm-1");
        await PowerOffAsync(http, "nope");
        await PowerOffAsync(http, "nope");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PowerOffAsync(http, "nope")).StatusCode);

        _clock.Advance(TimeSpan.FromMilliseconds(500));
        var halfway = await PowerOffAsync(http, "vm-1");
        Assert.Equal(HttpStatusCode.TooManyRequests, halfway.StatusCode);
        Assert.Equal("1", halfway.Headers.GetValues("Retry-After").Single());

        _clock.Advance(TimeSpan.FromMilliseconds(500));
        var refilled = await PowerOffAsync(http, "vm-1");
        Assert.Equal(HttpStatusCode.Accepted, refilled.StatusCode);
        Assert.Equal("0", Remaining(refilled, Writes));
        Assert.Equal("stopping", emulator.PowerStateOf("vm-1"));

        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal("1", Remaining(await PowerOffAsync(http, "nope"), Writes)); // a full bucket holds Burst, no more
    }

    [Fact]
    public async Task Retry_after_counts_whole_seconds_until_one_token_is_back()
    {
        var (_, http) = Start(ArmLimits.Azure with { Writes = new BucketLimit(1, 0.25) });
        await PowerOffAsync(http, "nope");

        Assert.Equal("4", RetryAfter(await PowerOffAsync(http, "nope")));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("3", RetryAfter(await PowerOffAsync(http, "nope")));
        _clock.Advance(TimeSpan.FromSeconds(2.5));
        Assert.Equal("1", RetryAfter(await PowerOffAsync(http, "nope")));
        _clock.Advance(TimeSpan.FromSeconds(0.5));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await PowerOffAsync(http, "nope")).StatusCode);
    }

    [Fact]
    public async Task Azure_limits_let_250_reads_through_at_once_then_one_every_40_ms()
    {
        var (emulator, http) = Start(ArmLimits.Azure);
        emulator.AddVirtualMachine("rg", "vm-1");

        for (var i = 0; i < 250; i++)
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{Vms}/vm-1{Api}")).StatusCode);
        var refused = await http.GetAsync($"{Vms}/vm-1{Api}");
        _clock.Advance(TimeSpan.FromMilliseconds(40));
        var next = await http.GetAsync($"{Vms}/vm-1{Api}");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("1", RetryAfter(refused));
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal((252, 1), (emulator.Counts.Read, emulator.Counts.Throttled));
    }

    [Fact]
    public async Task The_read_write_and_delete_buckets_are_independent()
    {
        var one = new BucketLimit(1, 1);
        var (emulator, http) = Start(new ArmLimits(Reads: one, Writes: one, Deletes: one));
        emulator.AddVirtualMachine("rg", "vm-1");
        await PowerOffAsync(http, "vm-1");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PowerOffAsync(http, "vm-1")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{Vms}/vm-1{Api}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await DeleteSnapshotAsync(http)).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await http.GetAsync($"{Vms}/vm-1{Api}")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await DeleteSnapshotAsync(http)).StatusCode);
        var counts = emulator.Counts;
        Assert.Equal((4, 2, 2, 3), (counts.Write, counts.Delete, counts.Read, counts.Throttled));

        emulator.ResetCounts();
        Assert.Equal(new RequestCounts(0, 0, 0, 0, 0, 0, 0), emulator.Counts);
    }

    [Fact]
    public async Task Every_answer_reports_the_tokens_left_in_the_bucket_it_used()
    {
        var (emulator, http) = Start(ArmLimits.Azure);
        emulator.AddVirtualMachine("rg", "vm-1");

        var read = await http.GetAsync($"{Vms}/vm-1{Api}");
        var list = await http.GetAsync(Vms + Api);
        var write = await PowerOffAsync(http, "vm-1");
        var poll = await http.GetAsync(write.Headers.GetValues("Azure-AsyncOperation").Single());
        var delete = await DeleteSnapshotAsync(http);
        var unknownPatch = await http.PatchAsync(Vms + "/vm-1/unknown" + Api, new StringContent("{}"));
        var noApiVersion = await http.GetAsync($"{Vms}/vm-1");

        Assert.Equal(("249", "248", "247", "246"), (Remaining(read, Reads), Remaining(list, Reads), Remaining(poll, Reads), Remaining(noApiVersion, Reads)));
        Assert.Equal(("199", "198"), (Remaining(write, Writes), Remaining(unknownPatch, Writes)));
        Assert.Equal("199", Remaining(delete, Deletes));
        Assert.Equal(HttpStatusCode.NotFound, unknownPatch.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noApiVersion.StatusCode);
        Assert.Null(Remaining(read, Writes) ?? Remaining(read, Deletes) ?? Remaining(write, Reads) ?? Remaining(delete, Writes));
    }

    [Fact]
    public async Task Throttling_comes_after_authentication_and_before_injected_faults()
    {
        var (emulator, http) = Start(ArmLimits.Azure with { Writes = new BucketLimit(1, 1) });
        emulator.AddVirtualMachine("rg", "vm-1");
        emulator.InjectFault(new FaultRule("POST", "vm-1/powerOff", 500, "InternalServerError", "Injected."));
        using var anonymous = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("https://arm.local/") };

        var unauthenticated = await anonymous.PostAsync($"{Vms}/vm-1/powerOff{Api}", null);
        var admitted = await PowerOffAsync(http, "nope");
        var throttled = await PowerOffAsync(http, "vm-1");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var faulted = await PowerOffAsync(http, "vm-1");

        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Null(Remaining(unauthenticated, Writes));
        Assert.Equal(HttpStatusCode.NotFound, admitted.StatusCode); // the refused anonymous request took no token
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, faulted.StatusCode); // the throttled request left the fault alone
        Assert.Equal("0", Remaining(faulted, Writes));
        Assert.Equal("running", emulator.PowerStateOf("vm-1"));
    }

    [Fact]
    public async Task Without_throttling_nothing_is_ever_429()
    {
        var (emulator, http) = Start(throttling: null);
        emulator.AddVirtualMachine("rg", "vm-1");

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 300; i++)
        {
            answers.Add(await http.GetAsync($"{Vms}/vm-1{Api}"));
            answers.Add(await PowerOffAsync(http, "nope"));
            answers.Add(await DeleteSnapshotAsync(http));
        }

        Assert.DoesNotContain(answers, a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.DoesNotContain(answers, a => a.Headers.Any(h => h.Key.StartsWith("x-ms-ratelimit", StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(0, emulator.Counts.Throttled);
    }

    private (ArmEmulator Emulator, HttpClient Http) Start(ArmLimits? throttling)
    {
        var emulator = new ArmEmulator(new ArmEmulatorOptions { Throttling = throttling }, _clock);
        var http = new HttpClient(emulator.CreateHandler()) { BaseAddress = new Uri("https://arm.local/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "token");
        _clients.Add(http);
        return (emulator, http);
    }

    private static Task<HttpResponseMessage> PowerOffAsync(HttpClient http, string vm) =>
        http.PostAsync($"{Vms}/{vm}/powerOff{Api}", null);

    private static Task<HttpResponseMessage> DeleteSnapshotAsync(HttpClient http) =>
        http.DeleteAsync($"{Group}/providers/Microsoft.Compute/snapshots/none{Api}");

    private static string? Remaining(HttpResponseMessage response, string header) =>
        response.Headers.TryGetValues(header, out var values) ? values.Single() : null;

    private static string RetryAfter(HttpResponseMessage response) => response.Headers.GetValues("Retry-After").Single();
}
