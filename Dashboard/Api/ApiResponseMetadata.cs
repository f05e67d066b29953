namespace Dashboard.Api;

/// <summary>The error answers the OpenAPI document declares, beyond the 401, 403 and 429 every operation may give.</summary>
public static class ApiResponseMetadata
{
    /// <summary>
    /// A command on a session or machine: 404 (not there or not visible), 409 (refused, or its idempotency key's first
    /// request still runs), 422 (the key was used for another request), 503 (the cloud did not complete it).
    /// </summary>
    public static RouteGroupBuilder ProducesCommandProblems(this RouteGroupBuilder group) => group
        .ProducesProblem(StatusCodes.Status404NotFound)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
        .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
}
