using Azure.Core;

namespace Dashboard.Tests.AzureBackend;

/// <summary>A credential for local ARM endpoints in tests: they check that a bearer token is sent, not what it says.</summary>
public sealed class FixedTokenCredential : TokenCredential
{
    private static readonly AccessToken Token = new("test-token", DateTimeOffset.UtcNow.AddHours(1));

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => Token;

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) => new(Token);
}
