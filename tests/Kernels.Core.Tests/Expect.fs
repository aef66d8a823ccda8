/// Assertions shared by the reference tests: a whole table is checked and every failing row is
/// reported at once (input, expected, got, error, tolerance), so one run shows the full picture.
module Kernels.Core.Tests.Expect

open System
open Xunit

/// One checked row: a description of the input, the reference value, the value under test and the
/// absolute tolerance.
type Row = { Input: string; Expected: float; Got: float; Tolerance: float }

let row input expected got tolerance = { Input = input; Expected = expected; Got = got; Tolerance = tolerance }

let private fmt (x: float) = x.ToString("R", Globalization.CultureInfo.InvariantCulture)

/// True when the row passes: exact agreement for infinite references (an exact zero kernel is
/// ln = -∞), |got - expected| ≤ tolerance otherwise; NaN never passes.
let passes (r: Row) =
    if Double.IsInfinity r.Expected then r.Got = r.Expected
    else Double.IsFinite r.Got && abs (r.Got - r.Expected) <= r.Tolerance

/// Fails with every row that is outside its tolerance.
let allWithin (what: string) (rows: seq<Row>) =
    let rows = Seq.toArray rows
    Assert.NotEmpty rows
    let bad = rows |> Array.filter (passes >> not)
    if bad.Length > 0 then
        let lines =
            bad
            |> Array.map (fun r ->
                sprintf "  %s: expected %s, got %s (error %s, tolerance %s)" r.Input (fmt r.Expected) (fmt r.Got)
                    (fmt (abs (r.Got - r.Expected))) (fmt r.Tolerance))
        Assert.Fail(sprintf "%s: %d of %d rows outside tolerance\n%s" what bad.Length rows.Length (String.Join("\n", lines)))

/// The call throws an ArgumentException (or a subtype) whose message names the parameter.
let throwsNaming (parameter: string) (call: unit -> 'a) =
    let ex = Assert.ThrowsAny<ArgumentException>(Action(fun () -> call () |> ignore))
    Assert.Contains(parameter, ex.Message)

/// Collects every bad-input case of a function family and fails with all that did not throw an
/// ArgumentException whose message names the parameter (and whose ParamName, when set, is it).
let allThrowNaming (what: string) (cases: (string * string * (unit -> unit)) list) =
    let failures =
        [ for (label, parameter, call) in cases do
            let outcome =
                try
                    call ()
                    Some "returned without throwing"
                with
                | :? ArgumentException as ex when ex.Message.Contains parameter && (isNull ex.ParamName || ex.ParamName = parameter) -> None
                | :? ArgumentException as ex -> Some(sprintf "threw ArgumentException without naming '%s': %s" parameter ex.Message)
                | ex -> Some(sprintf "threw %s: %s" (ex.GetType().Name) ex.Message)
            match outcome with
            | Some msg -> yield sprintf "  %s: %s" label msg
            | None -> () ]
    if not failures.IsEmpty then
        Assert.Fail(sprintf "%s: %d of %d bad inputs not rejected properly\n%s" what failures.Length cases.Length (String.Join("\n", failures)))

/// A bad-input case: a label, the parameter the error must name, and the call.
let bad (label: string) (parameter: string) (call: unit -> 'a) : string * string * (unit -> unit) =
    (label, parameter, (fun () -> call () |> ignore))
