#!/usr/bin/env bash
# The packages as a user meets them. This packs the libraries (AssociativeKernels.Packages.slnf: no test or bench
# project is restored or built) into a temporary folder, then, outside the repository (so no
# Directory.Build.props, no project namespace and no project reference can help them), against the PACKED packages:
# - pastes the C# and F# blocks of README.md and of the package readme (packaging/README.md) verbatim as Program.cs /
#   Program.fs of new console projects, builds and runs them;
# - copies samples/CSharp and samples/FSharp, builds and runs them (they exit 1 when one of their checks fails);
# - installs the packed tool AssociativeKernels.Cli as the README says (here with --tool-path) and runs akern.
# A failure of any of them fails the script. It removes only the temporary folder it made.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d -t akern-readme-XXXXXX)"
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# A package cache of its own: a package of the same version left in ~/.nuget/packages by an earlier pack must
# not stand in for the one packed now.
export NUGET_PACKAGES="$work/nuget-cache"

dotnet pack "$root/AssociativeKernels.Packages.slnf" -c Release -o "$work/packages" -v q -nologo
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/Directory.Build.props" | head -1)

# block FILE HEADING LANG: the lines of the first ```LANG block after the line "HEADING" of the markdown FILE.
block() {
  awk -v h="$2" -v fence="\`\`\`$3" '
    $0 == h { seen = 1; next }
    seen && !inside && $0 == fence { inside = 1; next }
    inside && $0 == "```" { exit }
    inside { print }' "$1"
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
run() { # run NAME TEMPLATE-LANG PACKAGE FILE MARKDOWN HEADING FENCE
  local name=$1 lang=$2 package=$3 file=$4 markdown=$5 heading=$6 fence=$7 dir="$work/$1"
  dotnet new console -lang "$lang" -o "$dir" -n "$name" >/dev/null
  block "$root/$markdown" "$heading" "$fence" > "$dir/$file"
  if [ ! -s "$dir/$file" ]; then echo "$markdown has no $fence block under '$heading'"; status=1; return; fi
  (cd "$dir" && dotnet add package "$package" --version "$version" >/dev/null) || { echo "$name: dotnet add package $package failed"; status=1; return; }
  echo "== $markdown $fence block as $file of a new console app referencing the packed $package $version"
  if ! (cd "$dir" && dotnet run -c Release 2>&1); then echo "$name: FAILED"; status=1; fi
}
run readme-csharp "C#" AssociativeKernels Program.cs README.md "## From C#" csharp
run readme-fsharp "F#" AssociativeKernels.Core Program.fs README.md "## From F#" fsharp
run readme-theorems "C#" AssociativeKernels Program.cs README.md "### Theorems as checks, from C# and F#" csharp
run package-readme-csharp "C#" AssociativeKernels Program.cs packaging/README.md "## Quick start, C#" csharp
run package-readme-fsharp "F#" AssociativeKernels.Core Program.fs packaging/README.md "## Quick start, F#" fsharp

sample() { # sample FOLDER: samples/FOLDER, copied out of the repository, built and run against the packed packages
  local dir="$work/samples/$1" project
  mkdir -p "$work/samples" && cp -r "$root/samples/$1" "$dir" && rm -rf "$dir/bin" "$dir/obj"
  project=$(ls "$dir"/*.*proj)
  # The samples name the version as a user does; it must be the one just packed.
  local wrong
  wrong=$(grep -o 'Include="AssociativeKernels[^"]*" Version="[^"]*"' "$project" | grep -v "Version=\"$version\"" || true)
  if [ -n "$wrong" ]; then echo "samples/$1: references $wrong, but Directory.Build.props packs $version"; status=1; return; fi
  echo "== samples/$1 against the packed packages $version"
  if ! (cd "$dir" && dotnet run -c Release 2>&1); then echo "samples/$1: FAILED"; status=1; fi
}
sample CSharp
sample FSharp

# The tool, installed from the packed folder as the README's install line does (--tool-path instead of --global, so
# nothing outside the temporary folder changes), run from a folder that is not the repository.
echo "== akern installed with dotnet tool install from the packed AssociativeKernels.Cli $version"
if dotnet tool install AssociativeKernels.Cli --version "$version" --add-source "$work/packages" --tool-path "$work/tool" >/dev/null; then
  cd "$work"
  shown=$("$work/tool/akern" --version) || shown="(exit $?)"
  if [ "$shown" != "$version" ]; then echo "akern --version printed '$shown', not $version"; status=1; fi
  "$work/tool/akern" capacity --N 100 | head -5 || { echo "akern capacity --N 100: FAILED"; status=1; }
  line=$(echo '{"id":"vc-linear","params":{"N":100}}' | "$work/tool/akern" bound --batch -) || line="(exit $?)"
  echo "$line"
  case "$line" in *'"value":200,'*) ;; *) echo "akern bound --batch - did not answer vc-linear N = 100 with 200"; status=1 ;; esac
  cd "$root"
else
  echo "dotnet tool install AssociativeKernels.Cli: FAILED"; status=1
fi
exit $status
