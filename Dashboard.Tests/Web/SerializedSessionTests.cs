using System.Text.Json;
using Dashboard.Core.Domain;
using Dashboard.Hubs;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Dashboard.Tests.Web;

/// <summary>A session serialized once for many connections is, on the wire, the same message as the session itself.</summary>
public sealed class SerializedSessionTests : IAsyncLifetime
{
    private static readonly SessionView Session = new()
    {
        Id = Guid.NewGuid(), Name = "spark-analytics", Kind = FormationKind.BigDataCluster, Owner = "instructor@demo.test",
        CreatedAt = DateTimeOffset.Parse("2026-03-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
        Machines = [Machine("spark-analytics-master", MachineRole.Master, MachineState.Running),
            Machine("spark-analytics-worker-01", MachineRole.Worker, MachineState.Evicted)],
    };

    private readonly DashboardAppFactory _app = new();

    [Fact]
    public void The_hub_protocol_writes_a_serialized_session_exactly_as_it_writes_the_session()
    {
        var protocol = HubProtocol();
        var options = PayloadOptions();

        var plain = protocol.GetMessageBytes(new InvocationMessage("SessionChanged", [Session]));
        var serialized = protocol.GetMessageBytes(new InvocationMessage("SessionChanged", [SerializedSession.Of(Session, options)]));

        Assert.Equal(plain.ToArray(), serialized.ToArray());
    }

    [Fact]
    public void A_serialized_session_reads_back_as_an_ordinary_SessionView_with_camel_case_names_and_enum_names()
    {
        var options = PayloadOptions();
        var json = SerializedSession.Of(Session, options).Utf8Json;

        var text = System.Text.Encoding.UTF8.GetString(json.Span);
        var read = JsonSerializer.Deserialize<SessionView>(json.Span, options)!;

        Assert.Contains("\"kind\":\"BigDataCluster\"", text, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"Evicted\"", text, StringComparison.Ordinal);
        Assert.Equal((Session.Id, Session.Name, Session.Kind), (read.Id, read.Name, read.Kind));
        Assert.Equal(Session.Machines.ToArray(), read.Machines.ToArray());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // The running dashboard's own SignalR set-up, so these are the options its hub really uses.
    private JsonSerializerOptions PayloadOptions() =>
        _app.Services.GetRequiredService<IOptions<JsonHubProtocolOptions>>().Value.PayloadSerializerOptions;

    private IHubProtocol HubProtocol() =>
        _app.Services.GetServices<IHubProtocol>().Single(p => p.Name == "json");

    private static MachineView Machine(string name, MachineRole role, MachineState state) => new()
    {
        Id = Guid.NewGuid(), SessionId = Guid.Empty, Name = name, Role = role, Size = "Standard_E4s_v5",
        Image = "Canonical:ubuntu-24_04-lts:server:latest", State = state, Priority = MachinePriority.Spot,
        EvictionPolicy = EvictionPolicy.Deallocate,
    };
}
