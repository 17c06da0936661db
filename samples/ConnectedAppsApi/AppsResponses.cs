using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace ShopIQ.Integrations.Core.Samples.ConnectedAppsApi;

/// <summary>
/// Results as HTTP answers. A success is JSON with the status word, the merchant's sentence and the app; a refusal is a
/// ProblemDetails whose <c>outcome</c> is the status word, with what the merchant can do about it. Every answer is made
/// from the result alone (never from a read after it), so a replayed <c>Idempotency-Key</c> gets the first answer again.
/// Only typed views of the library's values are written: a setup, and so a secret, is never part of an answer.
/// </summary>
internal static class AppsResponses
{
    /// <summary>The header set on an answer that is a replay of an earlier request with the same Idempotency-Key.</summary>
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static IResult From(HttpContext http, ConnectedAppsResult result)
    {
        if (result.IsReplay)
        {
            http.Response.Headers[ReplayedHeader] = "true";
        }

        var culture = CultureInfo.CurrentUICulture;
        var message = MerchantText.Describe(result, culture);
        if (result.IsSuccess)
        {
            var body = new
            {
                outcome = result.Status,
                message,
                provider = result.Provider?.Value,
                app = result.App is { } app ? AppView(app) : null,
                plan = result.Details is PlanDetails planDetails ? PlanView(planDetails.Plan) : null,
                workflowsToTest = (result.Details as ReplacementDetails)?.WorkflowsToTest,
                storeVersion = result.StoreVersion,
            };
            return result.Status switch
            {
                OutcomeStatus.StoreOpened => TypedResults.Created($"{http.Request.Path}/apps", body),
                OutcomeStatus.Connected => TypedResults.Created(http.Request.Path, body),
                _ => TypedResults.Ok(body),
            };
        }

        return result.Status switch
        {
            OutcomeStatus.LimitReached when result.Details is LimitGuidance guidance => Refusal(StatusCodes.Status409Conflict, result, message, new()
            {
                ["slotsInUse"] = guidance.SlotsInUse,
                ["allowance"] = guidance.Allowance.Slots,
                ["options"] = guidance.Options.Select(o => new
                {
                    kind = o.Kind,
                    description = MerchantText.Describe(o, culture),
                    apps = o.Apps.Select(a => a.Key.Value),
                    plans = o.Plans.Select(p => p.Id.Value),
                    support = o.Support?.ToString(),
                }),
            }),
            OutcomeStatus.SetupInvalid when result.Details is SetupInvalidDetails invalid => Invalid(
                invalid.Errors.GroupBy(e => $"fields.{e.Field}").ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray()),
                message,
                result),
            OutcomeStatus.UnknownPlan => Invalid(new() { ["plan"] = [message] }, message, result),
            OutcomeStatus.AcknowledgementInvalid => Invalid(new() { ["acknowledgementToken"] = [message] }, message, result),
            OutcomeStatus.KeyReused => Refusal(StatusCodes.Status422UnprocessableEntity, result, message, new() { ["field"] = AppsEndpoints.IdempotencyKeyHeader }),
            OutcomeStatus.AcknowledgementRequired or OutcomeStatus.AcknowledgementStale when result.Details is ImpactDetails impact =>
                Refusal(StatusCodes.Status409Conflict, result, message, new() { ["impact"] = ImpactSummary(impact.Assessment, culture) }),
            OutcomeStatus.DowngradeNeedsDisconnects when result.Details is DowngradeDetails downgrade => Refusal(StatusCodes.Status409Conflict, result, message, new()
            {
                ["plan"] = PlanView(downgrade.Plan),
                ["appsToDisconnect"] = downgrade.AppsToDisconnect,
            }),
            OutcomeStatus.StoreNotFound => Refusal(StatusCodes.Status404NotFound, result, message, new() { ["field"] = "storeId" }),
            OutcomeStatus.ProviderNotRegistered or OutcomeStatus.NotConnected => Refusal(StatusCodes.Status404NotFound, result, message, new() { ["field"] = "provider" }),
            OutcomeStatus.ProviderRefused => Refusal(StatusCodes.Status422UnprocessableEntity, result, message, []),
            OutcomeStatus.ProviderFailed => Refusal(StatusCodes.Status502BadGateway, result, message, []),
            OutcomeStatus.Unsettled => Refusal(StatusCodes.Status503ServiceUnavailable, result, message, []),
            _ => Refusal(StatusCodes.Status409Conflict, result, message, []),
        };
    }

    public static object List(Store store, IReadOnlyList<ProviderDescriptor> providers, ConnectedAppsPolicy policy)
    {
        var apps = store.GetApps();
        return new
        {
            store = store.Id.Value,
            plan = policy.Catalog.TryGetPlan(store.PlanId, out var plan) ? PlanView(plan) : new { id = store.PlanId.Value, name = store.PlanId.Value, connectedApps = (int?)null, unlimited = false },
            slotsInUse = store.SlotsInUse,
            allowance = store.Allowance.Slots,
            unlimited = store.Allowance.IsUnlimited,
            apps = apps.Select(AppView),
            available = providers.Select(p => new
            {
                provider = p.Key.Value,
                displayName = p.DisplayName,
                category = p.Category,
                connected = apps.Any(a => a.Key == p.Key),
                fields = p.SetupFields.Select(f => new { name = f.Name, displayName = f.DisplayName, secret = f.IsSecret, required = f.IsRequired }),
            }),
        };
    }

    public static object Impact(ImpactReport report, string acknowledgementToken)
    {
        var culture = CultureInfo.CurrentUICulture;
        return new
        {
            impact = ImpactSummary(report.Assessment, culture),
            liveFacts = report.Facts.Select(f => new { provider = f.Provider.Value, kind = f.Kind, count = f.Count }),
            complete = report.IsComplete,
            acknowledgementToken,
        };
    }

    /// <summary>A 400 naming the field that is wrong.</summary>
    public static IResult BadInput(string field, string reason) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [reason] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more fields are not valid.",
            Detail = $"{field}: {reason}",
        });

    public static IResult StoreNotFound(StoreId store) =>
        Problem(StatusCodes.Status404NotFound, "Store not found", $"There is no store {store}.", "storeId");

    public static IResult Problem(int status, string title, string detail, string field) =>
        TypedResults.Problem(new ProblemDetails { Status = status, Title = title, Detail = detail, Extensions = { ["field"] = field } });

    private static IResult Refusal(int status, ConnectedAppsResult result, string message, Dictionary<string, object?> extensions)
    {
        var problem = new ProblemDetails { Status = status, Title = Title(result.Status), Detail = message };
        problem.Extensions["outcome"] = result.Status;
        problem.Extensions["provider"] = result.Provider?.Value;
        foreach (var (name, value) in extensions)
        {
            problem.Extensions[name] = value;
        }

        return TypedResults.Problem(problem);
    }

    private static IResult Invalid(Dictionary<string, string[]> errors, string message, ConnectedAppsResult result)
    {
        var problem = new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more fields are not valid.",
            Detail = message,
        };
        problem.Extensions["outcome"] = result.Status;
        problem.Extensions["provider"] = result.Provider?.Value;
        return TypedResults.Problem(problem);
    }

    private static object ImpactSummary(ImpactAssessment assessment, CultureInfo culture) => new
    {
        provider = assessment.App.Key.Value,
        displayName = assessment.App.Provider.DisplayName,
        severity = assessment.Severity,
        affected = assessment.Affected,
        workflowsThatStop = assessment.WorkflowsThatStop,
        requiresAcknowledgement = assessment.RequiresAcknowledgement,
        message = MerchantText.Describe(assessment, culture),
    };

    private static object AppView(ConnectedApp app) => new
    {
        provider = app.Key.Value,
        displayName = app.Provider.DisplayName,
        category = app.Category,
        state = app.State,
        connectedAt = app.ConnectedAt.ToString(),
        pendingUntil = app.PendingUntil?.ToString(),
    };

    private static object PlanView(Plan plan) => new
    {
        id = plan.Id.Value,
        name = plan.Name,
        connectedApps = plan.ConnectedApps.Slots,
        unlimited = plan.ConnectedApps.IsUnlimited,
    };

    /// <summary>"LimitReached" as "Limit reached".</summary>
    private static string Title(OutcomeStatus status)
    {
        var word = status.ToString();
        var spaced = string.Concat(word.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));
        return spaced;
    }
}
