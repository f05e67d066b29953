using System.Text.Json;
using System.Text.Json.Serialization;
using Dashboard.Core.Domain;

namespace Dashboard.Hubs;

/// <summary>
/// A session's JSON, written once and sent as is to every connection that may see exactly that view: a 500-machine
/// session costs one serialization per change instead of one per connection. On the wire it is the plain
/// <see cref="SessionView"/>, so clients read it as one. Only the JSON hub protocol can carry it.
/// </summary>
[JsonConverter(typeof(SerializedSessionConverter))]
public sealed class SerializedSession
{
    private SerializedSession(byte[] utf8Json) => Utf8Json = utf8Json;

    public ReadOnlyMemory<byte> Utf8Json { get; }

    /// <param name="options">The hub protocol's payload options, so the bytes match what it would write itself.</param>
    public static SerializedSession Of(SessionView session, JsonSerializerOptions options) =>
        new(JsonSerializer.SerializeToUtf8Bytes(session, options));

    private sealed class SerializedSessionConverter : JsonConverter<SerializedSession>
    {
        public override SerializedSession Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw new NotSupportedException("A serialized session is only ever sent, never read.");

        // The bytes came from JsonSerializer a moment ago: checking them again would cost as much as writing them.
        public override void Write(Utf8JsonWriter writer, SerializedSession value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Utf8Json.Span, skipInputValidation: true);
    }
}
