using Dashboard.Core.Budgets;
using Dashboard.Core.Costs;
using Dashboard.Core.Domain;
using Dashboard.Core.People;
using Dashboard.Costs;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Dashboard.Components.Sessions;

public partial class SessionCostPanel : IDisposable
{
    [Parameter, EditorRequired] public required SessionView Session { get; set; }

    [CascadingParameter] private Viewer? Viewer { get; set; }
    [Inject] private SessionCosts Costs { get; set; } = default!;
    [Inject] private SessionBudgets Budgets { get; set; } = default!;
    [Inject] private Setup.ViewerAccessor Viewers { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    private decimal? _budget;
    private decimal? _shownBudget;
    private bool _saving;

    private SessionCost? Cost => Costs.Current(Session);
    private List<StudentCost> Students => Cost?.ByStudent().Where(s => s.Student is not null).ToList() ?? [];
    private List<MachineCost> Machines => Cost is { } c ? [.. c.Machines] : [];
    private bool MaySetBudget => Viewer is not null && AccessPolicy.CanSetBudget(Viewer, Session).Allowed;

    protected override void OnInitialized() => Costs.Changed += OnCostsChanged;

    // The field follows the session's budget when it changes elsewhere, but never overwrites what is being typed.
    protected override void OnParametersSet()
    {
        if (Session.Budget != _shownBudget)
            (_budget, _shownBudget) = (Session.Budget, Session.Budget);
    }

    public void Dispose() => Costs.Changed -= OnCostsChanged;

    private void OnCostsChanged(Guid sessionId)
    {
        if (sessionId == Session.Id)
            _ = InvokeAsync(StateHasChanged);
    }

    private string Money(decimal amount) => MoneyText.Of(amount, Costs.Currency);

    private async Task SaveBudgetAsync()
    {
        _saving = true;
        try
        {
            var result = await Budgets.SetAsync(Session.Id, _budget, await Viewers.GetAsync());
            Snackbar.Add(result.Message, result.Succeeded ? Severity.Success : Severity.Error);
        }
        finally
        {
            _saving = false;
        }
    }
}
