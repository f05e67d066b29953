using System.Text.Json.Nodes;
using Dashboard.ArmEmulator.Internal;

namespace Dashboard.ArmEmulator;

// Long-running operations: accepted with Azure-AsyncOperation and Location headers, finished after
// OperationLatency on the TimeProvider, polled through one status route.
public sealed partial class ArmEmulator
{
    private readonly Dictionary<string, OperationRecord> _operations = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Starts an operation whose transitional state the caller has already applied (lock held).
    /// <paramref name="complete"/> applies the final state; <paramref name="rollback"/> restores the
    /// previous one when an injected fault makes the operation fail.
    /// </summary>
    private ArmResponse Accept(ArmRequest request, string name, VmState? vm, string location, int status, Func<JsonNode?>? body,
        Action complete, Action rollback)
    {
        var operation = new OperationRecord(Guid.NewGuid().ToString(), name, _time.GetUtcNow(), body);
        Remember(operation);
        var generation = 0;
        if (vm is not null)
        {
            vm.Busy = name;
            generation = ++vm.Generation;
            // A new operation on a VM whose last one failed updates it, as Azure does, until it succeeds.
            if (name != "create" && vm.ProvisioningState == "Failed")
                (vm.ProvisioningState, vm.Failure) = ("Updating", null);
        }
        var fault = request.AsyncFault;
        _ = Task.Run(async () =>
        {
            await Task.Delay(_options.OperationLatency, _time);
            lock (_gate)
                Finish(operation, vm, generation, fault, complete, rollback);
        });
        return new ArmResponse(status, body?.Invoke(), OperationHeaders(request, operation, location));
    }

    /// <summary>An operation with nothing to do (start of a running VM): accepted, and already succeeded.</summary>
    private ArmResponse AcceptDone(ArmRequest request, string name, string location)
    {
        var operation = new OperationRecord(Guid.NewGuid().ToString(), name, _time.GetUtcNow(), null);
        operation.Succeed(_time.GetUtcNow());
        Remember(operation);
        return new ArmResponse(202, null, OperationHeaders(request, operation, location));
    }

    // Long benchmarks start many operations: forget finished ones once no client can still be polling them.
    private void Remember(OperationRecord operation)
    {
        if (_operations.Count >= 1000)
        {
            var forgetBefore = operation.Start - TimeSpan.FromMinutes(5) - 10 * _options.OperationLatency;
            foreach (var old in _operations.Values.Where(o => o.End < forgetBefore).ToList())
                _operations.Remove(old.Id);
        }
        _operations[operation.Id] = operation;
    }

    private void Finish(OperationRecord operation, VmState? vm, int generation, FaultRule? fault, Action complete, Action rollback)
    {
        var now = _time.GetUtcNow();
        if (vm is not null && vm.Generation != generation)
        {
            // An eviction took the VM over meanwhile; Azure reports the overtaken operation as preempted.
            operation.Fail(now, 409, "OperationPreempted", "Operation execution has been preempted by a more recent operation.");
            return;
        }
        if (vm is not null)
            vm.Busy = null;
        if (fault is not null)
        {
            rollback();
            vm?.MarkFailed(fault.Code, fault.Message, now);
            operation.Fail(now, fault.Status, fault.Code, fault.Message);
            return;
        }
        if (vm?.ProvisioningState == "Updating")
            vm.ProvisioningState = "Succeeded";
        complete();
        operation.Succeed(now);
    }

    private Dictionary<string, string> OperationHeaders(ArmRequest request, OperationRecord operation, string location)
    {
        var url = $"{request.BaseUrl}/subscriptions/{Subscription}/providers/Microsoft.Compute/locations/{location}/operations/{operation.Id}";
        var apiVersion = Uri.EscapeDataString(request.ApiVersion);
        return new Dictionary<string, string>
        {
            ["Azure-AsyncOperation"] = $"{url}?api-version={apiVersion}",
            ["Location"] = $"{url}?monitor=true&api-version={apiVersion}",
        };
    }

    // The Azure-AsyncOperation URL answers 200 with the status; the Location URL (monitor=true)
    // answers 202 while in progress, then the result (or the error with its status code).
    private ArmResponse GetOperation(ArmRequest request)
    {
        if (!_operations.TryGetValue(request["id"], out var operation))
            return ArmResponse.Error(404, "NotFound", $"Operation '{request["id"]}' was not found.");
        if (request.QueryFlag("monitor"))
        {
            return operation.Status switch
            {
                "InProgress" => new ArmResponse(202, null, new Dictionary<string, string> { ["Location"] = request.Url }),
                "Succeeded" => new ArmResponse(200, operation.Result?.Invoke()),
                _ => ArmResponse.Error(operation.FailureStatus, operation.ErrorCode!, operation.ErrorMessage!),
            };
        }
        var body = new JsonObject
        {
            ["name"] = operation.Id,
            ["status"] = operation.Status,
            ["startTime"] = Json.Time(operation.Start),
        };
        if (operation.End is { } end)
            body["endTime"] = Json.Time(end);
        if (operation.Status == "Failed")
            body["error"] = new JsonObject { ["code"] = operation.ErrorCode, ["message"] = operation.ErrorMessage };
        return ArmResponse.Json(200, body);
    }

    private sealed class OperationRecord(string id, string name, DateTimeOffset start, Func<JsonNode?>? result)
    {
        public string Id { get; } = id;
        public string Name { get; } = name;
        public DateTimeOffset Start { get; } = start;
        public Func<JsonNode?>? Result { get; } = result;
        public DateTimeOffset? End { get; private set; }
        public string Status { get; private set; } = "InProgress";
        public int FailureStatus { get; private set; }
        public string? ErrorCode { get; private set; }
        public string? ErrorMessage { get; private set; }

        public void Succeed(DateTimeOffset now) => (End, Status) = (now, "Succeeded");

        public void Fail(DateTimeOffset now, int status, string code, string message) =>
            (End, Status, FailureStatus, ErrorCode, ErrorMessage) = (now, "Failed", status, code, message);
    }
}
