#!/usr/bin/env bash
# The package as a user gets it: `npm pack`, installed into an empty strict TypeScript project that
# pins its own rxjs (7.8.1) and has no @types/ws; its marble test must see the library's timers.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$repo" && npm pack --silent --pack-destination "$work" >/dev/null)
mkdir "$work/user"
cp "$repo/.ci/user-project/tsconfig.json" "$repo/.ci/user-project/user-pipeline.ts" "$work/user/"
cd "$work/user"
npm init -y >/dev/null
npm install --no-audit --no-fund --silent "$work"/rxmarket-*.tgz rxjs@7.8.1 typescript@~5.9.3 @types/node@^20
test ! -e node_modules/@types/ws || { echo "package-check: @types/ws was installed, the check would prove nothing"; exit 1; }
copies=$(find node_modules -path '*/rxjs/package.json' -not -path '*/node_modules/rxjs/*/package.json' | wc -l)
[ "$copies" -eq 1 ] || { echo "package-check: $copies copies of rxjs installed (expected 1)"; find node_modules -path '*/rxjs/package.json'; exit 1; }
npx tsc -p tsconfig.json
node out/user-pipeline.js
