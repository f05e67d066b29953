using Microsoft.Extensions.Options;

namespace Dashboard.Core.Cloud.Azure.ResourceHealth;

/// <summary>
/// Settings of section <c>Azure:ResourceHealthQueue</c>: the Storage queue an Event Grid subscription fills with the
/// subscription's Resource Health events. Without a queue name nothing is read and evictions show at the next poll.
/// </summary>
public sealed class ResourceHealthQueueOptions
{
    public const string Section = "Azure:ResourceHealthQueue";

    /// <summary>A Storage connection string (account key or SAS); or leave empty and set <see cref="ServiceUri"/>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The account's queue endpoint, e.g. https://account.queue.core.windows.net/, read with the app's Azure credential.</summary>
    public Uri? ServiceUri { get; set; }

    public string QueueName { get; set; } = "";

    /// <summary>Seconds to wait after the queue was found empty before asking again.</summary>
    public double EmptyWaitSeconds { get; set; } = 1;

    /// <summary>Seconds a received message stays hidden from other readers while it is handled.</summary>
    public double VisibilitySeconds { get; set; } = 60;

    public bool IsConfigured => QueueName.Length > 0;
}

/// <summary>Fails start-up with a message that names the missing or wrong setting.</summary>
internal sealed class ResourceHealthQueueOptionsValidator : IValidateOptions<ResourceHealthQueueOptions>
{
    public ValidateOptionsResult Validate(string? name, ResourceHealthQueueOptions o)
    {
        if (!o.IsConfigured)
        {
            return o.ConnectionString.Length > 0 || o.ServiceUri is not null
                ? ValidateOptionsResult.Fail("Azure:ResourceHealthQueue:QueueName is required when a connection string or service URI is set.")
                : ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        if ((o.ConnectionString.Length > 0) == (o.ServiceUri is not null))
            errors.Add("Azure:ResourceHealthQueue needs exactly one of ConnectionString and ServiceUri.");
        if (o.ServiceUri is { IsAbsoluteUri: false })
            errors.Add("Azure:ResourceHealthQueue:ServiceUri must be an absolute URL.");
        if (o.EmptyWaitSeconds is < 0.05 or > 60)
            errors.Add("Azure:ResourceHealthQueue:EmptyWaitSeconds must be between 0.05 and 60.");
        if (o.VisibilitySeconds is < 5 or > 3600)
            errors.Add("Azure:ResourceHealthQueue:VisibilitySeconds must be between 5 and 3600.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
