#!/usr/bin/env bash
# Installs what the test suite needs from Debian when it is missing: Chromium for journey tests
# and xmllint (libxml2-utils) for validating the frab XML export. Idempotent and quiet when
# everything is present, so `npm test` can call it every time.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing test tools from Debian: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-liberation >/dev/null
fi
