#!/usr/bin/env bash
# Starts the demo federation (ukraine :8700, luhanska :8701, volynska :8702, novopskovskyi :8703) from a clone.
# Usage: infra/local-federation.sh [DATA_DIR]   (default data/demo; a second start reuses the data)
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --import tsx apps/cli/src/main.ts demo --data "${1:-data/demo}"
