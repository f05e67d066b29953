using Dashboard.Setup;

if (PriceImportCommand.Matches(args))
    return PriceImportCommand.Run(args, Console.Out);

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddOperatorSettings();
builder.Services.AddDashboard(builder.Configuration, builder.Environment.ContentRootPath);

var app = builder.Build();
app.UseDashboard();
return StartupRefusal.Run(app, Console.Error);

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
