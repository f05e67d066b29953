using System.Net;
using Dashboard.Core.Actions;
using Dashboard.Tests.Support;

namespace Dashboard.Tests.Connect;

/// <summary>GET /machines/{id}/connect.rdp: a Remote Desktop file for Windows machines, to the same people as the details.</summary>
public sealed class RdpEndpointTests(ConnectApp app) : IClassFixture<ConnectApp>
{
    [Fact]
    public async Task The_owner_downloads_an_rdp_file_for_the_windows_target()
    {
        using var response = await app.GetRdpAsync(TestViewers.Instructor, "desktop-lab-target");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(RdpFile.ContentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("desktop-lab-target.rdp", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var content = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("full address:s:desktop-lab-target.sim.internal:3389\r\n", content, StringComparison.Ordinal);
        Assert.Contains("username:s:azureuser\r\n", content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_linux_machine_has_no_rdp_file()
    {
        using var response = await app.GetRdpAsync(TestViewers.Instructor, "python-workshop-03");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("connect with SSH", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ops_and_other_instructors_are_refused_the_rdp_file()
    {
        using var ops = await app.GetRdpAsync(TestViewers.Ops, "desktop-lab-target");
        using var other = await app.GetRdpAsync(TestViewers.OtherInstructor, "desktop-lab-target");

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (ops.StatusCode, other.StatusCode));
        Assert.DoesNotContain("full address", await ops.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_download_is_challenged()
    {
        using var response = await app.GetRdpAsync(null, "desktop-lab-target");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("full address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
