namespace Dashboard.Core.Costs;

/// <summary>
/// The region the dashboard's machines run in, read in one place: <c>Azure:Location</c> on Azure, where every machine
/// is created, and <c>Simulator:Region</c> on the simulated cloud. Prices are looked up in it.
/// </summary>
public sealed record CloudRegion(string Name);
