using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ShopIQ.Integrations.Core.Tests.Http;

/// <summary>A request as the fake provider received it.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>One scripted answer: status, body, content type, Retry-After, and a delay before the body's second half.</summary>
internal sealed record FakeResponse(int Status, string? Body = null, string ContentType = "application/json", int? RetryAfterSeconds = null, TimeSpan BodyDelay = default);

/// <summary>
/// A fake provider: Kestrel on 127.0.0.1, port 0. It records every request and answers from a script (then the default
/// answer). Nothing it does reaches beyond loopback.
/// </summary>
internal sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeResponse> _script = new();
    private WebApplication? _app;

    private FakeProviderServer()
    {
    }

    public Uri BaseAddress { get; private set; } = null!;

    public FakeResponse Default { get; set; } = new(200, "{}");

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static async Task<FakeProviderServer> StartAsync()
    {
        var server = new FakeProviderServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    public void Enqueue(params FakeResponse[] responses)
    {
        foreach (var response in responses)
        {
            _script.Enqueue(response);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "", headers, body));

        var answer = _script.TryDequeue(out var scripted) ? scripted : Default;
        context.Response.StatusCode = answer.Status;
        if (answer.RetryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (answer.Body is null)
        {
            return;
        }

        context.Response.ContentType = answer.ContentType;
        if (answer.BodyDelay <= TimeSpan.Zero)
        {
            await context.Response.WriteAsync(answer.Body, context.RequestAborted);
            return;
        }

        // A slow body: the headers and half the body now, the rest after the delay (or never, if the client gives up).
        var half = answer.Body.Length / 2;
        await context.Response.WriteAsync(answer.Body[..half], context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        try
        {
            await Task.Delay(answer.BodyDelay, context.RequestAborted);
            await context.Response.WriteAsync(answer.Body[half..], context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, as it should.
        }
    }
}

/// <summary>Stops any request that would leave loopback, before it is sent.</summary>
internal sealed class LoopbackOnlyHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri;
        if (uri is null || !uri.IsLoopback)
        {
            throw new InvalidOperationException("A test request tried to leave loopback.");
        }

        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>Captures every log message (Trace and up), with its exception, for secret checks.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            owner.Messages.Enqueue($"{category} scope: {state}");
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var properties = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            owner.Messages.Enqueue($"{logLevel} {category}: {formatter(state, exception)} [{properties}] {exception}");
        }
    }
}
