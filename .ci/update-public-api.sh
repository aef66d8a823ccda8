#!/usr/bin/env bash
# Rewrites the "Unshipped" public-API lists after an intended change of the public surface (then review the diff):
# Facade/PublicAPI.Unshipped.txt by the PublicApiAnalyzers code fix (RS0016), src/PublicAPI.Unshipped.txt by the
# core's PublicApiTests. Entries already in a Shipped file stay there.
set -euo pipefail
cd "$(dirname "$0")/.."
printf '#nullable enable\n' > Facade/PublicAPI.Unshipped.txt
dotnet format analyzers Facade/Facade.csproj --diagnostics RS0016 --severity warn
# The code fix writes a constant without its value; the analyzer wants "= value".
sed -i 's|^const AssociativeKernels.UniversalHopfieldOptions.AuthorsDivergenceSmoothing -> double$|const AssociativeKernels.UniversalHopfieldOptions.AuthorsDivergenceSmoothing = 0.0001 -> double|' Facade/PublicAPI.Unshipped.txt
AKERN_UPDATE_PUBLIC_API=1 dotnet test tests/Kernels.Core.Tests -c Release --filter PublicApi
dotnet build Facade/Facade.csproj -c Release -v q
