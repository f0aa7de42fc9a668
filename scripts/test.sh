#!/usr/bin/env bash
# `npm test`: everything CI runs. Installs missing test tools (Chromium, xmllint), typechecks,
# lints (`npm run lint`: ESLint, then knip for unused files, exports and dependencies), builds the
# app the journey tests drive, then runs every vitest project.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-test-tools.sh
npx tsc --noEmit
npm run --silent lint
npm run --silent build > /dev/null
npx vitest run "$@"
