using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Dashboard.Tests.Support;

/// <summary>
/// A local OTLP/HTTP endpoint on 127.0.0.1 that accepts every export (200, empty answer) and notes which signals
/// arrived (traces, metrics, logs); what they carry is not decoded.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _signals;

    private OtlpSink(WebApplication app, ConcurrentQueue<string> signals)
    {
        _app = app;
        _signals = signals;
    }

    public string Address => _app.Urls.First();

    public IReadOnlyCollection<string> Signals => _signals.ToArray();

    public static async Task<OtlpSink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var signals = new ConcurrentQueue<string>();
        app.MapPost("/v1/{signal}", (string signal) =>
        {
            signals.Enqueue(signal);
            return Results.Ok();
        });
        await app.StartAsync();
        return new OtlpSink(app, signals);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
