using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Dashboard.Benchmarks;

/// <summary>Counts the SQL commands EF Core runs in this process (all of them, and those reading the state history).</summary>
public sealed class CommandCounter : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private int _all;
    private int _history;

    public CommandCounter() => _subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));

    public (int All, int History) Read() => (Volatile.Read(ref _all), Volatile.Read(ref _history));

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name != DbLoggerCategory.Name)
            return;
        lock (_subscriptions)
            _subscriptions.Add(listener.Subscribe(this));
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != RelationalEventId.CommandExecuted.Name || value.Value is not CommandExecutedEventData data)
            return;
        Interlocked.Increment(ref _all);
        if (data.Command.CommandText.Contains("FROM \"StateChanges\"", StringComparison.Ordinal))
            Interlocked.Increment(ref _history);
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        lock (_subscriptions)
        {
            foreach (var subscription in _subscriptions)
                subscription.Dispose();
        }
    }
}
