/// The F# core's public surface, tracked the way Microsoft.CodeAnalysis.PublicApiAnalyzers tracks the C#
/// facade's (that analyzer runs on C# and VB only): every public type and member of Kernels.Core is listed in
/// src/PublicAPI.Shipped.txt (released) or src/PublicAPI.Unshipped.txt (since the last release), one line each,
/// so a change to the surface shows in review as a change to those files.
/// After an intended change: `AKERN_UPDATE_PUBLIC_API=1 dotnet test tests/Kernels.Core.Tests -c Release
/// --filter PublicApi` rewrites the Unshipped file (then review its diff).
module Kernels.Core.Tests.PublicApiTests

open System
open System.IO
open System.Reflection
open System.Runtime.CompilerServices
open Xunit
open AssociativeKernels.Core

let private text (s: string | null) = match s with null -> "" | s -> s

/// A type as reflection names it, generic arguments spelled out: FSharpList`1[X] → FSharpList<X>.
let rec private typeName (t: Type) : string =
    let element () = match t.GetElementType() with null -> "?" | e -> typeName e
    let outer () = match t.DeclaringType with null -> text t.Namespace + "." | d -> typeName d + "+"
    if t.IsArray then sprintf "%s[%s]" (element ()) (String(',', t.GetArrayRank() - 1))
    elif t.IsByRef then element () + "&"
    elif t.IsGenericParameter then t.Name
    elif t.IsGenericType then
        let name = t.Name.Substring(0, t.Name.IndexOf '`')
        let args = t.GetGenericArguments() |> Array.map typeName |> String.concat ", "
        sprintf "%s%s<%s>" (outer ()) name args
    else outer () + t.Name

let private parameters (ps: ParameterInfo[]) =
    ps |> Array.map (fun p -> sprintf "%s %s" (typeName p.ParameterType) p.Name) |> String.concat ", "

let private generated (m: MemberInfo) =
    not (isNull (m.GetCustomAttribute<CompilerGeneratedAttribute>()))

/// One line per public type and public declared member (compiler-generated members, such as a record's
/// structural equality, follow from the type and are left out), sorted.
let surface (assembly: Assembly) : string list =
    [ for t in assembly.GetExportedTypes() do
          let kind =
              if t.IsEnum then "enum" elif t.IsInterface then "interface"
              elif t.IsValueType then "struct" elif t.IsAbstract && t.IsSealed then "static class"
              elif t.IsAbstract then "abstract class" else "class"
          let tn = typeName t
          yield sprintf "%s %s" kind tn
          let flags = BindingFlags.Public ||| BindingFlags.Instance ||| BindingFlags.Static ||| BindingFlags.DeclaredOnly
          for m in t.GetMembers flags do
              if not (generated m) then
                  match m with
                  | :? MethodInfo as mi when not mi.IsSpecialName ->
                      yield sprintf "%s%s.%s(%s) -> %s" (if mi.IsStatic then "static " else "") tn mi.Name (parameters (mi.GetParameters())) (typeName mi.ReturnType)
                  | :? ConstructorInfo as ci ->
                      yield sprintf "%s.ctor(%s)" tn (parameters (ci.GetParameters()))
                  | :? PropertyInfo as pi ->
                      let isPublic (m: MethodInfo | null) = match m with null -> false | m -> m.IsPublic
                      let isStatic = match pi.GetMethod with null -> false | g -> g.IsStatic
                      let access = [ if isPublic pi.GetMethod then "get"
                                     if isPublic pi.SetMethod then "set" ]
                      yield sprintf "%s%s.%s : %s { %s }" (if isStatic then "static " else "") tn pi.Name (typeName pi.PropertyType) (String.Join("; ", access))
                  | :? FieldInfo as fi ->
                      yield sprintf "%s%s.%s : %s" (if fi.IsStatic then "static " else "") tn fi.Name (typeName fi.FieldType)
                  | :? EventInfo as ei ->
                      let handler = match ei.EventHandlerType with null -> "?" | h -> typeName h
                      yield sprintf "event %s.%s : %s" tn ei.Name handler
                  | _ -> () ]
    |> List.distinct
    |> List.sort

let private repositoryRoot () =
    let rec up (dir: DirectoryInfo | null) =
        match dir with
        | null -> failwith ("AssociativeKernels.sln not found above " + AppContext.BaseDirectory)
        | d when File.Exists(Path.Combine(d.FullName, "AssociativeKernels.sln")) -> d.FullName
        | d -> up d.Parent
    up (DirectoryInfo AppContext.BaseDirectory)

let private listed (path: string) =
    if File.Exists path then
        File.ReadAllLines path |> Array.filter (fun l -> l.Trim() <> "" && not (l.StartsWith "#")) |> Set.ofArray
    else Set.empty

[<Fact>]
let ``PublicApi: the core's public surface is the one listed in src/PublicAPI.*.txt`` () =
    let root = repositoryRoot ()
    let shippedPath = Path.Combine(root, "src", "PublicAPI.Shipped.txt")
    let unshippedPath = Path.Combine(root, "src", "PublicAPI.Unshipped.txt")
    let actual = surface typeof<LogValue>.Assembly |> Set.ofList
    let shipped = listed shippedPath
    let expected = Set.union shipped (listed unshippedPath)
    if actual <> expected && Environment.GetEnvironmentVariable "AKERN_UPDATE_PUBLIC_API" = "1" then
        let header = "# Public types and members of AssociativeKernels.Core added or changed since the last release (see PublicApiTests.fs)."
        File.WriteAllLines(unshippedPath, Array.append [| header |] (Set.difference actual shipped |> Set.toArray))
    else
        let added = Set.difference actual expected |> Set.toList
        let removed = Set.difference expected actual |> Set.toList
        let show title xs = if List.isEmpty xs then "" else title + ":\n  " + String.Join("\n  ", xs) + "\n"
        Assert.True(List.isEmpty added && List.isEmpty removed,
                    "the public surface changed; if intended, rerun with AKERN_UPDATE_PUBLIC_API=1 and review the diff\n"
                    + show "not listed (new)" added + show "listed but gone" removed)
