using System.Globalization;

namespace Dashboard.Benchmarks;

/// <summary>
/// Prints the dashboard's figures as markdown tables. The first argument picks a scenario: <c>pages</c>, <c>fanout</c>,
/// <c>arm [VMs] [operation-seconds]</c>, <c>poll</c>, <c>classtime</c>, <c>alerts</c>, <c>budgets [sessions] [machines] [changes]</c>, <c>scaleout</c>, or none for all of them.
/// </summary>
public static class BenchmarkProgram
{
    // Not a top-level program: the dashboard's own Program class must stay the only one in the global namespace.
    public static async Task<int> Main(string[] args)
    {
        var scenario = args.Length == 0 ? "all" : args[0].ToLowerInvariant();
        return await RunAsync(scenario, args.Skip(1).ToArray());
    }

    private static async Task<int> RunAsync(string scenario, string[] rest)
    {
        switch (scenario)
        {
            case "pages":
                await PagesScenario.RunAsync();
                return 0;
            case "fanout":
                await FanoutScenario.RunAsync();
                return 0;
            case "arm":
                await ArmScenario.RunBatchesAsync(rest);
                return 0;
            case "poll":
                await ArmScenario.RunPollAsync();
                return 0;
            case "alerts":
                await EvictionAlertScenario.RunAsync();
                return 0;
            case "classtime":
                await ClassTimeScenario.RunAsync();
                return 0;
            case "budgets":
                await BudgetScenario.RunAsync(rest);
                return 0;
            case "scaleout":
                await ScaleOutScenario.RunAsync();
                return 0;
            case "all":
                await ArmScenario.RunBatchesAsync(rest);
                Console.WriteLine();
                await ArmScenario.RunPollAsync();
                Console.WriteLine();
                await PagesScenario.RunAsync();
                Console.WriteLine();
                await FanoutScenario.RunAsync();
                Console.WriteLine();
                await ClassTimeScenario.RunAsync();
                Console.WriteLine();
                await EvictionAlertScenario.RunAsync();
                Console.WriteLine();
                await BudgetScenario.RunAsync([]);
                Console.WriteLine();
                await ScaleOutScenario.RunAsync();
                return 0;
            case HubClientFleet.Command:
                return await HubClientFleet.RunAsync(rest);
            default:
                await Console.Error.WriteLineAsync($"Unknown scenario '{scenario}'. Use pages, fanout, arm [VMs] [operation-seconds], poll, classtime, alerts, budgets [sessions] [machines] [changes], scaleout, or nothing for all.");
                return 2;
        }
    }
}
