using Dashboard.Components.Sessions;
using MudBlazor;

namespace Dashboard.Tests.Components;

/// <summary>Icons in grid rows are plain SVG with nothing the eye cannot see.</summary>
public sealed class SvgIconTests
{
    [Fact]
    public void The_filler_box_and_bare_groups_go_but_every_shape_stays()
    {
        Assert.Equal("<path d=\"M8 5v14l11-7z\"/>", SvgIcon.Slim(Icons.Material.Filled.PlayArrow));
        var reboot = SvgIcon.Slim(Icons.Material.Filled.RestartAlt);
        Assert.DoesNotContain("<g", reboot);
        Assert.Equal(2, reboot.Split("<path").Length - 1);
    }

    [Fact]
    public void A_group_with_attributes_is_kept_with_its_content()
    {
        const string icon = "<g></g><g fill=\"red\"><g><path d=\"M1 1\"/></g></g>";

        Assert.Equal("<g fill=\"red\"><path d=\"M1 1\"/></g>", SvgIcon.Slim(icon));
    }

    [Fact]
    public void The_result_is_one_svg_with_the_icons_view_box()
    {
        Assert.Equal("<svg viewBox=\"0 0 24 24\" aria-hidden=\"true\" focusable=\"false\"><path d=\"M6 6h12v12H6z\"/></svg>",
            SvgIcon.Of(Icons.Material.Filled.Stop).Value);
    }
}
