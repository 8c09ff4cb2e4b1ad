#!/usr/bin/env bash
# Runs every check the project has: lint and format, type checks, builds (with size budgets), and every test
# suite. Installs what it needs first (pnpm, dependencies, Debian's chromium and redis-server when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --system
echo "== lint and format (biome)"
pnpm lint
echo "== type check"
pnpm typecheck
echo "== build"
pnpm build
echo "== size budgets (size-limit)"
pnpm size
echo "== tests"
pnpm test
