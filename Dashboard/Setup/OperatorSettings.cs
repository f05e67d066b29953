using Microsoft.Extensions.Configuration.Json;

namespace Dashboard.Setup;

public static class OperatorSettings
{
    /// <summary>
    /// Adds the repository-root appsettings.json (copied next to the app) right after the default one,
    /// so environment variables and the command line still override it.
    /// </summary>
    public static IConfigurationBuilder AddOperatorSettings(this IConfigurationManager configuration)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var builder = (IConfigurationBuilder)configuration;
        var defaults = builder.Sources.OfType<JsonConfigurationSource>()
            .FirstOrDefault(s => string.Equals(s.Path, "appsettings.json", StringComparison.OrdinalIgnoreCase));
        var index = defaults is null ? 0 : builder.Sources.IndexOf(defaults) + 1;
        var source = new JsonConfigurationSource { Path = path, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        builder.Sources.Insert(index, source);
        // The price table the import command writes, beside the app's settings.
        builder.Sources.Insert(index + 1, Optional(PriceImportCommand.DefaultFile));
        return builder;
    }

    private static JsonConfigurationSource Optional(string file)
    {
        var source = new JsonConfigurationSource { Path = file, Optional = true, ReloadOnChange = false };
        source.ResolveFileProvider();
        return source;
    }
}
