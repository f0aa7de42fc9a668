#!/usr/bin/env bash
# `npm test`: everything CI runs. Installs missing test tools (Chromium, xmllint), typechecks,
# builds the app the journey tests drive, then runs every vitest project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-test-tools.sh
npx tsc --noEmit
npm run --silent build > /dev/null
npx vitest run "$@"
