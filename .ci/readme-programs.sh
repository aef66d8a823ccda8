#!/usr/bin/env bash
# The README's C# and F# blocks, pasted verbatim as Program.cs / Program.fs of new console projects that
# reference the PACKED packages (not the projects), must compile and run. This packs both libraries into a
# temporary folder, extracts the blocks from README.md, builds and runs them outside the repository (so no
# Directory.Build.props, no project namespace and no project reference can help them), and removes only the
# temporary folder it made.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d -t akern-readme-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# A package cache of its own: a package of the same version left in ~/.nuget/packages by an earlier pack must
# not stand in for the one packed now.
export NUGET_PACKAGES="$work/nuget-cache"

dotnet pack "$root/Kernels.Core.fsproj" -c Release -o "$work/packages" -v q -nologo
dotnet pack "$root/Facade/Facade.csproj" -c Release -o "$work/packages" -v q -nologo
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -1)

# block HEADING LANG: the lines of the first ```LANG block after the line "HEADING".
block() {
  awk -v h="$1" -v fence="\`\`\`$2" '
    $0 == h { seen = 1; next }
    seen && !inside && $0 == fence { inside = 1; next }
    inside && $0 == "```" { exit }
    inside { print }' "$root/README.md"
}

cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="packed" value="$work/packages" />
  </packageSources>
</configuration>
XML

status=0
run() { # run NAME TEMPLATE-LANG PACKAGE FILE HEADING FENCE
  local name=$1 lang=$2 package=$3 file=$4 heading=$5 fence=$6 dir="$work/$1"
  dotnet new console -lang "$lang" -o "$dir" -n "$name" >/dev/null
  block "$heading" "$fence" > "$dir/$file"
  if [ ! -s "$dir/$file" ]; then echo "README has no $fence block under '$heading'"; status=1; return; fi
  (cd "$dir" && dotnet add package "$package" --version "$version" >/dev/null) || { echo "$name: dotnet add package $package failed"; status=1; return; }
  echo "== README $fence block as $file of a new console app referencing the packed $package $version"
  if ! (cd "$dir" && dotnet run -c Release 2>&1); then echo "$name: FAILED"; status=1; fi
}
run readme-csharp "C#" AssociativeKernels Program.cs "## From C#" csharp
run readme-fsharp "F#" AssociativeKernels.Core Program.fs "## From F#" fsharp
exit $status
