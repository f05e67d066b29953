using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dashboard.Client;

/// <summary>
/// The REST API (<c>/api/v1</c>) over an HttpClient whose BaseAddress is the dashboard. Errors throw
/// <see cref="DashboardApiException"/> with the server's ProblemDetails.
/// </summary>
public sealed class DashboardApiClient(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static DashboardApiClient WithToken(HttpClient http, string token)
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new DashboardApiClient(http);
    }

    public Task<IReadOnlyList<SessionDto>> GetSessionsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<SessionDto>>(HttpMethod.Get, "api/v1/sessions", null, null, cancellationToken);

    public Task<SessionDto> GetSessionAsync(string name, CancellationToken cancellationToken = default) =>
        SendAsync<SessionDto>(HttpMethod.Get, $"api/v1/sessions/{Uri.EscapeDataString(name)}", null, null, cancellationToken);

    public Task<IReadOnlyList<MachineDto>> GetMachinesAsync(string session, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<MachineDto>>(HttpMethod.Get, $"api/v1/sessions/{Uri.EscapeDataString(session)}/machines", null, null, cancellationToken);

    public Task<MachineDto> GetMachineAsync(Guid id, CancellationToken cancellationToken = default) =>
        SendAsync<MachineDto>(HttpMethod.Get, $"api/v1/machines/{id}", null, null, cancellationToken);

    /// <param name="action">start, stop, hibernate, reboot, snapshot, delete, connect, retry or reimage.</param>
    /// <param name="idempotencyKey">Send the same key again to retry safely: the action runs once.</param>
    public Task<ActionResponseDto> RunActionAsync(Guid machineId, string action, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendAsync<ActionResponseDto>(HttpMethod.Post, $"api/v1/machines/{machineId}/actions/{Uri.EscapeDataString(action)}", null, idempotencyKey, cancellationToken);

    /// <param name="batch">start-all, stop-all or terminate-all.</param>
    public Task<BatchResponseDto> RunBatchAsync(string session, string batch, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendAsync<BatchResponseDto>(HttpMethod.Post, $"api/v1/sessions/{Uri.EscapeDataString(session)}/actions/{Uri.EscapeDataString(batch)}", null, idempotencyKey, cancellationToken);

    public Task<ClassTimeDto> GetScheduleAsync(string session, CancellationToken cancellationToken = default) =>
        SendAsync<ClassTimeDto>(HttpMethod.Get, $"api/v1/sessions/{Uri.EscapeDataString(session)}/schedule", null, null, cancellationToken);

    public Task<ActionResponseDto> SaveScheduleAsync(string session, ClassTimeSettingsDto settings, string? idempotencyKey = null, CancellationToken cancellationToken = default) =>
        SendAsync<ActionResponseDto>(HttpMethod.Put, $"api/v1/sessions/{Uri.EscapeDataString(session)}/schedule", settings, idempotencyKey, cancellationToken);

    /// <summary>Postpones the coming automatic stop of one machine or, with no machine, of every machine.</summary>
    /// <param name="minutes">30 or 60.</param>
    public Task<ActionResponseDto> PostponeStopAsync(string session, int minutes = 30, Guid? machineId = null, string? idempotencyKey = null,
        CancellationToken cancellationToken = default) =>
        SendAsync<ActionResponseDto>(HttpMethod.Post, $"api/v1/sessions/{Uri.EscapeDataString(session)}/schedule/postpone",
            new { machineId, minutes }, idempotencyKey, cancellationToken);

    /// <summary>Skips this occurrence of the coming automatic stop of one machine or, with no machine, of every machine.</summary>
    public Task<ActionResponseDto> SkipStopAsync(string session, Guid? machineId = null, string? idempotencyKey = null,
        CancellationToken cancellationToken = default) =>
        SendAsync<ActionResponseDto>(HttpMethod.Post, $"api/v1/sessions/{Uri.EscapeDataString(session)}/schedule/skip",
            new { machineId }, idempotencyKey, cancellationToken);

    /// <summary>Audit entries, newest first; filter keys as on the audit page (who, action, session, machine, outcome, from, to).</summary>
    public Task<AuditPageDto> SearchAuditAsync(IReadOnlyDictionary<string, string>? filter = null, int skip = 0, int take = 50,
        CancellationToken cancellationToken = default)
    {
        var query = QueryOf(filter).Append(string.Create(CultureInfo.InvariantCulture, $"skip={skip}&take={take}"));
        return SendAsync<AuditPageDto>(HttpMethod.Get, "api/v1/audit?" + string.Join('&', query), null, null, cancellationToken);
    }

    /// <summary>Every audit entry the filter matches (no paging), as the CSV text the audit page exports.</summary>
    public async Task<string> ExportAuditCsvAsync(IReadOnlyDictionary<string, string>? filter = null, CancellationToken cancellationToken = default)
    {
        using var response = await SendRawAsync(HttpMethod.Get, "api/v1/audit.csv?" + string.Join('&', QueryOf(filter)), null, null, cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    private static IEnumerable<string> QueryOf(IReadOnlyDictionary<string, string>? filter) =>
        (filter ?? new Dictionary<string, string>()).Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}");

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(method, path, body, idempotencyKey, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
            ?? throw new DashboardApiException((int)response.StatusCode, null, null);
    }

    /// <summary>Sends the request; a failure throws with the server's ProblemDetails, success hands back the response.</summary>
    private async Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, object? body, string? idempotencyKey,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body, options: Json);
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        var response = await http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
            return response;
        using (response)
        {
            ProblemDto? problem = null;
            if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
                problem = await response.Content.ReadFromJsonAsync<ProblemDto>(Json, cancellationToken);
            throw new DashboardApiException((int)response.StatusCode, problem, response.Headers.RetryAfter?.Delta);
        }
    }
}
