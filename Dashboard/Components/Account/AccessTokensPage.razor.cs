using System.Globalization;
using Dashboard.Core.Api;
using Dashboard.Core.People;
using Dashboard.Setup;
using Microsoft.AspNetCore.Components;

namespace Dashboard.Components.Account;

/// <summary>
/// A person's own personal access tokens: create one (name, scopes, expiry up to a year; the secret is shown once),
/// list them, revoke them. Everyone signed in manages only their own.
/// </summary>
public sealed partial class AccessTokensPage
{
    private static readonly int[] ExpiryChoices = [7, 30, 90, 180, 365];

    private readonly HashSet<string> _scopes = [ApiScopes.Read];
    private IReadOnlyList<PersonalAccessToken>? _tokens;
    private Viewer? _viewer;
    private string? _name;
    private int _days = 30;
    private bool _busy;
    private string? _problem;
    private NewAccessToken? _created;

    [Inject] private AccessTokens Tokens { get; set; } = default!;
    [Inject] private ViewerAccessor Viewers { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _viewer = await Viewers.GetAsync();
        await ReloadAsync();
    }

    private static string Describe(string scope) => scope switch
    {
        ApiScopes.Read => "see sessions, machines and the audit trail",
        ApiScopes.Act => "run machine and batch actions",
        _ => "change class time",
    };

    private void Toggle(string scope, bool on)
    {
        if (on)
            _scopes.Add(scope);
        else
            _scopes.Remove(scope);
    }

    private async Task CreateAsync()
    {
        if (_viewer is not { UserId.Length: > 0 })
            return;
        var expires = Time.GetUtcNow().AddDays(_days);
        _created = null;
        _problem = Tokens.Problem(_name, _scopes, expires);
        if (_problem is not null)
            return;
        _busy = true;
        try
        {
            _created = await Tokens.CreateAsync(_viewer.UserId, _name!, _scopes, expires);
            _name = null;
            await ReloadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task RevokeAsync(PersonalAccessToken token)
    {
        if (_viewer is null)
            return;
        _busy = true;
        try
        {
            await Tokens.RevokeAsync(_viewer.UserId, token.Id);
            await ReloadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ReloadAsync() =>
        _tokens = _viewer is { UserId.Length: > 0 } viewer ? await Tokens.ListAsync(viewer.UserId) : [];

    private string StateOf(PersonalAccessToken token) =>
        token.RevokedAt is not null ? "revoked" : token.ExpiresAt <= Time.GetUtcNow() ? "expired" : "active";

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
