using System.Globalization;
using Dashboard.Core.Budgets;
using Dashboard.Core.Costs;
using Dashboard.Core.Domain;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace Dashboard.Components.Sessions;

public partial class SessionCostLine : IDisposable
{
    [Parameter, EditorRequired] public required SessionView Session { get; set; }
    [Parameter, EditorRequired] public required bool Open { get; set; }
    [Parameter, EditorRequired] public required EventCallback OnToggle { get; set; }

    [Inject] private SessionCosts Costs { get; set; } = default!;
    [Inject] private IOptions<BudgetOptions> BudgetOptions { get; set; } = default!;
    [Inject] private TimeProvider Time { get; set; } = default!;

    // Shared by every page: computed once per live picture of the session, the history read at most every few seconds.
    private SessionCost? Cost => Costs.Current(Session);

    private BudgetStatus? Budget => BudgetStatus.Of(Session, Cost, BudgetOptions.Value, Time.GetUtcNow());

    protected override void OnInitialized() => Costs.Changed += OnCostsChanged;

    public void Dispose() => Costs.Changed -= OnCostsChanged;

    private void OnCostsChanged(Guid sessionId)
    {
        if (sessionId == Session.Id)
            _ = InvokeAsync(StateHasChanged);
    }

    private string Money(decimal amount) => MoneyText.Of(amount, Costs.Currency);

    private static string Amount(decimal amount) => Math.Round(amount, 2).ToString("0.00", CultureInfo.InvariantCulture);

    private static string BudgetAttribute(BudgetStatus budget) => budget.Level switch
    {
        BudgetLevel.Exceeded => "exceeded",
        BudgetLevel.Warning => "warning",
        _ => "ok",
    };

    private string BudgetText(BudgetStatus budget) => $"budget {budget.Percent:0}% of {Money(budget.Budget)}";

    private string BudgetTitle(BudgetStatus budget) =>
        Session.BudgetStoppedAt is { } stopped && budget.StoppedThisMonth
            ? $"The budget stopped every machine at {stopped.ToUniversalTime():yyyy-MM-dd HH:mm} UTC; raise it to go on."
            : budget.Level == BudgetLevel.Exceeded ? "The budget is spent."
            : budget.Level == BudgetLevel.Warning ? $"More than {BudgetOptions.Value.WarnAtPercent:0}% of the budget is spent."
            : "Spent this month of the monthly budget.";
}
