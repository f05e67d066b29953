using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Spot;

/// <summary>A webhook receiver on Kestrel (127.0.0.1, a free port) that records every request and answers the first ones 503.</summary>
internal sealed class RecordingWebhook : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;

    public sealed record Received(byte[] Body, string? ContentType, string? Signature, int Status);

    private RecordingWebhook(WebApplication app) => _app = app;

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>How many requests are answered 503 before the first 202; int.MaxValue: every one.</summary>
    public int FailFirst { get; init; }

    public string Url { get; private set; } = "";

    public static async Task<RecordingWebhook> StartAsync(int failFirst)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var webhook = new RecordingWebhook(app) { FailFirst = failFirst };
        app.MapPost("/hook", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            var status = Interlocked.Increment(ref webhook._requests) <= webhook.FailFirst ? 503 : 202;
            webhook.Requests.Enqueue(new Received(body.ToArray(), request.ContentType,
                request.Headers["X-Dashboard-Signature"].FirstOrDefault(), status));
            return Results.StatusCode(status);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        webhook.Url = address.TrimEnd('/') + "/hook";
        return webhook;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
