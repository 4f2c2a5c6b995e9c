#!/usr/bin/env bash
# Installs what the playground browser test (server/playground_test.go)
# needs: Debian's Chromium (no browser download) and playwright-core, pinned
# in package-lock.json. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x /usr/bin/chromium ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update
  $sudo apt-get install -y chromium
fi
command -v node >/dev/null || { echo "install.sh: node (20 or later) is needed" >&2; exit 1; }
npm ci --no-audit --no-fund
