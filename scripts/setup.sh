#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine with Node 20 and npm: pnpm, the workspace
# dependencies, and (with --system) the Debian packages the tests drive. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.9

if [[ "${1:-}" == "--system" ]]; then
  missing=()
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
  command -v amtool >/dev/null 2>&1 || missing+=(prometheus-alertmanager)
  command -v shellcheck >/dev/null 2>&1 || missing+=(shellcheck)
  if ((${#missing[@]} > 0)); then
    echo "setup: installing Debian packages: ${missing[*]}"
    SUDO=""
    [[ "$(id -u)" != 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi

if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version)" != "$PNPM_VERSION" ]]; then
  echo "setup: installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" --silent
fi

pnpm install --frozen-lockfile --reporter=append-only
