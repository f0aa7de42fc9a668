#!/usr/bin/env bash
# `npm test`: everything CI runs. Installs missing test tools (Chromium, xmllint, Java, ConfClerk
# and Xvfb), then typechecks, lints (`npm run lint`: ESLint, then knip for unused files, exports
# and dependencies) and builds the app the journey tests drive, those three side by side (each is
# mostly one core, and the machine has two), then runs every vitest project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-test-tools.sh

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
npx tsc --noEmit > "$logs/typecheck" 2>&1 & typecheck=$!
npm run --silent lint > "$logs/lint" 2>&1 & lint=$!
npm run --silent build > "$logs/build" 2>&1 & build=$!
failed=0
for step in typecheck lint build; do
  if ! wait "${!step}"; then
    echo "npm test: $step failed:" >&2
    cat "$logs/$step" >&2
    failed=1
  fi
done
[ "$failed" -eq 0 ] || exit 1

npx vitest run "$@"
