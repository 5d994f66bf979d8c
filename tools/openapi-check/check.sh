#!/usr/bin/env bash
# The OpenAPI document of every active module (and MODULE_PATHS ones), through a validator and a type
# generator: Redocly's recommended rules must report 0 errors, and the generated types must compile
# under the project's own tsc --strict. Needs the project built and DATABASE_URL (or the embedded one).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

node "$root/dist/src/cli/main.js" openapi > "$out/openapi.json"
echo "openapi.json: $(wc -c < "$out/openapi.json") bytes"
"$here/node_modules/.bin/redocly" lint --extends=recommended --format=summary "$out/openapi.json"
"$here/node_modules/.bin/openapi-typescript" "$out/openapi.json" -o "$out/openapi.d.ts"
"$root/node_modules/.bin/tsc" --ignoreConfig --strict --noEmit "$out/openapi.d.ts"
echo "openapi-typescript types compile under tsc --strict"
