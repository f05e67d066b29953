using Dashboard.Core.People;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dashboard.Setup;

/// <summary>The signed-in person of this circuit, as the authorization rules see them.</summary>
public sealed class ViewerAccessor(AuthenticationStateProvider authentication)
{
    public async Task<Viewer> GetAsync()
    {
        var state = await authentication.GetAuthenticationStateAsync();
        return Viewer.From(state.User);
    }
}
