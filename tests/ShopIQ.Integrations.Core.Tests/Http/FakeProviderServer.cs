using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ShopIQ.Integrations.Core.Tests.Http;

/// <summary>A request as the fake provider received it.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>One scripted answer: status, body, content type, Retry-After, and a delay before the body's second half.</summary>
internal sealed record FakeResponse(int Status, string? Body = null, string ContentType = "application/json", int? RetryAfterSeconds = null, TimeSpan BodyDelay = default);

/// <summary>
/// A fake provider: an <see cref="HttpListener"/> on 127.0.0.1 at a free port. It records every request and answers from
/// a script (then the default answer). Nothing it does reaches beyond loopback. (HttpListener rather than Kestrel: the
/// ASP.NET Core shared framework would replace the hosting packages beside the tests, which the race worker, started from
/// the tests' directory, needs.)
/// </summary>
internal sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly ConcurrentQueue<FakeResponse> _script = new();
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    private FakeProviderServer()
    {
    }

    public Uri BaseAddress { get; private set; } = null!;

    public FakeResponse Default { get; set; } = new(200, "{}");

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static Task<FakeProviderServer> StartAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            var server = new FakeProviderServer();
            var port = FreePort();
            server.BaseAddress = new Uri($"http://127.0.0.1:{port}/");
            server._listener.Prefixes.Add(server.BaseAddress.ToString());
            try
            {
                server._listener.Start();
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between FreePort and Start: try another.
                continue;
            }

            server._loop = Task.Run(server.LoopAsync);
            return Task.FromResult(server);
        }
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
        await _stop.CancelAsync();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception e) when (e is ObjectDisposedException or HttpListenerException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is ObjectDisposedException or HttpListenerException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                var body = await reader.ReadToEndAsync(_stop.Token);
                var headers = context.Request.Headers.AllKeys.Where(k => k is not null)
                    .ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
                Requests.Enqueue(new RecordedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Url.Query, headers, body));
            }

            var answer = _script.TryDequeue(out var scripted) ? scripted : Default;
            response.StatusCode = answer.Status;
            if (answer.RetryAfterSeconds is { } seconds)
            {
                response.AddHeader("Retry-After", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (answer.Body is null)
            {
                response.ContentLength64 = 0;
                return;
            }

            response.ContentType = answer.ContentType;
            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            if (answer.BodyDelay <= TimeSpan.Zero)
            {
                response.ContentLength64 = bytes.Length;
                await response.OutputStream.WriteAsync(bytes, _stop.Token);
                return;
            }

            // A slow body: the headers and half the body now, the rest after the delay (or never, if the client gives up).
            response.SendChunked = true;
            var half = bytes.Length / 2;
            await response.OutputStream.WriteAsync(bytes.AsMemory(0, half), _stop.Token);
            await response.OutputStream.FlushAsync(_stop.Token);
            await Task.Delay(answer.BodyDelay, _stop.Token);
            await response.OutputStream.WriteAsync(bytes.AsMemory(half), _stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client gave up, or the server is stopping.
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
            {
            }
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
