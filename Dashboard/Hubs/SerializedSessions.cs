using System.Text.Json;
using Dashboard.Core.Domain;

namespace Dashboard.Hubs;

/// <summary>
/// Serializes each distinct view once while one change batch is fanned out. Admins, ops and the owner share the
/// monitor's own instance (<c>AccessPolicy.VisiblePart</c> returns it), hence the reference comparison.
/// </summary>
public sealed class SerializedSessions(JsonSerializerOptions options)
{
    private readonly Dictionary<SessionView, SerializedSession> _byView = new(ReferenceEqualityComparer.Instance);

    public SerializedSession Of(SessionView view)
    {
        if (!_byView.TryGetValue(view, out var serialized))
            _byView[view] = serialized = SerializedSession.Of(view, options);
        return serialized;
    }
}
