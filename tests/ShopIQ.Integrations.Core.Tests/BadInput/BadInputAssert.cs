namespace ShopIQ.Integrations.Core.Tests.BadInput;

/// <summary>Checks that bad input is refused with the exact exception type, the parameter's name and a message that says what was wrong.</summary>
internal static class BadInputAssert
{
    /// <summary>
    /// Asserts <paramref name="action"/> throws exactly <typeparamref name="TException"/> naming
    /// <paramref name="paramName"/>, with a message that mentions every one of <paramref name="mentions"/>
    /// and carries no raw control, line-separator or invisible format character, nor half of a surrogate pair, from the rejected value.
    /// </summary>
    public static TException Throws<TException>(string paramName, Action action, params string[] mentions)
        where TException : ArgumentException
    {
        var exception = Assert.Throws<TException>(action);
        Check(exception, paramName, mentions);
        return exception;
    }

    /// <summary>As <see cref="Throws{TException}"/> for an exception type known only at run time.</summary>
    public static ArgumentException Throws(Type exceptionType, string paramName, Action action, params string[] mentions)
    {
        var exception = Record.Exception(action);
        Assert.NotNull(exception);
        Assert.IsType(exceptionType, exception);
        var argumentException = (ArgumentException)exception;
        Check(argumentException, paramName, mentions);
        return argumentException;
    }

    /// <summary>
    /// Asserts the message holds no control character (line breaks included), no line or paragraph separator, no invisible
    /// format character (Cf) and no half of a surrogate pair taken from the value: <c>Describe</c> escapes them all.
    /// </summary>
    public static void HasNoRawControlCharacters(ArgumentException exception)
    {
        // ArgumentOutOfRangeException adds its own line break before "Actual value was"; only the library's text counts.
        var message = exception is ArgumentOutOfRangeException ? exception.Message.Split(Environment.NewLine)[0] : exception.Message;
        Assert.DoesNotContain(message, c => char.IsControl(c));
        Assert.False(Properties.TextOracle.MustRefuse(message), message);
    }

    private static void Check(ArgumentException exception, string paramName, string[] mentions)
    {
        Assert.Equal(paramName, exception.ParamName);
        foreach (var mention in mentions)
        {
            Assert.Contains(mention, exception.Message, StringComparison.Ordinal);
        }

        HasNoRawControlCharacters(exception);
    }
}
