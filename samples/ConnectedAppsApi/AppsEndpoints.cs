using Microsoft.AspNetCore.Http.HttpResults;

namespace ShopIQ.Integrations.Core.Samples.ConnectedAppsApi;

/// <summary>
/// The Apps page's endpoints. Each one checks its input (a 400 naming the field), builds a command with the request's
/// <c>Idempotency-Key</c>, runs it, and lets <see cref="AppsResponses"/> turn the result into the answer.
/// </summary>
internal static class AppsEndpoints
{
    /// <summary>The header a client sends with a state-changing request, so that a retry acts no second time.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    // A real service takes the actor from the signed-in merchant; this sample has no sign-in.
    private static readonly Actor Merchant = Actor.Merchant("apps-page");

    public static void MapAppsEndpoints(this IEndpointRouteBuilder app)
    {
        var stores = app.MapGroup("/stores/{storeId}");
        stores.MapPost("", OpenStoreAsync);
        stores.MapGet("/apps", ListAppsAsync);
        stores.MapPost("/apps/{provider}", ConnectAsync);
        stores.MapGet("/apps/{provider}/impact", ImpactAsync);
        stores.MapPost("/apps/{provider}/disconnect", DisconnectAsync);
        stores.MapPost("/apps/{provider}/replace", ReplaceAsync);
        stores.MapPut("/plan", ChangePlanAsync);
    }

    private static async Task<IResult> OpenStoreAsync(string storeId, OpenStoreRequest? body, HttpContext http, ConnectedAppsService service)
    {
        if (!StoreId.TryCreate(storeId, out var store))
        {
            return AppsResponses.BadInput("storeId", "Not a valid store id.");
        }

        if (!PlanId.TryCreate(body?.Plan, out var plan))
        {
            return AppsResponses.BadInput("plan", "Name the plan to open the store on.");
        }

        if (!TryReadKey(http, out var key, out var badKey))
        {
            return badKey;
        }

        return AppsResponses.From(http, await service.OpenStoreAsync(new OpenStoreCommand(store, plan, Merchant, key), http.RequestAborted));
    }

    private static async Task<IResult> ListAppsAsync(string storeId, HttpContext http, ConnectedAppsService service)
    {
        if (!StoreId.TryCreate(storeId, out var store))
        {
            return AppsResponses.BadInput("storeId", "Not a valid store id.");
        }

        var found = await service.GetStoreAsync(store, http.RequestAborted);
        return found is null ? AppsResponses.StoreNotFound(store) : TypedResults.Ok(AppsResponses.List(found, service.Providers, service.Policy));
    }

    private static async Task<IResult> ConnectAsync(string storeId, string provider, ConnectRequest? body, HttpContext http, ConnectedAppsService service)
    {
        if (!StoreId.TryCreate(storeId, out var store))
        {
            return AppsResponses.BadInput("storeId", "Not a valid store id.");
        }

        if (!ProviderKey.TryCreate(provider, out var key))
        {
            return AppsResponses.BadInput("provider", "Not a valid provider key.");
        }

        if (!TryReadSetup(service, key, body?.Fields, out var setup, out var badField))
        {
            return badField;
        }

        if (!TryReadKey(http, out var idempotencyKey, out var badKey))
        {
            return badKey;
        }

        return AppsResponses.From(http, await service.ConnectAsync(new ConnectAppCommand(store, key, setup, Merchant, idempotencyKey), http.RequestAborted));
    }

    private static async Task<IResult> ImpactAsync(string storeId, string provider, HttpContext http, ConnectedAppsService service)
    {
        if (!StoreId.TryCreate(storeId, out var store))
        {
            return AppsResponses.BadInput("storeId", "Not a valid store id.");
        }

        if (!ProviderKey.TryCreate(provider, out var key))
        {
            return AppsResponses.BadInput("provider", "Not a valid provider key.");
        }

        if (await service.GetStoreAsync(store, http.RequestAborted) is null)
        {
            return AppsResponses.StoreNotFound(store);
        }

        var report = await service.AssessImpactAsync(store, key, http.RequestAborted);
        if (report is null)
        {
            return AppsResponses.Problem(StatusCodes.Status404NotFound, "Not connected", $"{key} is not connected to this store.", "provider");
        }

        // The token carries the acknowledgement through the browser: signed, bound to this store, app and state, and short-lived.
        return TypedResults.Ok(AppsResponses.Impact(report, service.IssueAcknowledgementToken(report.Assessment)));
    }

    private static async Task<IResult> DisconnectAsync(string storeId, string provider, DisconnectRequest? body, HttpContext http, ConnectedAppsService service)
    {
        if (!StoreId.TryCreate(storeId, out var store))
        {
            return AppsResponses.BadInput("storeId", "Not a valid store id.");
        }

        if (!ProviderKey.TryCreate(provider, out var key))
        {
            return AppsResponses.BadInput("provider", "Not a valid provider key.");
        }

        if (!TryReadKey(http, out var idempotencyKey, out var badKey))
        {
            return badKey;
        }

        var command = string.IsNullOrEmpty(body?.AcknowledgementToken)
            ? new DisconnectAppCommand(store, key, Merchant, idempotencyKey)
            : new DisconnectAppCommand(store, key, body.AcknowledgementToken, Merchant, idempotencyKey);
        return AppsResponses.From(http, await service.DisconnectAsync(command, http.RequestAborted));
    }

    private static async Task<IResult> ReplaceAsync(string storeId, string provider, ReplaceRequest? body, HttpContext http, ConnectedAppsService service)
    {
        if (!StoreId.TryCreate(storeId, out var store))
        {
            return AppsResponses.BadInput("storeId", "Not a valid store id.");
        }

        if (!ProviderKey.TryCreate(provider, out var current))
        {
            return AppsResponses.BadInput("provider", "Not a valid provider key.");
        }

        if (body is null || !ProviderKey.TryCreate(body.Replacement, out var replacement))
        {
            return AppsResponses.BadInput("replacement", "Name the provider that takes the app's place.");
        }

        if (!TryReadSetup(service, replacement, body.Fields, out var setup, out var badField))
        {
            return badField;
        }

        if (!TryReadKey(http, out var idempotencyKey, out var badKey))
        {
            return badKey;
        }

        var command = string.IsNullOrEmpty(body.AcknowledgementToken)
            ? new ReplaceAppCommand(store, current, replacement, setup, Merchant, idempotencyKey)
            : new ReplaceAppCommand(store, current, replacement, setup, body.AcknowledgementToken, Merchant, idempotencyKey);
        return AppsResponses.From(http, await service.ReplaceAsync(command, http.RequestAborted));
    }

    private static async Task<IResult> ChangePlanAsync(string storeId, ChangePlanRequest? body, HttpContext http, ConnectedAppsService service)
    {
        if (!StoreId.TryCreate(storeId, out var store))
        {
            return AppsResponses.BadInput("storeId", "Not a valid store id.");
        }

        if (body is null || !PlanId.TryCreate(body.Plan, out var plan))
        {
            return AppsResponses.BadInput("plan", "Name the plan to move to.");
        }

        var apps = new List<ProviderKey>();
        foreach (var (app, index) in (body.AppsToDisconnect ?? []).Select((a, i) => (a, i)))
        {
            if (!ProviderKey.TryCreate(app, out var key))
            {
                return AppsResponses.BadInput($"appsToDisconnect[{index}]", "Not a valid provider key.");
            }

            apps.Add(key);
        }

        if (!TryReadKey(http, out var idempotencyKey, out var badKey))
        {
            return badKey;
        }

        var tokens = body.AcknowledgementTokens ?? [];
        var command = tokens.Count > 0
            ? new ChangePlanCommand(store, plan, apps, tokens, Merchant, idempotencyKey)
            : new ChangePlanCommand(store, plan, apps, Merchant, idempotencyKey);
        return AppsResponses.From(http, await service.ChangePlanAsync(command, http.RequestAborted));
    }

    /// <summary>The request's Idempotency-Key; a request without one gets a key of its own (it cannot be recognised when retried).</summary>
    private static bool TryReadKey(HttpContext http, out IdempotencyKey key, out IResult badKey)
    {
        badKey = null!;
        var sent = http.Request.Headers[IdempotencyKeyHeader].ToString();
        if (sent.Length == 0)
        {
            key = IdempotencyKey.New();
            return true;
        }

        try
        {
            key = new IdempotencyKey(sent);
            return true;
        }
        catch (ArgumentException)
        {
            key = null!;
            badKey = AppsResponses.BadInput(IdempotencyKeyHeader, $"1 to {IdempotencyKey.MaxLength} printable ASCII characters without spaces.");
            return false;
        }
    }

    /// <summary>
    /// The setup form as a <see cref="ProviderSetup"/>: a field the provider declares as a secret, or does not declare
    /// at all (a merchant may paste a key anywhere), is kept as a <see cref="SecretValue"/>, which no answer ever prints.
    /// </summary>
    private static bool TryReadSetup(ConnectedAppsService service, ProviderKey provider, Dictionary<string, string?>? fields, out ProviderSetup setup, out IResult badField)
    {
        setup = ProviderSetup.Empty;
        badField = null!;
        var declared = service.TryGetProvider(provider, out var adapter)
            ? adapter.Descriptor.SetupFields.ToDictionary(f => f.Name, StringComparer.Ordinal)
            : [];
        foreach (var (name, value) in fields ?? [])
        {
            if (value is null)
            {
                badField = AppsResponses.BadInput($"fields.{name}", "A setup field's value must be text.");
                return false;
            }

            // A field left blank is a field not given: the provider's own check then names it, if it is required.
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            try
            {
                setup = declared.TryGetValue(name, out var field) && !field.IsSecret
                    ? setup.With(name, value)
                    : setup.WithSecret(name, new SecretValue(value));
            }
            catch (ArgumentException)
            {
                badField = AppsResponses.BadInput($"fields.{name}", "Not a setup field this form has, or a value it cannot take.");
                return false;
            }
        }

        return true;
    }
}
