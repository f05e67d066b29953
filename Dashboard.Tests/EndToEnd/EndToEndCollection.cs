namespace Dashboard.Tests.EndToEnd;

/// <summary>Browser journeys run one after another: each starts its own app, and two cores are shared with the build.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection
{
    public const string Name = "EndToEnd";
}
