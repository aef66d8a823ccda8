namespace AssociativeKernels.Tests;

/// <summary>The check both validation suites make: a fast path rejects bad input exactly as the reference path does.</summary>
internal static class Rejections
{
    /// <summary>Both calls throw, with the same exception type, parameter name and message.</summary>
    internal static void AssertSame(Action fast, Action reference)
    {
        var expected = Record.Exception(reference);
        var actual = Record.Exception(fast);
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal((expected as ArgumentException)?.ParamName, (actual as ArgumentException)?.ParamName);
        Assert.Equal(expected.Message, actual.Message);
    }

    /// <summary>
    /// Both calls throw the same exception type naming the same parameter (the facade checks at its edge in its own
    /// words, so the message may differ from the core's).
    /// </summary>
    internal static void AssertSameKind(Action facade, Action core)
    {
        var expected = Record.Exception(core);
        var actual = Record.Exception(facade);
        Assert.NotNull(expected);
        Assert.NotNull(actual);
        Assert.Equal(expected.GetType(), actual.GetType());
        Assert.Equal((expected as ArgumentException)?.ParamName, (actual as ArgumentException)?.ParamName);
    }
}
