using System.Text;
using ShopIQ.Integrations.Core;

/// <summary>
/// Stands between the process and its console: every line written to standard output or error, by the
/// sample or by a logger, is checked for the secrets typed into setups, and a line holding one is withheld (R5).
/// </summary>
internal sealed class SecretGuard
{
    private readonly List<string> _secrets = [];
    private readonly Lock _gate = new();
    private int _withheld;

    private SecretGuard()
    {
    }

    /// <summary>How many lines held a secret and were withheld; the sample fails if this is not 0.</summary>
    public int LinesWithheld
    {
        get
        {
            lock (_gate)
            {
                return _withheld;
            }
        }
    }

    /// <summary>Puts a guard in front of the console. Call it first, before any logger captures the console's writers.</summary>
    public static SecretGuard Install()
    {
        var guard = new SecretGuard();
        Console.SetOut(new GuardedWriter(guard, Console.Out));
        Console.SetError(new GuardedWriter(guard, Console.Error));
        return guard;
    }

    /// <summary>A secret as a merchant types it into a setup form; remembered so that no printed line may hold it.</summary>
    public SecretValue Secret(string text)
    {
        lock (_gate)
        {
            _secrets.Add(text);
        }

        return new SecretValue(text);
    }

    private bool Holds(string line)
    {
        lock (_gate)
        {
            if (_secrets.Exists(secret => line.Contains(secret, StringComparison.Ordinal)))
            {
                _withheld++;
                return true;
            }

            return false;
        }
    }

    /// <summary>Collects characters into lines, and writes each line on only if it holds no secret.</summary>
    private sealed class GuardedWriter(SecretGuard guard, TextWriter inner) : TextWriter
    {
        private readonly StringBuilder _line = new();

        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            if (value != '\n')
            {
                _line.Append(value);
                return;
            }

            var line = _line.ToString();
            _line.Clear();
            inner.WriteLine(guard.Holds(line) ? "[line withheld: it held a secret]" : line.TrimEnd('\r'));
        }

        public override void Flush() => inner.Flush();
    }
}
