#!/usr/bin/env bash
# Builds the API reference, docs/_site/index.html, with docfx (a local tool: .config/dotnet-tools.json).
#
#   bash docs/build.sh
#
# 1. Builds the facade (and so the core) in Release and copies both assemblies with their XML docs to docs/obj/.
#    The reference is read from the compiled assemblies: docfx reads C# sources only, and the core is F#.
# 2. docfx metadata: one page per public type of AssociativeKernels.Core (F# core) and AssociativeKernels (C# facade).
#    Its warnings fail the build: e.g. an F# <see cref="name"/> (the F# compiler passes crefs through unchecked).
# 3. Writes the article pages into docs/obj/pages/ from README.md itself (so they cannot drift from it): the
#    overview, the quick start (the README's "From C#" and "From F#" blocks), the id table (K/C/M from the README's
#    tables, each name linked to its API page; T from the README and the test files; E from Cli/Reproduce; and
#    every API member whose doc comment names an id) and the figure gallery (docs/figures/*.png).
# 4. docfx build with --warningsAsErrors: an unknown xref or a broken file link in the pages fails the build;
#    then every cross-reference in the doc comments (<see cref>) is checked against the generated API, and one
#    that names nothing fails the build as well.
# Exit status 0 only if all of that held. Output: docs/_site/ (not committed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
obj=docs/obj
pages=$obj/pages
# The two output folders are this script's own: each holds the marker .akern-docs-build it wrote. A folder of that
# name without the marker is someone else's, so the build stops rather than delete it.
for out in "$obj" docs/_site; do
  if [ -e "$out" ] && [ ! -e "$out/.akern-docs-build" ]; then
    echo "error: $out exists and was not made by docs/build.sh (no $out/.akern-docs-build); move it away first" >&2
    exit 2
  fi
  rm -rf "$out"
done
mkdir -p "$obj/assemblies/refs" "$pages"
mkdir -p docs/_site
touch "$obj/.akern-docs-build" docs/_site/.akern-docs-build

dotnet tool restore > "$obj/tool-restore.log" 2>&1 || { cat "$obj/tool-restore.log"; exit 1; }

# --- 1. the assemblies -------------------------------------------------------------------------------------------
echo "== building Facade (Release)"
dotnet build Facade/Facade.csproj -c Release -v q -nologo -clp:ErrorsOnly
dotnet msbuild Facade/Facade.csproj -p:Configuration=Release -t:ResolveAssemblyReferences \
  -getProperty:TargetDir -getItem:ReferencePath > "$obj/references.json"
bindir=$(sed -n 's/^ *"TargetDir": "\(.*\)",\{0,1\}$/\1/p' "$obj/references.json" | head -1)
for f in Kernels.Core AssociativeKernels; do
  cp "$bindir/$f.dll" "$bindir/$f.xml" "$obj/assemblies/"
done
# A cref the compiler could not resolve is written as "!:name" (the C# build already refuses one; F# does not).
if grep -n 'cref="!:' "$obj/assemblies/"*.xml >&2; then
  echo "error: unresolved cref in the XML doc comments (above)" >&2; exit 1
fi
# Package assemblies the two reference (FSharp.Core, MathNet.Numerics), so their types resolve; not the framework's.
sed -n 's/^ *"FullPath": "\(.*\.dll\)",\{0,1\}$/\1/p' "$obj/references.json" | grep -v '/packs/' \
  | grep -v '/Kernels.Core.dll$' | while read -r dll; do cp "$dll" "$obj/assemblies/refs/"; done

# --- 2. API metadata ---------------------------------------------------------------------------------------------
echo "== docfx metadata"
dotnet docfx metadata docs/docfx.json --warningsAsErrors > "$obj/metadata.log" 2>&1 || { cat "$obj/metadata.log"; exit 1; }
for ns in AssociativeKernels AssociativeKernels.Core; do
  [ -f "$obj/api/$ns.yml" ] || { echo "error: namespace $ns missing from the API metadata" >&2; exit 1; }
done

# Every uid docfx generated (types, members, and overload groups "Type.Method*"), one a line.
grep -h -E '^(- uid|  overload): ' "$obj/api"/*.yml | sed -E 's/^(- uid|  overload): //' | sort -u > "$obj/uids.txt"

# --- 3. pages from README.md -------------------------------------------------------------------------------------
readme=README.md
# section HEADING: the README lines from that exact heading line up to the next heading of the same or higher level.
# A heading the README no longer has fails the build (the page would be empty).
section() {
  local text
  text=$(awk -v h="$1" '
    BEGIN { n = index(h, " ") - 1 }
    $0 == h { on = 1; print; next }
    on && /^#+ / { m = index($0, " ") - 1; if (m <= n) exit }
    on { print }' "$readme")
  [ -n "$text" ] || { echo "error: README.md has no heading \"$1\" (docs/build.sh reads it)" >&2; return 1; }
  printf '%s\n' "$text"
}
# first_table: the first Markdown table of its input (none fails the build).
first_table() { awk 'done { next } /^\|/ { on = 1; print; next } on { done = 1 } END { exit !on }'; }
# link_names NS...: each `Name` or `Name.member` in a table cell becomes a link to its API page when one of the
# namespaces (tried in order; in a table's column 4 the C# facade first) has it; `.member` continues the previous
# name of the cell. Names that are not API members (registry ids such as `dam-*`) stay code.
link_names() {
  awk -v uidfile="$obj/uids.txt" '
    BEGIN { while ((getline u < uidfile) > 0) uid[tolower(u)] = u }
    function find(name, col,   nss, i, k, parts, np, cand, t, mem) {
      nss = (col == 4) ? "AssociativeKernels AssociativeKernels.Core" : "AssociativeKernels.Core AssociativeKernels"
      k = split(nss, ns, " ")
      for (i = 1; i <= k; i++) {
        cand = tolower(ns[i] "." name)
        if (cand in uid) return uid[cand]
        if ((cand "*") in uid) return uid[cand "*"]
        if ((cand "module") in uid) return uid[cand "module"]
        np = split(name, parts, ".")
        if (np == 2) {
          t = tolower(ns[i] "." parts[1] "module." parts[2] "*")
          if (t in uid) return uid[t]
        }
      }
      return ""
    }
    !/^\|/ { print; next }
    /^\|---/ { print; next }
    {
      ncell = split($0, cell, "|"); line = ""
      for (c = 1; c <= ncell; c++) {
        s = cell[c]; out = ""; last = ""
        while (match(s, /`[^`]+`/)) {
          name = substr(s, RSTART + 1, RLENGTH - 2)
          full = (substr(name, 1, 1) == "." && last != "") ? last name : name
          if (full ~ /^[A-Za-z][A-Za-z0-9]*\.\*$/) full = substr(full, 1, length(full) - 2)   # `FeatureMap.*`
          u = (full ~ /^[A-Za-z][A-Za-z0-9.]*$/) ? find(full, c - 1) : ""
          if (u != "") { repl = "[`" name "`](xref:" u ")"; split(full, p, "."); last = p[1] }
          else repl = "`" name "`"
          out = out substr(s, 1, RSTART - 1) repl
          s = substr(s, RSTART + RLENGTH)
        }
        line = line out s (c < ncell ? "|" : "")
      }
      print line
    }'
}

{
  echo "# AssociativeKernels"
  echo
  awk 'NR > 1 && /^## /{ exit } NR > 1 { print }' "$readme" | sed -e 's/see the gallery$/see the [gallery](gallery.md),/' -e 's/^below, each plot/each plot/'
  cat <<'EOF'
## This site

- [Quick start](quickstart.md): a complete C# program and an F# one.
- [Ids](ids.md): each SPEC id (K kernels, C capacity formulas, M memory models, T theorems, E figures) and what
  implements it.
- [Gallery](gallery.md): the papers' figures, reproduced by `akern reproduce`.
- API reference: <xref:AssociativeKernels> (the C# facade, assembly `AssociativeKernels`) and
  <xref:AssociativeKernels.Core> (the F# core, assembly `Kernels.Core`; its modules appear as static classes,
  its functions under their compiled names, e.g. `Kernel.linear` as `Kernel.Linear`).

Built from the repository's README.md and the XML doc comments by `bash docs/build.sh`.
EOF
} > "$pages/index.md"

{
  echo "# Quick start"
  echo
  echo "Install the packages from NuGet: \`AssociativeKernels\` (C#, it brings the core) or \`AssociativeKernels.Core\` (F#)."
  echo "Both programs below are the README's, compiled and run by CI against the packed packages."
  echo
  section "## From C#"
  section "## From F#"
} > "$pages/quickstart.md"

{
  cat <<'EOF'
# Ids: what implements each SPEC id

The ids are those of the specification: K kernels, C capacity closed forms, M memory models, T theorems, E
figures. The K, C and M tables are the README's; each name is linked to its API page.

## Kernels and capacity formulas (K, C)

F# names are the core's (`AssociativeKernels.Core`); `dam-*`, `vc-*`, … are the registry ids that
`CapacityBounds.Evaluate` and `akern bound` take. The C# facade's `Kernels` and `CapacityBounds` call them.

EOF
  section "## What is in it" | first_table | link_names
  echo
  echo "## Memory models (M)"
  echo
  section "### Memory models" | first_table | link_names
  echo
  echo "## Theorems (T)"
  echo
  echo "The theorems are checked as properties named after them, each over at least 100 generated cases unless the"
  echo "test says why fewer."
  echo
  echo "| id | theorem | test files naming it |"
  echo "|---|---|---|"
  section "## Tests" | tr '\n' ' ' | grep -o '(T1 [^)]*\(([^)]*)[^)]*\)*)' | sed -E 's/^\(//; s/\)$//; s/, (T[0-9]+ )/\n\1/g' \
    | while read -r id what; do
        files=$(grep -lw "$id" tests/*/*.fs tests/*/*.cs | xargs -r -n1 basename | sed 's/.*/`&`/' | paste -sd ' ' - | sed 's/ /, /g')
        echo "| $id | $what | ${files:-} |"
      done
  echo
  echo "## Figures (E)"
  echo
  echo "\`akern reproduce NAME\` runs a figure; see the [gallery](gallery.md)."
  echo
  echo "| id | \`akern reproduce\` name | source |"
  echo "|---|---|---|"
  for f in Cli/Reproduce/Figures/*.cs; do
    spec=$(sed -n 's/.*string Spec => "\(E[0-9]*\)";.*/\1/p' "$f")
    id=$(sed -n 's/.*string Id => "\([^"]*\)";.*/\1/p' "$f")
    [ -n "$spec" ] && echo "| $spec | \`$id\` | \`$f\` |"
  done | sort -t'|' -k2,2V
  echo
  cat <<'EOF'
## Every API member whose doc comment names an id

Generated from the XML docs of both assemblies (ranges such as "K1–K8" are left out).

| id | API members |
|---|---|
EOF
  for xml in "$obj/assemblies/Kernels.Core.xml" "$obj/assemblies/AssociativeKernels.xml"; do
    awk '
      /<member name="/ { m = $0; sub(/.*<member name="/, "", m); sub(/".*/, "", m); next }
      m != "" {
        s = " " $0 " "
        while (match(s, /[^A-Za-z0-9–][KCMTE][0-9][0-9]?[^A-Za-z0-9–]/)) {
          id = substr(s, RSTART + 1, RLENGTH - 2); print id "\t" m
          s = substr(s, RSTART + RLENGTH - 1)
        }
      }
      /<\/member>/ { m = "" }' "$xml"
  done | sort -u | awk -F'\t' -v uidfile="$obj/uids.txt" '
    BEGIN { while ((getline u < uidfile) > 0) known[u] = 1 }
    {
      id = $1; m = $2; kind = substr(m, 1, 1); u = substr(m, 3)
      if (kind == "M") { sub(/\(.*/, "", u); sub(/``[0-9]+$/, "", u); u = u "*" }
      if (!(u in known)) next                                # not part of the public reference
      if (seen[id, u]++) next
      n = split(u, parts, "."); short = parts[n - 1] "." parts[n]; sub(/\*$/, "", short)
      if (kind == "T") short = parts[n]
      sub(/\.#ctor$/, " constructor", short)
      target = u; gsub(/#/, "%23", target)
      links[id] = links[id] (links[id] == "" ? "" : ", ") "[" short "](xref:" target ")"
      if (!(id in order)) { order[id] = 1; ids[++k] = id }
    }
    END {
      for (i = 1; i <= k; i++) print ids[i] "\t" links[ids[i]]
    }' | sort -t$'\t' -k1,1V | awk -F'\t' '{ print "| " $1 " | " $2 " |" }'
} > "$pages/ids.md"

# The README's gallery table, one figure a section (the image full width, then the README's text), and after it
# every file in docs/figures/, so a figure the table does not show still appears.
{
  section "## Gallery: the papers' figures, reproduced" | sed -e 's/^## /# /' -e 's#](docs/figures/#](../../figures/#g' \
    | awk '
        /^\| *\| *\| *$/ || /^\|---/ { next }
        /^\| !\[/ {
          line = $0; sub(/^\| /, "", line); img = line; sub(/\) \| .*/, ")", img); text = line; sub(/^[^|]*\| /, "", text)
          sub(/ \|$/, "", text); title = text; sub(/ — .*/, "", title); gsub(/\*\*/, "", title)
          if (index(text, " — ")) text = substr(text, index(text, " — ") + length(" — "))
          print "## " title; print ""; print img; print ""; print text; print ""; next
        }
        { print }'
  echo "## Every figure file"
  echo
  echo "Each PNG in \`docs/figures/\`, including the extra panels linked above."
  echo
  for f in docs/figures/*.png; do
    n=$(basename "$f" .png)
    echo "- [\`$n\`](../../figures/$n.png)"
  done
} > "$pages/gallery.md"

cat > "$pages/toc.yml" <<'EOF'
- name: Overview
  href: index.md
- name: Quick start
  href: quickstart.md
- name: Ids
  href: ids.md
- name: Gallery
  href: gallery.md
- name: API reference
  href: ../api/
EOF

# --- 4. the site ------------------------------------------------------------------------------------------------
echo "== docfx build"
if ! dotnet docfx build docs/docfx.json --warningsAsErrors > "$obj/build.log" 2>&1; then
  grep -E 'warning|error' "$obj/build.log" >&2 || cat "$obj/build.log" >&2
  echo "error: docfx build failed (warnings count as errors; log: $obj/build.log)" >&2
  exit 1
fi
# The doc comments' cross-references (<see cref>, <seealso>) become <xref href="UID"> in the metadata; docfx
# renders one it cannot resolve as plain text without a warning, so check each here. System.* and Microsoft.*
# link to the .NET reference; FSharp.Core's have no pages and stay text.
broken=$(grep -o '<xref href="[^"]*"' "$obj/api"/*.yml | sed -E 's/^([^:]*):<xref href="([^"]*)"/\2\t\1/' \
  | sed -e 's/%5[bB]/[/g; s/%5[dD]/]/g; s/%3[aA]/:/g; s/%2[cC]/,/g; s/%7[bB]/{/g; s/%7[dD]/}/g; s/%60/`/g' \
        -e 's/%40/@/g; s/%2[aA]/*/g; s/%26/\&/g; s/%23/#/g; s/%25/%/g' \
  | grep -v -E '^(System|Microsoft|Microsoft\.FSharp)\.' | sort -u \
  | awk -F'\t' -v uidfile="$obj/uids.txt" 'BEGIN { while ((getline u < uidfile) > 0) known[u] = 1 } !($1 in known)')
if [ -n "$broken" ]; then
  echo "error: broken cross-references in the XML doc comments (uid, metadata file):" >&2
  echo "$broken" >&2
  exit 1
fi
types=$(grep -c -E "type: (Class|Struct|Interface|Enum|Delegate)$" "$obj/api/toc.yml" || true)
touch docs/_site/.akern-docs-build
echo "docs: $(ls docs/_site/api/*.html | wc -l) API pages ($types types in 2 namespaces), 4 articles -> docs/_site/index.html"
