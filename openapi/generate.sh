#!/usr/bin/env bash
# Regenerates Sources/SantunanServer/Generated from openapi/santunan.yaml with swift-openapi-generator 1.14.3 and
# stamps each file with the document's SHA-256 (OpenAPIDriftTests fails when the two drift apart).
#
# The generator is built outside the repository (default /work/tools/swift-openapi-generator; set GENERATOR_DIR),
# so neither CI nor `swift build` builds it: run this script by hand after changing the document, and commit both.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
dir="${GENERATOR_DIR:-/work/tools/swift-openapi-generator}"
if [ ! -x "$dir/.build/debug/swift-openapi-generator" ]; then
    [ -d "$dir" ] || git clone -q --branch 1.14.3 https://github.com/apple/swift-openapi-generator "$dir"
    (cd "$dir" && swift build --product swift-openapi-generator)
fi
out="$repo/Sources/SantunanServer/Generated"
"$dir/.build/debug/swift-openapi-generator" generate "$repo/openapi/santunan.yaml" \
    --config "$repo/openapi/openapi-generator-config.yaml" --output-directory "$out"
sum="$(sha256sum "$repo/openapi/santunan.yaml" | cut -d' ' -f1)"
for file in "$out"/*.swift; do
    { echo "// Generated from openapi/santunan.yaml sha256:$sum by openapi/generate.sh; do not edit."; cat "$file"; } \
        > "$file.tmp" && mv "$file.tmp" "$file"
done
echo "generated $(ls "$out"/*.swift | wc -l) files for sha256:$sum"
