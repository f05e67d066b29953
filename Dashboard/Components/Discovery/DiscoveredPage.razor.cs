using Dashboard.Core.Discovery;
using Dashboard.Setup;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Discovery;

/// <summary>
/// The admin's list of discovered machines, live, grouped by their session tag, with one adopt form per group.
/// The page only asks: <see cref="MachineAdoption"/> checks who may and what is valid.
/// </summary>
public sealed partial class DiscoveredPage
{
    private readonly Dictionary<string, AdoptForm> _forms = new(StringComparer.Ordinal);
    private bool _adopting;
    // Shown above the groups: a successful adoption removes its group from the list.
    private AdoptionResult? _lastResult;

    [Inject] private DiscoveredMachines Discovered { get; set; } = default!;
    [Inject] private MachineAdoption Adoption { get; set; } = default!;
    [Inject] private ViewerAccessor Viewers { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private sealed class AdoptForm(string tag)
    {
        public string Tag { get; } = tag;
        public string SessionName { get; set; } = "";
        public string Owner { get; set; } = "";
        public HashSet<string> Selected { get; } = new(StringComparer.OrdinalIgnoreCase);
        public HashSet<string> Offered { get; } = new(StringComparer.OrdinalIgnoreCase);
    }

    private List<IGrouping<string, DiscoveredMachine>> Groups =>
        [.. Discovered.Current.GroupBy(m => m.SessionTag, StringComparer.Ordinal)];

    protected override void OnInitialized() => Discovered.Changed += OnDiscoveredChanged;

    // A machine is offered once: chosen when it can be adopted and no other of its name is listed.
    private AdoptForm FormOf(IGrouping<string, DiscoveredMachine> group)
    {
        if (!_forms.TryGetValue(group.Key, out var form))
        {
            form = new AdoptForm(group.Key) { SessionName = group.First().SuggestedSession ?? "" };
            _forms[group.Key] = form;
        }
        var clashes = Discovered.Current.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1)
            .Select(g => g.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var machine in group.Where(m => form.Offered.Add(m.CloudId)))
        {
            if (machine.CanAdopt && !clashes.Contains(machine.Name))
                form.Selected.Add(machine.CloudId);
        }
        form.Selected.RemoveWhere(id => !group.Any(m => m.CloudId.Equals(id, StringComparison.OrdinalIgnoreCase) && m.CanAdopt));
        return form;
    }

    private static void Toggle(AdoptForm form, DiscoveredMachine machine, bool on)
    {
        if (on)
            form.Selected.Add(machine.CloudId);
        else
            form.Selected.Remove(machine.CloudId);
    }

    private async Task AdoptAsync(AdoptForm form)
    {
        _adopting = true;
        try
        {
            var viewer = await Viewers.GetAsync();
            var result = await Adoption.AdoptAsync(viewer, new AdoptionRequest([.. form.Selected], form.SessionName, form.Owner));
            _lastResult = result;
            Snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Warning);
        }
        finally
        {
            _adopting = false;
        }
    }

    private static string Shown(string tag) => tag.Length <= 40 ? $"\"{tag}\"" : $"\"{tag[..37]}…\" ({tag.Length} characters)";

    private void OnDiscoveredChanged() => _ = InvokeAsync(StateHasChanged);

    public void Dispose() => Discovered.Changed -= OnDiscoveredChanged;
}
