#!/usr/bin/env bash
# Quick start: installs, builds and starts the server on the simulated market at http://localhost:5001.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
pnpm build
export PORT="${PORT:-5001}"
exec pnpm --filter @cbmo4ers/server start
