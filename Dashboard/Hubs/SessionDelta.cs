using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Core.Domain;

namespace Dashboard.Hubs;

/// <summary>
/// What changed in a session since the last message: its header, the machines that changed or appeared, and the ids
/// of those that went. A 500-machine session where one machine changed travels as one machine, not 500.
/// </summary>
[JsonConverter(typeof(SessionDeltaConverter))]
public sealed class SessionDelta
{
    private readonly Lazy<byte[]> _json;
    private readonly JsonSerializerOptions _options;
    private readonly Lock _gate = new();
    private (SessionDelta Later, SessionDelta Result)? _mergedWith;

    public SessionDelta(SessionHeader session, ImmutableArray<MachineView> machines, ImmutableArray<Guid> removedMachineIds, JsonSerializerOptions options)
    {
        Session = session;
        Machines = machines;
        RemovedMachineIds = removedMachineIds;
        _options = options;
        // Written once however many connections share this delta (every admin's sees the same one).
        _json = new Lazy<byte[]>(() => JsonSerializer.SerializeToUtf8Bytes(new Wire(Session, Machines, RemovedMachineIds), _options));
    }

    public SessionHeader Session { get; }
    public ImmutableArray<MachineView> Machines { get; }
    public ImmutableArray<Guid> RemovedMachineIds { get; }

    /// <summary>
    /// One delta for a client that had not read <paramref name="earlier"/> yet: the later header, every machine as it
    /// last changed, and what went (unless it came back).
    /// </summary>
    public static SessionDelta Merge(SessionDelta earlier, SessionDelta later)
    {
        // Connections that lag alike merge the same pair (every admin's outbox holds the same shared deltas): they
        // share the result, and so its serialization, instead of writing one JSON each.
        lock (earlier._gate)
        {
            if (earlier._mergedWith is { } cached && ReferenceEquals(cached.Later, later))
                return cached.Result;
        }

        var merged = Combine(earlier, later);
        lock (earlier._gate)
            earlier._mergedWith = (later, merged);
        return merged;
    }

    private static SessionDelta Combine(SessionDelta earlier, SessionDelta later)
    {
        var machines = earlier.Machines.Where(m => !later.RemovedMachineIds.Contains(m.Id)).ToDictionary(m => m.Id);
        foreach (var machine in later.Machines)
            machines[machine.Id] = machine;
        var removed = earlier.RemovedMachineIds.Union(later.RemovedMachineIds).Where(id => !machines.ContainsKey(id));
        return new SessionDelta(later.Session, [.. machines.Values], [.. removed], later._options);
    }

    private sealed record Wire(SessionHeader Session, ImmutableArray<MachineView> Machines, ImmutableArray<Guid> RemovedMachineIds);

    private sealed class SessionDeltaConverter : JsonConverter<SessionDelta>
    {
        public override SessionDelta Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A session delta is only ever sent, never read.");

        public override void Write(Utf8JsonWriter writer, SessionDelta value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value._json.Value, skipInputValidation: true);
    }
}
