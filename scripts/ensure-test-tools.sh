#!/usr/bin/env bash
# Installs what the test suite needs from Debian when it is missing: Chromium for journey tests,
# xmllint (libxml2-utils) for validating the frab XML export, and Java for the Nu HTML Checker
# (npm vnu-jar), and ConfClerk with Xvfb, xdotool and sqlite3 for the frab reader test. Idempotent and quiet when
# everything is present, so `npm test` can call it every time.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v xmllint >/dev/null 2>&1 || missing+=(libxml2-utils)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
# ConfClerk (a real frab reader) under Xvfb, driven by xdotool, its database read with sqlite3.
command -v confclerk >/dev/null 2>&1 || missing+=(confclerk)
command -v xvfb-run >/dev/null 2>&1 || missing+=(xvfb xauth)
command -v xdotool >/dev/null 2>&1 || missing+=(xdotool)
command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing test tools from Debian: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" fonts-liberation >/dev/null
fi
