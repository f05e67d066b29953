using Dashboard.Setup;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddOperatorSettings();
builder.Services.AddDashboard(builder.Configuration, builder.Environment.ContentRootPath);

var app = builder.Build();
app.UseDashboard();
app.Run();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
