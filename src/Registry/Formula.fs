namespace AssociativeKernels.Core

open System

/// A parameter of a closed form: its symbol (the CLI flag and JSON key), its valid range as text, and the
/// check of that range. The range is written exactly as the check enforces it: an interval "(lo, hi]"
/// (∞ for no finite end; a real parameter is always finite), optionally "whole number in …", and ends
/// that may name an earlier parameter (N, f̃). The registry test suite parses the text and probes both
/// sides of every end.
type Parameter =
    { /// The paper's symbol, e.g. N, sigma2.
      Name: string
      /// The valid range in interval notation.
      Range: string
      /// Checks a value under the name the caller gave the parameter (the argument), given the values of
      /// all of the formula's parameters by symbol (for ends such as √(N/2)); raises
      /// ArgumentOutOfRangeException naming that name, the value and the range.
      Check: string -> Map<string, float> -> float -> unit }

/// What a closed form (a capacity formula or a kernel) is, written once, beside its function: the
/// registries, `akern bound list`/`kernel list` and the results all read it from here.
type FormulaInfo =
    { /// The id (the CLI's and the registry's name).
      Id: string
      /// Paper and equation number.
      Equation: string
      /// What kind of number it is: an estimate, a lower bound, a mean, a probability, …
      Kind: string
      /// A one-line description.
      Summary: string
      /// The parameters in the paper's order.
      Parameters: Parameter list
      /// The assumptions under which the derivation holds, in words (the result's `InRange` says whether
      /// the given parameters satisfy them).
      Regime: string }

/// A registered closed form: its description and its evaluation from parameters keyed by symbol.
type Formula<'Result> =
    { Info: FormulaInfo
      /// Evaluates at parameters keyed by symbol (every parameter present, no other); raises
      /// ArgumentException naming the symbol of a value out of range.
      Evaluate: Map<string, float> -> 'Result }

/// Parameters and formulas: construction, and evaluation by symbol or under the caller's own names.
[<RequireQualifiedAccess>]
module Formula =
    /// "whole number in [lo, 2147483647]": the range of an int parameter.
    let internal wholeFrom (lo: int) = sprintf "whole number in [%d, %d]" lo Int32.MaxValue

    /// A parameter with its range text and check.
    let parameter (name: string) (range: string) (check: string -> Map<string, float> -> float -> unit) : Parameter =
        { Name = name; Range = range; Check = check }

    /// An int parameter: a whole number in [lo, 2147483647].
    let whole (name: string) (lo: int) : Parameter =
        parameter name (wholeFrom lo) (fun argName _ x -> Validate.wholeBetween argName (float lo) (float Int32.MaxValue) x)

    /// A real parameter with lo < x < hi (the text as written, e.g. "(0, 1/√2)").
    let openInterval (name: string) (range: string) (lo: float) (hi: float) : Parameter =
        parameter name range (fun argName _ x -> Validate.openInterval argName lo hi x)

    /// A real parameter with x > 0.
    let positive (name: string) : Parameter = parameter name "(0, ∞)" (fun argName _ x -> Validate.positive argName x)

    /// A real parameter with x ≥ 0 (and a comment after the interval).
    let nonNegative (name: string) (comment: string) : Parameter =
        parameter name ("[0, ∞)" + comment) (fun argName _ x -> Validate.nonNegative argName x)

    /// The value of an int parameter whose range has been checked.
    let internal intArg (args: Map<string, float>) (name: string) = int args.[name]

    /// Checks that `args` holds exactly the parameters of `info` (ArgumentException naming the missing or
    /// unknown one otherwise).
    let internal checkNames (info: FormulaInfo) (args: Map<string, float>) =
        for p in info.Parameters do
            if not (args.ContainsKey p.Name) then
                raise (ArgumentException(sprintf "%s needs parameter %s (valid range %s)." info.Id p.Name p.Range, p.Name))
        for KeyValue(name, _) in args do
            if not (info.Parameters |> List.exists (fun p -> p.Name = name)) then
                let expected = info.Parameters |> List.map (fun p -> p.Name) |> String.concat ", "
                raise (ArgumentException(sprintf "%s has no parameter %s (its parameters: %s)." info.Id name expected, name))

    /// Checks each parameter's range in order, under the symbol itself.
    let internal checkRanges (info: FormulaInfo) (args: Map<string, float>) =
        for p in info.Parameters do p.Check p.Name args args.[p.Name]

    /// A formula whose evaluation checks names and ranges (in the paper's order, so that an end such as
    /// √(N/2) reads an N already checked) before it calls `evaluate`.
    let make (info: FormulaInfo) (evaluate: Map<string, float> -> 'Result) : Formula<'Result> =
        { Info = info
          Evaluate = fun args ->
              checkNames info args
              checkRanges info args
              evaluate args }

    /// Checks the given parameters (symbol, value, the caller's name for it) against their ranges, each
    /// under the caller's name: the ArgumentOutOfRangeException's ParamName and message name the argument
    /// the caller passed. `values` must give every parameter an end of the ranges refers to (N, f).
    [<CompiledName("CheckArguments")>]
    let checkArguments (info: FormulaInfo) (values: (string * float * string) list) =
        let args = values |> List.map (fun (s, v, _) -> s, v) |> Map.ofList
        for (symbol, value, name) in values do
            match info.Parameters |> List.tryFind (fun p -> p.Name = symbol) with
            | Some p -> p.Check name args value
            | None -> invalidArg "values" (sprintf "%s has no parameter %s." info.Id symbol)
