#!/usr/bin/env bash
# Builds a release of the server into OUT: the compiled packages, the dashboard's files and
# their production dependencies only (no TypeScript, no Vite, no test tools), ready to run
# with `node packages/server/bin/switchyard.js serve` and nothing built at start. The
# Dockerfile runs exactly this; so does packages/server/test/build-release.slow.test.ts, outside Docker.
#
#   scripts/build-release.sh OUT
set -euo pipefail
out=${1:?usage: scripts/build-release.sh OUT}
src=$(cd "$(dirname "$0")/.." && pwd)
cd "$src"

# A fresh checkout (as in the image) has no dependencies yet; a working tree already has them.
[ -d node_modules ] || npm ci --no-audit --no-fund
node scripts/build-if-stale.mjs

mkdir -p "$out"
out=$(cd "$out" && pwd)
# The lock file is kept as it is, so the install below is the one tested here; npm ci needs
# every workspace's package.json to match it, even those the server does not run.
cp package-lock.json "$out/"
node -e '
  const fs = require("node:fs");
  const root = JSON.parse(fs.readFileSync("package.json", "utf8"));
  delete root.scripts; // no prepare (tsc) on install
  fs.writeFileSync(process.argv[1] + "/package.json", JSON.stringify(root, null, 2) + "\n");
' "$out"
for dir in packages/*/; do
  name=$(basename "$dir")
  mkdir -p "$out/packages/$name"
  cp "$dir/package.json" "$out/packages/$name/"
  case "$name" in
    dashboard) mkdir -p "$out/packages/dashboard/dist" && cp -R "$dir/dist/web" "$out/packages/dashboard/dist/" ;;
    server) cp -R "$dir/dist" "$dir/bin" "$out/packages/server/" ;;
    node-sdk | openfeature-provider) ;; # libraries for applications, not part of the server
    *) cp -R "$dir/dist" "$out/packages/$name/" ;;
  esac
done
# Source maps and declarations are for development; the release does not ship them.
find "$out/packages" \( -name '*.map' -o -name '*.d.ts' -o -name '*.tsbuildinfo' \) -delete

cd "$out"
npm ci --omit=dev --no-audit --no-fund --prefer-offline
echo "build-release: ready in $out (node packages/server/bin/switchyard.js serve)"
