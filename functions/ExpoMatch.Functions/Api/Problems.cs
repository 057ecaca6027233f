using Microsoft.AspNetCore.Http.HttpResults;

namespace ExpoMatch.Functions.Api;

/// <summary>
/// The RFC 9457 problems the API answers with, in one place so every endpoint words them the same way.
/// The type URIs point at the HTTP semantics section of each status, as ASP.NET Core's defaults do.
/// </summary>
public static class Problems
{
    public static ValidationProblem Validation(IDictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, detail: "One or more fields are invalid.",
            type: "https://tools.ietf.org/html/rfc9110#section-15.5.1");

    public static ValidationProblem Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult MalformedJson(string detail) =>
        Problem(StatusCodes.Status400BadRequest, "The request body is not valid JSON for this operation.", detail);

    public static ProblemHttpResult BadRequest(string detail) =>
        Problem(StatusCodes.Status400BadRequest, "Bad request.", detail);

    public static ProblemHttpResult Unauthorized(string detail = "A valid bearer credential is required.") =>
        Problem(StatusCodes.Status401Unauthorized, "Unauthorized.", detail);

    public static ProblemHttpResult Forbidden(string detail = "This credential does not allow this operation.") =>
        Problem(StatusCodes.Status403Forbidden, "Forbidden.", detail);

    public static ProblemHttpResult NotFound(string detail) =>
        Problem(StatusCodes.Status404NotFound, "Not found.", detail);

    public static ProblemHttpResult Conflict(string detail) =>
        Problem(StatusCodes.Status409Conflict, "Conflict.", detail);

    public static ProblemHttpResult PayloadTooLarge(int limit) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "The request body is too large.", $"The limit is {limit} bytes.");

    public static ProblemHttpResult UnsupportedMediaType() =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type.",
            "Send the body as application/json.");

    public static ProblemHttpResult Unprocessable(string detail) =>
        Problem(StatusCodes.Status422UnprocessableEntity, "Unprocessable request.", detail);

    private static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}
