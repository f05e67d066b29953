using Dashboard.Core.Domain;
using Dashboard.Core.Persistence;
using Dashboard.Core.Sessions;
using Microsoft.AspNetCore.Components;
using Dashboard.Setup;
using MudBlazor;

namespace Dashboard.Components.Sessions;

public partial class NewSessionDialog
{
    private readonly CreateSessionRequest _request = new();
    private List<Formation> _formations = [];
    private IReadOnlyList<ValidationError> _errors = [];
    private bool _submitted;
    private bool _creating;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [Inject] private SessionStore Store { get; set; } = default!;
    [Inject] private SessionProvisioner Provisioner { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ViewerAccessor Viewers { get; set; } = default!;

    private Formation? Formation => _formations.FirstOrDefault(f => f.Id == _request.FormationId);
    private MachineRole? SpotRole => Formation is { } f ? SessionPlanner.SpotRole(f.Kind) : null;

    private string CountLabel => Formation?.Kind switch
    {
        FormationKind.BigDataCluster => "Workers",
        FormationKind.HpcCluster => "Compute nodes",
        _ => "Machines",
    };

    protected override async Task OnInitializedAsync()
    {
        _formations = await Store.GetFormationsAsync(CancellationToken.None);
        if (_formations.Count > 0)
            OnFormationChanged(_formations[0].Id);
    }

    private void OnFormationChanged(Guid formationId)
    {
        _request.FormationId = formationId;
        if (Formation is { } f)
        {
            _request.Count = f.DefaultCount;
            _request.SpotCount = f.DefaultSpotCount;
            _request.EvictionPolicy = f.DefaultEvictionPolicy;
            _request.Size = f.Size;
        }

        Revalidate();
    }

    private void Revalidate()
    {
        if (_submitted && Formation is { } f)
            _errors = SessionPlanner.Validate(f, _request);
    }

    private bool Has(string field) => _submitted && _errors.Any(e => e.Field == field);

    private string? ErrorOf(string field) => _submitted ? _errors.FirstOrDefault(e => e.Field == field)?.Message : null;

    private async Task CreateAsync()
    {
        _submitted = true;
        _creating = true;
        try
        {
            var result = await Provisioner.CreateAsync(_request, await Viewers.GetAsync(), CancellationToken.None);
            _errors = result.Errors;
            if (result.Session is { } session)
            {
                Snackbar.Add($"Session {session.Name} created: {session.Machines.Length} machines are being provisioned.", Severity.Success);
                Dialog.Close(DialogResult.Ok(session));
            }
        }
        finally
        {
            _creating = false;
        }
    }
}
