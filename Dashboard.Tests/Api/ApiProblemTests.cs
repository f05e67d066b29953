using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Core.Api;
using Dashboard.Core.Setup;

namespace Dashboard.Tests.Api;

/// <summary>Every /api/v1 error is a full ProblemDetails (type, title, status, detail; errors on a 400), whoever wrote it.</summary>
public sealed class ApiProblemTests : ApiTest
{
    [Fact]
    public async Task Malformed_json_names_where_it_broke()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor));

        var problem = await FullProblemAsync(await client.PutAsync("/api/v1/sessions/python-workshop/schedule", Json("{\"rules\": [")),
            HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.GetProperty("errors").EnumerateObject());
    }

    [Fact]
    public async Task An_impossible_time_is_a_400_naming_the_field()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor));
        const string body = "{\"rules\":[{\"kind\":\"Weekly\",\"days\":\"Monday\",\"startTime\":\"25:00\",\"stopTime\":\"26:00\",\"timeZone\":\"UTC\"}]}";

        var problem = await FullProblemAsync(await client.PutAsync("/api/v1/sessions/python-workshop/schedule", Json(body)), HttpStatusCode.BadRequest);

        Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.Contains("startTime", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_query_value_of_the_wrong_type_is_a_400_naming_it()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor));

        var problem = await FullProblemAsync(await client.GetAsync("/api/v1/audit?take=abc"), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("take", out _));
    }

    [Fact]
    public async Task A_too_long_idempotency_key_is_a_400_with_errors()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor));
        var machine = App.MachineOf(DemoData.Student(6));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/machines/{machine.Id}/actions/connect")
        {
            Headers = { { "Idempotency-Key", new string('k', ApiLimits.IdempotencyKey + 1) } },
        };

        var problem = await FullProblemAsync(await client.SendAsync(request), HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
    }

    [Fact]
    public async Task An_endpoint_s_validation_problem_has_its_errors_as_detail()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor));
        var machine = App.MachineOf(DemoData.Student(6));

        var problem = await FullProblemAsync(await client.PostAsync($"/api/v1/machines/{machine.Id}/actions/explode", null), HttpStatusCode.BadRequest);

        Assert.Contains("action must be one of", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_skip_with_no_body_means_every_machine()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor));

        using var response = await client.PostAsync("/api/v1/sessions/python-workshop/schedule/skip", null);

        // No schedule, so no coming stop: refused by the rules (409), not by the binder (400).
        var problem = await FullProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("no coming stop", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_paths_non_guid_ids_wrong_methods_and_media_types_say_what_was_wrong()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor));

        await FullProblemAsync(await client.GetAsync("/api/v1/nothing-here"), HttpStatusCode.NotFound);
        await FullProblemAsync(await client.GetAsync("/api/v1/machines/not-a-guid"), HttpStatusCode.NotFound);
        var wrongMethod = await FullProblemAsync(await client.DeleteAsync("/api/v1/sessions"), HttpStatusCode.MethodNotAllowed);
        Assert.Contains("DELETE", wrongMethod.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await FullProblemAsync(await client.PutAsync("/api/v1/sessions/python-workshop/schedule", new StringContent("{}", Encoding.UTF8, "text/plain")),
            HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_token_without_the_scope_is_told_which_scope()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor, ApiScopes.Read));
        var machine = App.MachineOf(DemoData.Student(3));

        var problem = await FullProblemAsync(await client.PostAsync($"/api/v1/machines/{machine.Id}/actions/stop", null), HttpStatusCode.Forbidden);

        Assert.Contains("'act'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problems_written_by_endpoints_keep_their_words_and_gain_a_type()
    {
        using var client = App.Client(await App.TokenForAsync(DemoData.Instructor));

        var problem = await FullProblemAsync(await client.GetAsync("/api/v1/sessions/no-such-session"), HttpStatusCode.NotFound);

        Assert.Contains("no-such-session", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The ProblemDetails docs/api.md promises: type, title, status and detail, and errors on a 400.</summary>
    internal static async Task<JsonElement> FullProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await ApiAuthenticationTests.AssertProblemAsync(response, status);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("type").GetString()), "type");
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), "detail");
        if (status == HttpStatusCode.BadRequest)
            Assert.Equal(JsonValueKind.Object, problem.GetProperty("errors").ValueKind);
        return problem;
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
