using Dashboard.Core.Scaling;
using Dashboard.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Dashboard.Tests.ScaleOut;

public sealed class ScaleOutSettingsTests
{
    [Fact]
    public async Task Several_servers_on_the_simulated_cloud_are_refused_naming_the_settings()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => CoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = "127.0.0.1:1",
        }));

        Assert.Contains("Redis:Configuration", failure.Message, StringComparison.Ordinal);
        Assert.Contains("Cloud:Provider=Azure", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_answer_from_Redis_no_machine_is_claimed_and_the_refusal_says_why()
    {
        var configuration = ConfigurationOptions.Parse("127.0.0.1:1");
        configuration.AbortOnConnectFail = false;
        configuration.ConnectTimeout = 200;
        configuration.SyncTimeout = 200;
        configuration.AsyncTimeout = 200;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        var claims = new RedisOperationClaims(redis, Options.Create(new ScaleOutOptions { Configuration = "127.0.0.1:1" }),
            NullLogger<RedisOperationClaims>.Instance);

        var won = await claims.ClaimAsync(new Dictionary<Guid, Guid> { [Guid.NewGuid()] = Guid.NewGuid() }, TimeSpan.FromMinutes(1));

        Assert.Empty(won);
        Assert.Contains("Redis does not answer", claims.Problem, StringComparison.Ordinal);
    }
}
