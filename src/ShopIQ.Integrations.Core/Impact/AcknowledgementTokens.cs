using System.Security.Cryptography;
using System.Text;
using NodaTime;
namespace ShopIQ.Integrations.Core;

/// <summary>
/// Turns an <see cref="ImpactAcknowledgement"/> into an opaque text token and back, so an acknowledgement can
/// cross a request boundary (the impact warning in one request, the disconnect in the next) without the client
/// being able to make one up (R8).
/// </summary>
/// <remarks>
/// <para>
/// A token is <c>ack1.</c>, the URL-safe base64 (no padding) of its payload, a dot, and the URL-safe base64 of an
/// HMAC-SHA256 of the prefix and payload under the key. The payload binds the store, the app, the apps version, the
/// workflows the merchant was told would stop, the apps assessed as going along, and when the token was issued and
/// expires. It is signed, not encrypted: anyone can read it, so it carries nothing secret (an acknowledgement holds
/// no setup value).
/// </para>
/// <para>
/// Tokens are always issued with the current key; a token made with the previous key is still read, so keys can be
/// rotated without refusing the tokens in flight. MACs are compared in constant time. A token issued up to
/// <see cref="ClockSkew"/> in the future is accepted, for instances whose clocks differ a little.
/// </para>
/// <para>Immutable and thread-safe; the keys are copied.</para>
/// </remarks>
public sealed class AcknowledgementTokens
{
    /// <summary>The shortest key accepted, in bytes: 32, the size of an HMAC-SHA256 output.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>The text every token of this format starts with.</summary>
    public const string Prefix = "ack1.";

    private const int MacLength = 32;
    private const int MaxTokenLength = 8192;
    private static readonly byte[] PrefixBytes = Encoding.ASCII.GetBytes(Prefix);

    private readonly byte[] _key;
    private readonly byte[]? _previousKey;

    /// <summary>Creates the token codec with one key.</summary>
    /// <param name="key">The key; at least <see cref="MinimumKeyLength"/> random bytes, the same on every instance.</param>
    /// <param name="lifetime">How long a token is good for: positive, at most <see cref="MaximumLifetime"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="key"/> is shorter than <see cref="MinimumKeyLength"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lifetime"/> is not positive or above <see cref="MaximumLifetime"/>.</exception>
    public AcknowledgementTokens(byte[] key, Duration lifetime)
    {
        _key = CheckKey(key, nameof(key));
        Lifetime = CheckLifetime(lifetime);
    }

    /// <summary>Creates the token codec during a key rotation: tokens are issued with <paramref name="key"/>, and read with either key.</summary>
    /// <param name="key">The current key; at least <see cref="MinimumKeyLength"/> bytes.</param>
    /// <param name="previousKey">The key being retired; at least <see cref="MinimumKeyLength"/> bytes.</param>
    /// <param name="lifetime">How long a token is good for: positive, at most <see cref="MaximumLifetime"/>.</param>
    /// <exception cref="ArgumentNullException">A key is null.</exception>
    /// <exception cref="ArgumentException">A key is shorter than <see cref="MinimumKeyLength"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lifetime"/> is not positive or above <see cref="MaximumLifetime"/>.</exception>
    public AcknowledgementTokens(byte[] key, byte[] previousKey, Duration lifetime)
        : this(key, lifetime)
    {
        _previousKey = CheckKey(previousKey, nameof(previousKey));
    }

    /// <summary>The longest lifetime a token may have: one day. An acknowledgement is about a moment's warning, not a standing permission.</summary>
    public static Duration MaximumLifetime { get; } = Duration.FromDays(1);

    /// <summary>How far in the future a token's issue time may be and still be read: one minute.</summary>
    public static Duration ClockSkew { get; } = Duration.FromMinutes(1);

    /// <summary>How long a token issued now is good for.</summary>
    public Duration Lifetime { get; }

    /// <summary>Issues a token for an acknowledgement, with the current key.</summary>
    /// <param name="acknowledgement">The acknowledgement, from <see cref="ImpactAssessment.Acknowledge"/>.</param>
    /// <param name="now">The current instant; the token expires <see cref="Lifetime"/> later.</param>
    /// <returns>The token: URL-safe text, starting with <see cref="Prefix"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="acknowledgement"/> is null.</exception>
    public string Issue(ImpactAcknowledgement acknowledgement, Instant now)
    {
        ArgumentNullException.ThrowIfNull(acknowledgement);
        var payload = Write(acknowledgement, now, now + Lifetime);
        return Prefix + ToBase64Url(payload) + "." + ToBase64Url(Mac(_key, payload));
    }

    /// <summary>Reads a token: checks its format and MAC, then its lifetime, and gives back the acknowledgement it carries.</summary>
    /// <param name="token">The token, as the client sent it back.</param>
    /// <param name="now">The current instant.</param>
    /// <returns>
    /// The acknowledgement, or why there is none: <see cref="AcknowledgementTokenProblem.Malformed"/>, <see cref="AcknowledgementTokenProblem.Forged"/>,
    /// <see cref="AcknowledgementTokenProblem.Expired"/> or <see cref="AcknowledgementTokenProblem.NotYetValid"/>. Whether the
    /// acknowledgement is for the right store and app, and still covers the store as it is, is for the caller and the store to check.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="token"/> is null.</exception>
    public AcknowledgementTokenResult Read(string token, Instant now)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 0 || token.Length > MaxTokenLength)
        {
            return Malformed(token.Length == 0 ? "is empty" : $"is longer than {MaxTokenLength} characters");
        }

        if (!token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return Malformed($"does not start with '{Prefix}'");
        }

        var parts = token[Prefix.Length..].Split('.');
        if (parts.Length != 2 || !TryFromBase64Url(parts[0], out var payload) || payload.Length == 0 || !TryFromBase64Url(parts[1], out var mac) || mac.Length != MacLength)
        {
            return Malformed("is not a payload and a MAC in URL-safe base64");
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(_key, payload))
            && (_previousKey is null || !CryptographicOperations.FixedTimeEquals(mac, Mac(_previousKey, payload))))
        {
            return AcknowledgementTokenResult.Refused(
                AcknowledgementTokenProblem.Forged,
                "The acknowledgement token was not issued with this service's key, or was altered: assess the impact again.");
        }

        if (!TryRead(payload, out var acknowledgement, out var issuedAt, out var expiresAt))
        {
            return Malformed("has a payload this version cannot read");
        }

        if (now < issuedAt - ClockSkew)
        {
            return AcknowledgementTokenResult.Refused(
                AcknowledgementTokenProblem.NotYetValid,
                $"The acknowledgement token says it was issued at {issuedAt}, after now ({now}): the issuing instance's clock is ahead.");
        }

        if (now >= expiresAt)
        {
            return AcknowledgementTokenResult.Refused(
                AcknowledgementTokenProblem.Expired,
                $"The acknowledgement token expired at {expiresAt}: assess the impact again.");
        }

        return AcknowledgementTokenResult.Valid(acknowledgement);
    }

    /// <summary>A short, stable identity of a token's text, for command fingerprints: the first 16 bytes of its SHA-256, in hex.</summary>
    internal static string Identity(string token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)), 0, 16).ToLowerInvariant();

    private static AcknowledgementTokenResult Malformed(string why) =>
        AcknowledgementTokenResult.Refused(AcknowledgementTokenProblem.Malformed, $"The acknowledgement token {why}: assess the impact again.");

    private static byte[] CheckKey(byte[] key, string paramName)
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException($"The key has {key.Length} bytes; an acknowledgement key needs at least {MinimumKeyLength}.", paramName);
        }

        return (byte[])key.Clone();
    }

    private static Duration CheckLifetime(Duration lifetime)
    {
        if (lifetime <= Duration.Zero || lifetime > MaximumLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, $"A token's lifetime must be positive and at most {MaximumLifetime}.");
        }

        return lifetime;
    }

    private static byte[] Mac(byte[] key, byte[] payload)
    {
        var signed = new byte[PrefixBytes.Length + payload.Length];
        PrefixBytes.CopyTo(signed, 0);
        payload.CopyTo(signed, PrefixBytes.Length);
        return HMACSHA256.HashData(key, signed);
    }

    private static byte[] Write(ImpactAcknowledgement acknowledgement, Instant issuedAt, Instant expiresAt)
    {
        using var stream = new MemoryStream();
        // Stryker disable once Boolean : equivalent; ToArray reads a MemoryStream after the writer closed it as well as before
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(acknowledgement.StoreId.Value);
            writer.Write(acknowledgement.Provider.Value);
            writer.Write(acknowledgement.AppsVersion);
            writer.Write7BitEncodedInt(acknowledgement.WorkflowsThatStop.Count);
            foreach (var workflow in acknowledgement.WorkflowsThatStop)
            {
                writer.Write7BitEncodedInt((int)workflow);
            }

            writer.Write7BitEncodedInt(acknowledgement.AlongWith.Count);
            foreach (var other in acknowledgement.AlongWith)
            {
                writer.Write(other.Value);
            }

            writer.Write(issuedAt.ToUnixTimeTicks());
            writer.Write(expiresAt.ToUnixTimeTicks());
        }

        return stream.ToArray();
    }

    // Reached only for a payload whose MAC checked out, so a failure here means a format this version does not know.
    private static bool TryRead(byte[] payload, out ImpactAcknowledgement acknowledgement, out Instant issuedAt, out Instant expiresAt)
    {
        acknowledgement = null!;
        issuedAt = default;
        expiresAt = default;
        try
        {
            // Stryker disable once Boolean : equivalent; the reader never writes, a byte order mark is only written, and every string read
            // is an id, whose checks refuse the U+FFFD a lenient decoder would put for bytes that are not UTF-8 (seen: with
            // throwOnInvalidBytes false, R8_Read_SignedPayloadWithTextThatIsNotUtf8_IsMalformed still passes)
            using var reader = new BinaryReader(new MemoryStream(payload, writable: false), new UTF8Encoding(false, throwOnInvalidBytes: true));
            var store = new StoreId(reader.ReadString());
            var provider = new ProviderKey(reader.ReadString());
            var appsVersion = reader.ReadInt64();
            var workflows = new CommerceWorkflow[ReadCount(reader, payload.Length)];
            for (var i = 0; i < workflows.Length; i++)
            {
                workflows[i] = (CommerceWorkflow)reader.Read7BitEncodedInt();
            }

            var alongWith = new ProviderKey[ReadCount(reader, payload.Length)];
            for (var i = 0; i < alongWith.Length; i++)
            {
                alongWith[i] = new ProviderKey(reader.ReadString());
            }

            issuedAt = Instant.FromUnixTimeTicks(reader.ReadInt64());
            expiresAt = Instant.FromUnixTimeTicks(reader.ReadInt64());
            if (reader.BaseStream.Position != payload.Length)
            {
                return false;
            }

            acknowledgement = new ImpactAcknowledgement(store, provider, appsVersion, workflows, alongWith);
            return true;
        }
        catch (Exception e) when (e is EndOfStreamException or FormatException or ArgumentException or DecoderFallbackException)
        {
            return false;
        }
    }

    private static int ReadCount(BinaryReader reader, int payloadLength)
    {
        var count = reader.Read7BitEncodedInt();
        // Stryker disable once Equality,String : equivalent; a count equal to the payload's length leaves no room for its entries, and the read
        // runs out; the exception's message is never shown (TryRead catches it and the token is refused as malformed)
        return count >= 0 && count <= payloadLength ? count : throw new FormatException("A count is out of range.");
    }

    private static string ToBase64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryFromBase64Url(string text, out byte[] bytes)
    {
        bytes = [];
        // Stryker disable once all : equivalent at the only caller; what this check lets through, the canonical round trip below or the
        // caller's length checks refuse (empty payload, MAC not 32 bytes), and Read answers the same Malformed
        if (text.Length == 0 || text.Length % 4 == 1 || !text.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_'))
        {
            return false;
        }

        var base64 = text.Replace('-', '+').Replace('_', '/') + new string('=', (4 - (text.Length % 4)) % 4);
        // Stryker disable once Arithmetic : equivalent; a larger buffer decodes the same bytes, counted by written
        var buffer = new byte[base64.Length / 4 * 3];
        // Stryker disable once all : equivalent at the only caller; empty bytes are refused there (empty payload, MAC not 32 bytes)
        if (!Convert.TryFromBase64String(base64, buffer, out var written))
        {
            return false;
        }

        bytes = buffer[..written];

        // One byte string has one encoding: a token whose spare bits were changed is not the token that was issued.
        return ToBase64Url(bytes) == text;
    }
}
