using System.Net.Http.Json;
using System.Text.Json;

namespace Dashboard.Tests.Api;

/// <summary>The OpenAPI document describes what the endpoints really take and answer; the reference page needs no other host.</summary>
public sealed class ApiDocumentTests : ApiTest
{
    private JsonElement _document;

    public override async Task InitializeAsync()
    {
        using var client = App.Client(null);
        _document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
    }

    [Fact]
    public void The_audit_operations_list_their_filters_and_the_csv_its_text_answer()
    {
        string[] filters = ["who", "action", "session", "machine", "outcome", "from", "to"];

        Assert.Equal([.. filters, "skip", "take"], QueryParameters(Operation("/api/v1/audit", "get")));
        Assert.Equal(filters, QueryParameters(Operation("/api/v1/audit.csv", "get")));
        var csv = Operation("/api/v1/audit.csv", "get").GetProperty("responses").GetProperty("200").GetProperty("content");
        Assert.True(csv.TryGetProperty("text/csv", out _));
        var outcome = Operation("/api/v1/audit", "get").GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "outcome");
        Assert.Contains("Refused", outcome.GetProperty("schema").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
    }

    [Theory]
    [InlineData("/api/v1/machines/{id}/actions/{action}", "post", new[] { 400, 401, 403, 404, 409, 422, 429, 503 })]
    [InlineData("/api/v1/sessions/{name}/schedule", "put", new[] { 400, 401, 403, 404, 409, 422, 429, 503 })]
    [InlineData("/api/v1/sessions/{name}/schedule/skip", "post", new[] { 400, 401, 403, 404, 409, 422, 429, 503 })]
    [InlineData("/api/v1/sessions/{name}", "get", new[] { 401, 403, 404, 429 })]
    [InlineData("/api/v1/machines/{id}", "get", new[] { 401, 403, 404, 429 })]
    public void Operations_declare_their_problem_answers(string path, string method, int[] statuses)
    {
        var responses = Operation(path, method).GetProperty("responses");

        foreach (var status in statuses)
        {
            Assert.True(responses.TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response), $"{method} {path} declares {status}");
            Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{status} is a ProblemDetails");
        }
    }

    [Fact]
    public void Every_write_declares_the_idempotency_key_header_and_no_read_does()
    {
        foreach (var path in _document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put"))
            {
                var headers = operation.Value.TryGetProperty("parameters", out var parameters)
                    ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()).ToList()
                    : [];
                Assert.Equal(operation.Name != "get", headers.Contains("Idempotency-Key"));
            }
        }
    }

    [Fact]
    public void Enums_list_their_names_and_week_days_their_combinations()
    {
        var schemas = _document.GetProperty("components").GetProperty("schemas");

        var outcome = schemas.GetProperty("ActionOutcome");
        Assert.Contains("Succeeded", outcome.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        var days = schemas.GetProperty("WeekDays");
        Assert.Equal("string", days.GetProperty("type").GetString());
        var pattern = new System.Text.RegularExpressions.Regex(days.GetProperty("pattern").GetString()!);
        Assert.Matches(pattern, "Monday, Wednesday");
        Assert.Matches(pattern, "Weekdays");
        Assert.DoesNotMatch(pattern, "Funday");
    }

    [Fact]
    public void The_token_description_names_the_tokens_page_as_the_app_bar_does()
    {
        var scheme = _document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("description").GetString();

        Assert.Contains("Tokens", scheme, StringComparison.Ordinal);
        Assert.Contains("/account/tokens", scheme, StringComparison.Ordinal);
        Assert.DoesNotContain("Access tokens", scheme, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reference_page_loads_nothing_from_other_hosts_and_shows_only_the_reference()
    {
        using var client = App.Factory.CreateClient();

        var page = await client.GetStringAsync("/api/reference");

        Assert.DoesNotContain("fonts.scalar.com", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("cdn.jsdelivr.net", page, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"withDefaultFonts\":false", page, StringComparison.Ordinal);
        Assert.Contains("\"showDeveloperTools\":\"never\"", page, StringComparison.Ordinal);
        Assert.Contains("\"hideClientButton\":true", page, StringComparison.Ordinal);
        Assert.Contains("\"agent\":{\"disabled\":true}", page, StringComparison.Ordinal);
    }

    private JsonElement Operation(string path, string method) => _document.GetProperty("paths").GetProperty(path).GetProperty(method);

    private static List<string?> QueryParameters(JsonElement operation) =>
        [.. operation.GetProperty("parameters").EnumerateArray().Where(p => p.GetProperty("in").GetString() == "query").Select(p => p.GetProperty("name").GetString())];
}
