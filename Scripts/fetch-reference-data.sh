#!/usr/bin/env bash
# Fetches outside reference data for the ITCH tests. Optional: the test suite does not need network.
#
#   Scripts/fetch-reference-data.sh [DEST_DIR]
#
# - sample.itch50: a 590-byte ITCH 5.0 capture shipped inside PyPI's `meatpy` source distribution
#   (BSD-3-Clause). It is extracted into DEST_DIR (default Tests/MatchbookITCHTests/Resources) together with
#   meatpy's LICENSE as NOTICE-meatpy.txt.
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$repo_root/Tests/MatchbookITCHTests/Resources}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 -m pip download --no-deps --no-binary :all: --no-build-isolation -d "$work" meatpy >/dev/null 2>&1 \
    || python3 -m pip download --no-deps --no-binary :all: -d "$work" meatpy
sdist="$(ls "$work"/meatpy-*.tar.gz | head -n 1)"
mkdir -p "$work/x" "$dest"
tar -xzf "$sdist" -C "$work/x"
sample="$(find "$work/x" -name 'sample.itch50' | head -n 1)"
license="$(find "$work/x" -maxdepth 2 \( -name 'LICENSE*' -o -name 'COPYING*' \) | head -n 1)"
if [[ -z "$sample" ]]; then
    echo "error: sample.itch50 not found in $(basename "$sdist")" >&2
    exit 1
fi
cp "$sample" "$dest/sample.itch50"
if [[ -n "$license" ]]; then
    { echo "sample.itch50 comes from the meatpy source distribution ($(basename "$sdist")),"
      echo "https://pypi.org/project/meatpy/, under the license below."
      echo
      cat "$license"; } > "$dest/NOTICE-meatpy.txt"
fi
echo "wrote $dest/sample.itch50 ($(wc -c < "$dest/sample.itch50") bytes) from $(basename "$sdist")"
