using Dashboard.Core.ClassTime;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Tests.AzureBackend;
using Dashboard.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Tests.ScaleOut;

/// <summary>Quota hours are one ledger whichever server a student or an instructor is on.</summary>
[Collection(RedisCollection.Name)]
public sealed class QuotaAcrossServersTests(RedisServer redis)
{
    private const string Email = "quota-student@example.test";

    [Fact]
    public async Task A_students_start_on_one_server_is_counted_by_the_polling_one_and_a_grant_on_either_shows_on_both()
    {
        await using var pair = await ServerPair.StartAsync(redis, arm => arm.AddVirtualMachine(AzureHarness.ResourceGroup, "pool-01",
            tags: AzureHarness.CreatedTags("pool", "Student", "WorkshopPool"), powerState: "deallocated"));
        var pool = await AzureHarness.AdoptAsync(pair.First.Core, "pool", 1);
        var machine = pool.Machines.Single();
        var student = await StudentAsync(pair.First.Core.Services);
        Assert.True((await pair.First.Core.Services.GetRequiredService<Roster>().AssignAsync(TestViewers.Admin, machine.Id, Email)).Succeeded);
        var commands = (ServerPair.Server s) => s.Core.Services.GetRequiredService<ClassTimeCommands>();
        Assert.True((await commands(pair.First).SaveSettingsAsync(TestViewers.Admin, pool.Id, new ClassTimeSettings { QuotaHoursPerStudent = 2 })).Succeeded);
        await Eventually.TrueAsync(() => pair.Second.Core.Monitor.FindSession(pool.Id) is { } seen
            && seen.ClassTime.Settings.QuotaHoursPerStudent == 2 && seen.Machines.Single().AssignedUserId == student.UserId,
            "the second server shows the quota and the student's machine");

        var start = await pair.Second.Core.Commands.RunAsync(machine.Id, MachineAction.Start, student);

        Assert.True(start.Succeeded, start.Message);
        var leaderLedger = pair.First.Core.Services.GetRequiredService<QuotaLedger>();
        await Eventually.TrueAsync(() => leaderLedger.RunOf(machine.Id) is { UserId: var holder } && holder == student.UserId,
            "the polling server counts the run the other server opened");

        Assert.True((await commands(pair.Second).GrantHoursAsync(TestViewers.Admin, pool.Id, student.UserId, 3)).Succeeded);
        await Eventually.TrueAsync(() => leaderLedger.StandingOf(pair.First.Core.Monitor.FindSession(pool.Id)!, student.UserId)?.ExtraHours == 3,
            "the grant made on the other server shows on the polling one");
    }

    private static async Task<Viewer> StudentAsync(IServiceProvider services)
    {
        await TestAccounts.EnsureAsync(services, Email, Roles.Student);
        await using var scope = services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>().FindByNameAsync(Email);
        return Viewer.For(Email, Roles.Student) with { UserId = user!.Id };
    }
}
