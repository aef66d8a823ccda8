using Microsoft.FSharp.Core;
using Core = AssociativeKernels.Core;

namespace AssociativeKernels.Fast;

/// <summary>
/// Iteration of a packed update to a fixed point through the core's own <c>Dynamics.toFixedPoint</c> (the
/// same convergence test, cycle detection, step count and validation of the step limit) and its own sweep
/// orders (<c>Dynamics.sweeps</c>), so only the update itself is the packed one.
/// </summary>
internal static class PackedDynamics
{
    /// <summary>Asynchronous sweeps in the orders of <paramref name="order"/>: <paramref name="sweep"/> updates the state (a fresh copy each step) in place in the given order.</summary>
    internal static Core.Iteration Sweeps(Core.UpdateOrder order, int maxSweeps, double[] start, Action<double[], int[]> sweep)
    {
        using var orders = Core.Dynamics.Sweeps(order, start.Length).GetEnumerator();
        return Core.Dynamics.ToFixedPoint(FuncConvert.FromFunc((double[] state) =>
        {
            orders.MoveNext();
            var next = (double[])state.Clone();
            sweep(next, orders.Current);
            return next;
        }), 0.0, maxSweeps, start);
    }

    /// <summary>Synchronous steps: <paramref name="step"/> maps a state to a new one.</summary>
    internal static Core.Iteration Steps(int maxSteps, double[] start, Func<double[], double[]> step) =>
        Core.Dynamics.ToFixedPoint(FuncConvert.FromFunc(step), 0.0, maxSteps, start);

    /// <summary>Whether <paramref name="state"/> has length <paramref name="dimension"/> and every entry is exactly +1 or −1 (the reference's checks of a ±1 state would pass).</summary>
    internal static bool IsBipolar(ReadOnlySpan<double> state, int dimension)
    {
        if (state.Length != dimension) return false;
        foreach (var x in state)
        {
            if (x is not (1.0 or -1.0)) return false;
        }
        return true;
    }
}
