using Dashboard.Core.Setup;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace Dashboard.Setup;

/// <summary>
/// Runs the app; a start refused for its settings (a wrong or missing setting, a database that belongs to another
/// cloud) ends with the message and exit code 1, not with a crash and a stack trace.
/// </summary>
public static class StartupRefusal
{
    public static int Run(WebApplication app, TextWriter error)
    {
        // A test host (WebApplicationFactory) hears the failure itself, as an exception from its own start.
        var underTest = app.Services.GetService<IServer>()?.GetType().FullName == "Microsoft.AspNetCore.TestHost.TestServer";
        try
        {
            app.Run();
            return 0;
        }
        catch (Exception ex) when (!underTest && MessageOf(ex) is { } message)
        {
            error.WriteLine($"The dashboard did not start: {message}");
            return 1;
        }
    }

    /// <summary>What to tell the operator when the start was refused for its settings; null for any other failure.</summary>
    public static string? MessageOf(Exception ex) => ex switch
    {
        CloudMismatchException mismatch => mismatch.Message,
        OptionsValidationException invalid => string.Join(Environment.NewLine, invalid.Failures),
        AggregateException { InnerExceptions.Count: 1 } single => MessageOf(single.InnerException!),
        _ => null,
    };
}
